"""/export: the facts behind the chat's last briefing (or a named one) as CSV and JSON files."""

from __future__ import annotations

import asyncio
import html
import io
import re
from typing import Any

from telegram import Chat, InputFile, Update
from telegram.ext import filters

from bot.context import BriefContext
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.fact_export import (
    EXPORTABLE,
    FactExport,
    briefing_dialogues,
    build_export,
    command_text,
    exportable,
    summary_line,
    to_csv,
    to_json,
)
from bot.handlers.briefings import DOCUMENT_CAPTION_LIMIT, send_briefing
from bot.handlers.replies import send_messages, thread_of

LAST_BRIEFING = "last_briefing"  # chat_data key: the chat's last exportable command, as text
SUFFIX = "export"
NOTHING_YET = (
    "Nothing to export yet: ask for a briefing first (e.g. /topic maritime), then send /export."
    " Or write it in one go: /topic maritime export."
)
NO_DIALOGUES = "{command} covers no dialogues, so there is nothing to export."

# "/topic maritime export": a briefing command whose last word is "export".
SUFFIX_FILTER = (
    ~filters.IS_AUTOMATIC_FORWARD
    & (filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS)
    & filters.Regex(
        re.compile(rf"^/({'|'.join(sorted(EXPORTABLE))})(@\w+)?\s+(.*\s)?{SUFFIX}\s*$", re.I)
    )
)
# Every command, seen before any handler answers it, so /export knows the last briefing.
SEEN_COMMANDS = filters.COMMAND & ~filters.IS_AUTOMATIC_FORWARD


# Without arguments these are usage answers: "/search export" searches for the word.
NEEDS_ARGS = frozenset({"topic", "person", "position", "search", "source", "dialogue"})


def _without_suffix(command: ParsedCommand) -> ParsedCommand | None:
    """The briefing command in "/topic maritime export", or None when it has no such suffix."""
    if not command.terms or command.terms[-1].lower() != SUFFIX:
        return None
    raw = re.sub(rf"\s*\b{SUFFIX}\s*$", "", command.raw_args, flags=re.I)
    briefing = parse_command(f"/{command.name} {raw}")
    if briefing is None or (briefing.name in NEEDS_ARGS and not briefing.args):
        return None
    return briefing


def remember(chat_data: dict[Any, Any] | None, command: ParsedCommand) -> None:
    """Keep the chat's last exportable briefing command, for a later /export."""
    if chat_data is None:
        return
    briefing = _without_suffix(command) or command
    if exportable(briefing):
        chat_data[LAST_BRIEFING] = command_text(briefing)


async def on_any_command(update: Update, context: BriefContext) -> None:
    """Note a briefing command (typed or from a button); answering it is for other handlers."""
    if update.callback_query is not None:
        text = update.callback_query.data or ""
    else:
        message = update.effective_message
        text = (message.text or "") if message else ""
    command = parse_command(text, context.bot.username)
    if command is not None:
        remember(context.chat_data, command)


def _files(export: FactExport) -> tuple[InputFile, InputFile]:
    return (
        InputFile(io.BytesIO(to_csv(export)), filename=f"{export.stem}.csv"),
        InputFile(io.BytesIO(to_json(export)), filename=f"{export.stem}.json"),
    )


async def send_export(
    context: BriefContext, chat: Chat, command: ParsedCommand, *, thread_id: int | None = None
) -> None:
    """The CSV and JSON of a briefing's facts; the briefing itself when it covers nothing."""
    services = context.services
    corpus = services.store.corpus()
    covered = await asyncio.to_thread(briefing_dialogues, corpus, services.reference, command)
    if covered.dialogues is None:
        # A typo or a list briefing: show what the command gives, with its suggestions.
        await send_briefing(context, chat, command, thread_id=thread_id)
        return
    if not covered.dialogues:
        text = NO_DIALOGUES.format(command=covered.command)
        await send_messages(context.bot, chat.id, [html.escape(text)], thread_id=thread_id)
        return
    export = await asyncio.to_thread(
        build_export, corpus, services.reference, covered.command, covered.dialogues
    )
    csv_file, json_file = _files(export)
    await context.bot.send_document(
        chat.id,
        csv_file,
        caption=summary_line(export)[:DOCUMENT_CAPTION_LIMIT],
        message_thread_id=thread_id,
    )
    await context.bot.send_document(
        chat.id,
        json_file,
        caption=f"The same {len(export.rows)} rows as JSON.",
        message_thread_id=thread_id,
    )


def _asked_for(command: ParsedCommand, chat_data: dict[Any, Any] | None) -> ParsedCommand | None:
    """The briefing /export means: its arguments ("/export /topic maritime"), else the last one."""
    if command.raw_args:
        return parse_command(f"/{command.raw_args.lstrip('/')}")
    last = chat_data.get(LAST_BRIEFING) if chat_data is not None else None
    return parse_command(last) if isinstance(last, str) else None


async def on_export(update: Update, context: BriefContext) -> None:
    """/export [command]: the facts of that briefing, or of the chat's last one."""
    message = update.effective_message
    command = parse_command(message.text or "", context.bot.username) if message else None
    if message is None or command is None:
        return
    wanted = _asked_for(command, context.chat_data)
    thread_id = thread_of(message)
    if wanted is None or not exportable(wanted):
        await send_messages(
            context.bot, message.chat.id, [html.escape(NOTHING_YET)], thread_id=thread_id
        )
        return
    await send_export(context, message.chat, wanted, thread_id=thread_id)


async def on_export_suffix(update: Update, context: BriefContext) -> None:
    """ "/topic maritime export": the files for that briefing."""
    message = update.effective_message
    command = parse_command(message.text or "", context.bot.username) if message else None
    if message is None or command is None:
        return
    wanted = _without_suffix(command)
    if wanted is None:  # "/search export": the word itself is searched for
        await send_briefing(context, message.chat, command, thread_id=thread_of(message))
        return
    await send_export(context, message.chat, wanted, thread_id=thread_of(message))
