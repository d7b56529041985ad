"""/subscribe, /unsubscribe, /subscriptions, /digest and /subscribe_channel."""

from __future__ import annotations

import asyncio

from telegram import Chat, ChatMemberAdministrator, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden

from bot.context import BriefContext
from bot.delivery import Delivery, deliver_one, next_digest_time, schedule_retry
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.models import Subscription
from bot.domain.notice import NoticeView
from bot.domain.subscription_terms import (
    TopicChoice,
    choose_topics,
    describe,
    notice,
    unknown_topics,
)
from bot.domain.text import scrub
from bot.keyboards import keyboard_for
from bot.render import render_html
from bot.sending import send_messages, thread_of

MANAGERS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
STORE_FULL = (
    "The briefing store cannot save anything right now; "
    "new entries will follow once it can, and none will come twice."
)


async def _reply(context: BriefContext, message: Message, view: NoticeView) -> None:
    await send_messages(
        context.bot,
        message.chat.id,
        render_html(view),
        keyboard=keyboard_for(view.links),
        thread_id=thread_of(message),
    )


def _command(update: Update, context: BriefContext) -> tuple[Message, ParsedCommand] | None:
    message = update.effective_message
    if message is None or not message.text:
        return None
    command = parse_command(scrub(message.text), context.bot.username)
    return (message, command) if command is not None else None


async def _may_manage(update: Update, context: BriefContext, chat: Chat) -> bool:
    """Private chats and channels (only admins post there); in groups, chat administrators."""
    # BRIEFBOT_ADMINS get no pass here: a group is its own administrators' to change.
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous administrator
    user = update.effective_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in MANAGERS


REFUSAL = notice(
    "Only this group's administrators can change its subscription.",
    "Ask an admin, or send /subscribe to me in a private chat.",
)


async def _change_request(
    update: Update, context: BriefContext
) -> tuple[Message, TopicChoice] | None:
    """The message and its topics, once the sender may change this chat; else answer and None."""
    parsed = _command(update, context)
    if parsed is None:
        return None
    message, command = parsed
    if not await _may_manage(update, context, message.chat):
        await _reply(context, message, REFUSAL)
        return None
    reference = context.services.reference
    choice = choose_topics(reference, command.terms)
    if choice.unknown:
        await _reply(context, message, unknown_topics(reference, choice.unknown))
        return None
    return message, choice


async def on_subscribe(update: Update, context: BriefContext) -> None:
    """Subscribe this chat to everything, or add topics."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, choice = request
    services = context.services
    subscription = await asyncio.to_thread(
        services.store.subscribe,
        chat_id=message.chat.id,
        thread_id=thread_of(message),
        topics=list(choice.ids),
        title=message.chat.title or message.chat.username,
    )
    await _reply(context, message, _describe(context, subscription, "Subscribed"))


async def on_unsubscribe(update: Update, context: BriefContext) -> None:
    """Drop some topics, or stop digests here altogether."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, choice = request
    services = context.services
    thread_id = thread_of(message)
    before = services.store.subscription(chat_id=message.chat.id, thread_id=thread_id)
    if before is None:
        await _reply(context, message, notice("This chat was not subscribed."))
        return
    if choice.ids and not before.topics:
        await _reply(
            context,
            message,
            notice(
                "This chat gets every topic; there is no single topic to drop.",
                "Send /unsubscribe to stop, then /subscribe with the topics you want.",
            ),
        )
        return
    remaining = await asyncio.to_thread(
        services.store.unsubscribe,
        chat_id=message.chat.id,
        thread_id=thread_id,
        topics=list(choice.ids) or None,
    )
    if remaining is None:
        await _reply(context, message, notice("Unsubscribed: no more digests here."))
    else:
        await _reply(context, message, _describe(context, remaining, "Topics dropped"))


async def on_subscriptions(update: Update, context: BriefContext) -> None:
    """What this chat gets, and when."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, _ = parsed
    subscription = context.services.store.subscription(
        chat_id=message.chat.id, thread_id=thread_of(message)
    )
    await _reply(context, message, _describe(context, subscription, "Subscriptions"))


async def on_digest(update: Update, context: BriefContext) -> None:
    """This chat's pending digest, now."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, _ = parsed
    result = await deliver_one(
        context.bot, context.services, chat_id=message.chat.id, thread_id=thread_of(message)
    )
    if result is None:
        await _reply(context, message, describe_none())
    elif result is Delivery.NOTHING_NEW:
        await _reply(context, message, notice("Nothing new since this chat's last digest."))
    elif result is Delivery.LEFT_PENDING:
        schedule_retry(context.job_queue, context.services)
        await _reply(context, message, notice("Telegram is busy; the digest will follow shortly."))
    elif result is Delivery.UNRECORDED:
        schedule_retry(context.job_queue, context.services)
        await _reply(context, message, notice(STORE_FULL))


def describe_none() -> NoticeView:
    """The answer to /digest in a chat with no subscription."""
    return notice("This chat has no subscription yet: send /subscribe first.")


async def on_subscribe_channel(update: Update, context: BriefContext) -> None:
    """An admin from BRIEFBOT_ADMINS subscribes a channel by its @name."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, command = parsed
    user = update.effective_user
    if user is None or user.id not in context.services.settings.admins:
        await _reply(context, message, notice("Only Briefbot's administrators can do that."))
        return
    if len(command.terms) != 1 or not command.terms[0].startswith("@"):
        await _reply(context, message, notice("Usage: /subscribe_channel @channelname"))
        return
    name = command.terms[0]
    try:
        channel = await context.bot.get_chat(name)
        me = await context.bot.get_chat_member(channel.id, context.bot.id)
    except (BadRequest, Forbidden):
        await _reply(context, message, notice(f"I cannot see {name}: add me to it as an admin."))
        return
    if channel.type != ChatType.CHANNEL:
        await _reply(context, message, notice(f"{name} is not a channel: send /subscribe there."))
        return
    # Telegram tells a channel admin's posting right; an admin without it cannot send digests.
    cannot_post = isinstance(me, ChatMemberAdministrator) and me.can_post_messages is False
    if me.status not in MANAGERS or cannot_post:
        await _reply(
            context, message, notice(f"Make me an administrator of {name} who may post, first.")
        )
        return
    subscription = await asyncio.to_thread(
        context.services.store.subscribe, chat_id=channel.id, title=channel.title or name
    )
    await _reply(context, message, _describe(context, subscription, f"Subscribed {name}"))


def _describe(context: BriefContext, subscription: Subscription | None, title: str) -> NoticeView:
    settings = context.services.settings
    return describe(
        context.services.reference,
        subscription,
        cron=settings.digest_cron,
        timezone=settings.timezone,
        next_run=next_digest_time(context.application),
        title=title,
    )
