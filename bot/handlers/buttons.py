"""Button presses: the callback data is a command, answered in the same chat."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.context import BriefContext
from bot.domain.commands import parse_command
from bot.domain.text import scrub
from bot.handlers.briefings import send_briefing
from bot.sending import thread_of

log = logging.getLogger(__name__)

EXPIRED = "This button has expired."
# Telegram's answer when a query is answered too late (e.g. pressed while the bot was down).
_TOO_LATE = ("query is too old", "query id is invalid")


async def _stop_spinner(query: CallbackQuery, text: str | None = None) -> None:
    """Answer the query; one that Telegram no longer accepts still deserves its briefing."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        if not any(phrase in exc.message.lower() for phrase in _TOO_LATE):
            raise
        log.debug("callback query %s answered too late: %s", query.id, exc.message)


async def on_button(update: Update, context: BriefContext) -> None:
    """Open the briefing a button leads to, below the message that carried the button."""
    query = update.callback_query
    if query is None:
        return
    command = parse_command(scrub(query.data or ""))
    message = query.message
    if command is None or message is None:
        await _stop_spinner(query, EXPIRED)
        return
    await _stop_spinner(query)
    # An old message may be inaccessible; it still names the chat to answer in.
    await send_briefing(context, message.chat, command, thread_id=thread_of(message))
