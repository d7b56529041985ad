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
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.fact_export import (
    EXPORTABLE,
    FactExport,
    NoExport,
    export_briefing,
    exportable,
    summary_line,
    to_csv,
    to_json,
    whole_briefing_text,
)
from bot.handlers.briefings import DOCUMENT_CAPTION_LIMIT, send_briefing
from bot.sending import send_messages, thread_of

# chat_data key: {forum topic id or None: the last exportable command there, as text}
LAST_BRIEFING = "last_briefing"
SUFFIX = "export"
NOTHING_YET = (
    "Nothing to export yet: ask for a briefing first (e.g. /topic maritime), then send /export."
    " Or write it in one go: /topic maritime export."
)

# "/topic maritime export": a briefing command whose last word is "export".
SUFFIX_FILTER = (
    ~filters.IS_AUTOMATIC_FORWARD
    & (filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS)
    & filters.Regex(
        re.compile(rf"^/({'|'.join(sorted(EXPORTABLE))})(@\w+)?\s+(.*\s)?{SUFFIX}\s*$", re.I)
    )
)
# Every command /export can follow, seen before any handler answers it, so /export knows the
# last briefing.
SEEN_COMMANDS = ~filters.IS_AUTOMATIC_FORWARD & filters.Regex(
    re.compile(rf"^/({'|'.join(sorted(EXPORTABLE))})(@\w+)?(\s|$)", re.I)
)


def _without_suffix(command: ParsedCommand) -> ParsedCommand | None:
    """The briefing command in "/topic maritime export", or None when it has no such suffix."""
    if not command.terms or command.terms[-1].lower() != SUFFIX:
        return None
    raw = re.sub(rf"\s*\b{SUFFIX}\s*$", "", command.raw_args, flags=re.I)
    briefing = parse_command(f"/{command.name} {raw}")
    declared = CATALOGUE.get(briefing.name) if briefing else None
    # Without arguments these are usage answers: "/search export" searches for the word.
    if briefing is None or declared is None or (declared.needs_args and not briefing.args):
        return None
    return briefing


def remember(
    chat_data: dict[Any, Any] | None, thread_id: int | None, command: ParsedCommand
) -> None:
    """Keep the last exportable briefing command of a chat (or forum topic), for /export."""
    if chat_data is None:
        return
    briefing = _without_suffix(command) or command
    if exportable(briefing):
        chat_data.setdefault(LAST_BRIEFING, {})[thread_id] = whole_briefing_text(briefing)


async def on_any_command(update: Update, context: BriefContext) -> None:
    """Note a briefing command (typed or from a button); answering it is for other handlers."""
    query = update.callback_query
    if query is not None:
        text, where = query.data or "", query.message
    else:
        message = update.effective_message
        text, where = (message.text or "") if message else "", message
    command = parse_command(text, context.bot.username)
    if command is not None:
        remember(context.chat_data, thread_of(where), command)


def _caption(text: str) -> str:
    """`text` escaped for the HTML parse mode, cut whole characters to the caption limit."""
    # Search words and outlet names may hold "&" or "<"; an entity is never cut in half.
    kept, size = [], 0
    for char in text:
        escaped = html.escape(char, quote=False)
        if size + len(escaped) > DOCUMENT_CAPTION_LIMIT:
            break
        kept.append(escaped)
        size += len(escaped)
    return "".join(kept)


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

    def prepare() -> tuple[FactExport, InputFile, InputFile] | NoExport:
        export = export_briefing(services.store.corpus(), services.reference, command)
        return export if isinstance(export, NoExport) else (export, *_files(export))

    # The store may wait on another process's lock or re-read its parts: never on the loop.
    prepared = await asyncio.to_thread(prepare)
    if isinstance(prepared, NoExport):
        if prepared.view is not None:
            # A typo or a list briefing: show what the command gives, with its suggestions.
            await send_briefing(context, chat, command, thread_id=thread_id)
        else:
            text = html.escape(prepared.reason)
            await send_messages(context.bot, chat.id, [text], thread_id=thread_id)
        return
    export, csv_file, json_file = prepared
    await context.bot.send_document(
        chat.id,
        csv_file,
        caption=_caption(summary_line(export)),
        message_thread_id=thread_id,
    )
    await context.bot.send_document(
        chat.id,
        json_file,
        caption=f"The same {len(export.rows)} rows as JSON.",
        message_thread_id=thread_id,
    )


def _asked_for(
    command: ParsedCommand, chat_data: dict[Any, Any] | None, thread_id: int | None
) -> ParsedCommand | None:
    """The briefing /export means: its arguments ("/export /topic maritime"), else the last one."""
    if command.raw_args:
        return parse_command(f"/{command.raw_args.lstrip('/')}")
    last = (chat_data or {}).get(LAST_BRIEFING, {}).get(thread_id)
    return parse_command(last) if isinstance(last, str) else None


async def on_export(update: Update, context: BriefContext) -> None:
    """/export [command]: the facts of that briefing, or of the chat's last one."""
    message = update.effective_message
    command = parse_command(message.text or "", context.bot.username) if message else None
    if message is None or command is None:
        return
    thread_id = thread_of(message)
    wanted = _asked_for(command, context.chat_data, thread_id)
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
