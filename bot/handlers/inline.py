"""Inline mode: `@bot maritime` in any chat offers matching briefings to post."""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.context import BriefContext
from bot.domain.briefings import NotFoundView, UsageView, answer
from bot.domain.commands import parse_command
from bot.render import render_html, render_text

INLINE_KINDS = ("topic", "person", "position", "search")
DESCRIPTION_LENGTH = 120
CACHE_SECONDS = 60


async def on_inline_query(update: Update, context: BriefContext) -> None:
    """Up to one result per kind of briefing the words match, each a ready-to-send message."""
    inline = update.inline_query
    if inline is None:
        return
    words = inline.query.strip()
    services = context.services
    corpus = services.store.corpus()
    results = []
    commands = [f"/{kind} {words}" for kind in INLINE_KINDS] if words else ["/latest"]
    for text in commands:
        command = parse_command(text)
        if command is None:
            continue
        view = answer(corpus, services.reference, command)
        if isinstance(view, NotFoundView | UsageView):
            continue
        first = render_html(view)[0]
        plain = render_text(view)
        title, _, rest = plain.partition("\n")
        results.append(
            InlineQueryResultArticle(
                id=hashlib.sha1(text.encode()).hexdigest()[:32],
                title=title[:100] or text,
                description=" ".join(rest.split())[:DESCRIPTION_LENGTH],
                input_message_content=InputTextMessageContent(first, parse_mode=ParseMode.HTML),
            )
        )
    await inline.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
