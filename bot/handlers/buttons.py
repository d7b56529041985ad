"""Button presses: the callback data is a command, answered in the same chat."""

from __future__ import annotations

from telegram import Message, Update

from bot.context import BriefContext
from bot.domain.commands import parse_command
from bot.handlers.briefings import send_briefing

EXPIRED = "This button has expired."


async def on_button(update: Update, context: BriefContext) -> None:
    """Open the briefing a button leads to, below the message that carried the button."""
    query = update.callback_query
    if query is None:
        return
    command = parse_command(query.data or "")
    message = query.message
    if command is None or message is None:
        await query.answer(EXPIRED)
        return
    await query.answer()
    # An old message may be inaccessible; it still names the chat to answer in.
    thread_id = (
        message.message_thread_id
        if isinstance(message, Message) and message.is_topic_message
        else None
    )
    await send_briefing(context, message.chat, command, thread_id=thread_id)
