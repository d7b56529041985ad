"""Sending rendered briefings: several messages when long, buttons under the last one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, MaybeInaccessibleMessage, Message
from telegram.ext import ExtBot

from bot.domain.commands import ParsedCommand


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


# chat_data key: {message id: (the command it answers, how many messages that answer took)}
SHOWN = "shown_briefings"
MAX_SHOWN = 64  # messages remembered per chat; an older one's buttons send anew


def typed_text(command: ParsedCommand) -> str:
    """A parsed command as text again, with its arguments as typed."""
    return f"/{command.name} {command.raw_args or command.args}".strip()


def remember_shown(
    chat_data: dict[Any, Any] | None, messages: Sequence[Message], command: str
) -> None:
    """Note which command the last of `messages` answers, so its buttons can edit it."""
    if chat_data is None or not messages:
        return
    shown: dict[int, tuple[str, int]] = chat_data.setdefault(SHOWN, {})
    shown.pop(messages[-1].message_id, None)
    shown[messages[-1].message_id] = (command, len(messages))
    while len(shown) > MAX_SHOWN:
        del shown[next(iter(shown))]


def shown_command(chat_data: dict[Any, Any] | None, message_id: int) -> tuple[str, int] | None:
    """The command a message answers and how many messages that answer took; None if unknown."""
    found = (chat_data or {}).get(SHOWN, {}).get(message_id)
    return found if isinstance(found, tuple) else None
