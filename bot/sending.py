"""Sending rendered briefings: several messages when long, buttons under the last one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, MaybeInaccessibleMessage, Message
from telegram.ext import ExtBot


def thread_of(message: MaybeInaccessibleMessage | None) -> int | None:
    """The forum topic a message is in, so an answer lands in that topic, not in General."""
    if isinstance(message, Message) and message.is_topic_message:
        return message.message_thread_id
    return None


async def send_messages(
    bot: ExtBot[Any],
    chat_id: int,
    messages: Sequence[str],
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    thread_id: int | None = None,
    rate_limit_args: str | None = None,
) -> list[Message]:
    """Send pre-split HTML messages in order; the keyboard goes under the last one.

    HTML parsing and no link previews are the application's Defaults (bot/app.py).
    """
    sent = []
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        sent.append(
            await bot.send_message(
                chat_id=chat_id,
                text=text,
                reply_markup=keyboard if last else None,
                message_thread_id=thread_id,
                rate_limit_args=rate_limit_args,
            )
        )
    return sent
