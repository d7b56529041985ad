"""Inline mode: `@bot maritime` in any chat offers matching briefings to post."""

from __future__ import annotations

import asyncio
import hashlib
import html
from functools import cache

from telegram import (
    InlineQueryResult,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)

from bot.context import BotServices, BriefContext
from bot.domain.briefings import NotFoundView, UsageView, answer
from bot.domain.commands import parse_command
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.text import scrub
from bot.render import TELEGRAM_LIMIT, Renderer, render_html, render_text

DESCRIPTION_LENGTH = 120
CACHE_SECONDS = 60
MORE_ROOM = 200  # characters kept free for the "more" line


@cache
def inline_renderer() -> Renderer:
    """Leaves room under Telegram's limit for the "continued" line of a long briefing."""
    return Renderer(limit=TELEGRAM_LIMIT - MORE_ROOM)


def _more(command: str, username: str) -> str:
    """Where the rest of a briefing too long for one inline message is."""
    return f"\n\n<i>… more: send {html.escape(command)} to @{html.escape(username)}</i>"


def inline_results(services: BotServices, words: str, username: str) -> list[InlineQueryResult]:
    """Up to one ready-to-send result per kind of briefing the words match."""
    corpus = services.store.corpus()
    results: list[InlineQueryResult] = []
    # Words go to the inline commands that take them; no words, to those that need none.
    offered = [c for c in CATALOGUE.inline() if c.needs_args == bool(words)]
    commands = [f"/{c.name} {words}".strip() for c in offered]
    for text in commands:
        command = parse_command(text)
        if command is None:
            continue
        view = answer(corpus, services.reference, command)
        if isinstance(view, NotFoundView | UsageView):
            continue
        parts = render_html(view, inline_renderer())
        first = parts[0] if len(parts) == 1 else parts[0] + _more(text, username)
        plain = render_text(view)
        title, _, rest = plain.partition("\n")
        results.append(
            InlineQueryResultArticle(
                id=hashlib.sha1(text.encode()).hexdigest()[:32],
                title=title[:100] or text,
                description=" ".join(rest.split())[:DESCRIPTION_LENGTH],
                input_message_content=InputTextMessageContent(first),
            )
        )
    return results


async def on_inline_query(update: Update, context: BriefContext) -> None:
    """Answer "@bot words" with matching briefings, computed off the event loop."""
    inline = update.inline_query
    if inline is None:
        return
    words = scrub(inline.query).strip()
    results = await asyncio.to_thread(inline_results, context.services, words, context.bot.username)
    await inline.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
