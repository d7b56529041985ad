"""Button presses: the callback data is a command, answered in the same chat.

A button that shows the same briefing in another size or at another page ("More", "Less",
"Next page") edits the message it sits under; any other button sends a new message.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot.context import BotServices, BriefContext
from bot.domain.briefings import View, answer
from bot.domain.briefings.variants import edits_in_place
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.text import scrub
from bot.handlers.briefings import send_briefing
from bot.keyboards import briefing_keyboard
from bot.render import render_html
from bot.sending import remember_shown, shown_command, thread_of, typed_text

log = logging.getLogger(__name__)

EXPIRED = "This button has expired."
# Telegram's answer when a query is answered too late (e.g. pressed while the bot was down).
_TOO_LATE = ("query is too old", "query id is invalid")
# Telegram's answers when a message can no longer be edited: then the briefing is sent anew.
_UNEDITABLE = (
    "message can't be edited",
    "message to edit not found",
    "message_id_invalid",
    "there is no text in the message",
)
_UNCHANGED = "message is not modified"


async def _stop_spinner(query: CallbackQuery, text: str | None = None) -> None:
    """Answer the query; one that Telegram no longer accepts still deserves its briefing."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        if not any(phrase in exc.message.lower() for phrase in _TOO_LATE):
            raise
        log.debug("callback query %s answered too late: %s", query.id, exc.message)


def _compose(services: BotServices, command: ParsedCommand) -> tuple[View, list[str]]:
    view = answer(services.store.corpus(), services.reference, command)
    return view, render_html(view)


async def _edit_in_place(context: BriefContext, message: Message, command: ParsedCommand) -> bool:
    """Show `command` in `message` itself, if it is that briefing in another size or page.

    False when it is another briefing, or the message cannot be edited (too old, or the
    answer no longer fits one message): the caller sends it anew.
    """
    known = shown_command(context.chat_data, message.message_id)
    old = parse_command(known[0]) if known else None
    if message.text is None or not edits_in_place(old, command):
        return False  # a photo or a file; or another briefing
    if known is not None and known[1] > 1:
        return False  # one message of several: the others would still show the old one
    view, messages = await asyncio.to_thread(_compose, context.services, command)
    if len(messages) != 1:
        return False
    try:
        edited = await message.edit_text(messages[0], reply_markup=briefing_keyboard(view))
    except BadRequest as exc:
        reason = exc.message.lower()
        if _UNCHANGED in reason:
            return True  # pressed twice: the message already shows it
        if any(phrase in reason for phrase in _UNEDITABLE):
            log.debug("message %s cannot be edited: %s", message.message_id, exc.message)
            return False
        raise
    if isinstance(edited, Message):
        remember_shown(context.chat_data, [edited], typed_text(command))
    return True


async def on_button(update: Update, context: BriefContext) -> None:
    """Open the briefing a button leads to: in place of its message, or below it."""
    query = update.callback_query
    if query is None:
        return
    command = parse_command(scrub(query.data or ""))
    message = query.message
    if command is None or message is None:
        await _stop_spinner(query, EXPIRED)
        return
    await _stop_spinner(query)
    # An inaccessible (old) message cannot be edited; it still names the chat to answer in.
    if isinstance(message, Message) and await _edit_in_place(context, message, command):
        return
    await send_briefing(context, message.chat, command, thread_id=thread_of(message))
