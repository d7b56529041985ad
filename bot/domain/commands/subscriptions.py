"""Digests of new dialogues: chat commands, carried out by bot/handlers/subscriptions."""

from __future__ import annotations

from bot.domain.commands.registry import Command, Scope

COMMANDS = (
    Command(
        name="subscribe",
        description="Get a digest of new dialogues here",
        params="[topic ...]",
        scope=Scope.CHAT,
    ),
    Command(
        name="unsubscribe",
        description="Stop digests in this chat, or drop some topics",
        params="[topic ...]",
        scope=Scope.CHAT,
    ),
    Command(name="subscriptions", description="What this chat is subscribed to", scope=Scope.CHAT),
    Command(
        name="digest", description="New dialogues since the last digest, now", scope=Scope.CHAT
    ),
    Command(
        name="subscribe_channel",
        description="Admins: subscribe a channel to digests",
        params="@channelname",
        scope=Scope.CHAT,
        menu=False,
    ),
)
