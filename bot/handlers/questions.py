"""Plain questions: a text that is not a command, answered with the briefing it asks for."""

from __future__ import annotations

import asyncio
import html
import re

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import filters

from bot.context import BriefContext
from bot.domain.questions import read_question
from bot.domain.text import echo
from bot.handlers.briefings import send_briefing
from bot.handlers.export import remember
from bot.keyboards import keyboard_for
from bot.sending import send_messages, thread_of

UNSURE = "Not sure which briefing “{question}” asks for. Pick one, or see /help."

# New text messages that are not commands, in private chats and groups: never channel posts,
# never a channel post copied into its discussion group. An edit is not asked again: editing a
# command into a note must stay silent.
QUESTION_FILTER = (
    filters.UpdateType.MESSAGE
    & filters.TEXT
    & ~filters.COMMAND
    & ~filters.IS_AUTOMATIC_FORWARD
    & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS)
)


def _mentions(message: Message, username: str) -> bool:
    """Whether the message names @username in a mention entity."""
    wanted = f"@{username}".casefold()
    return any(
        text.casefold() == wanted
        for entity, text in message.parse_entities([MessageEntityType.MENTION]).items()
        if entity.type == MessageEntityType.MENTION
    )


def _question(message: Message, context: BriefContext) -> str | None:
    """The question for us: any text in private; in groups only when it names or answers us."""
    text = message.text or ""
    username = context.bot.username
    if message.chat.type != ChatType.PRIVATE:
        replied = message.reply_to_message
        to_us = (
            replied is not None
            and replied.from_user is not None
            and (replied.from_user.id == context.bot.id)
        )
        if not (to_us or _mentions(message, username)):
            return None  # people talking among themselves
    without_us = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    question = " ".join(without_us.split())
    return question or None


async def on_question(update: Update, context: BriefContext) -> None:
    """Answer a plain question with its briefing, or offer up to three when unsure."""
    message = update.effective_message
    if message is None:
        return
    question = _question(message, context)
    if question is None:
        return
    services = context.services
    # Reading the store (a lock held by another process, a re-read) stays off the event loop.
    reading = await asyncio.to_thread(
        lambda: read_question(services.store.corpus(), services.reference, question)
    )
    thread_id = thread_of(message)
    if reading.command is not None:
        remember(context.chat_data, thread_id, reading.command)
        await send_briefing(context, message.chat, reading.command, thread_id=thread_id)
        return
    await send_messages(
        context.bot,
        message.chat.id,
        [html.escape(UNSURE.format(question=echo(question)), quote=False)],
        keyboard=keyboard_for(reading.choices),
        thread_id=thread_id,
    )
