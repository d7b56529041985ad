"""Digests of new dialogues: chat commands, carried out by bot/handlers/subscriptions."""

from __future__ import annotations

from bot.domain.commands.registry import Command, Scope

COMMANDS = (
    Command(
        name="subscribe",
        description="Get a digest of new dialogues here",
        params="[topic, person, series or keyword, ...]",
        scope=Scope.CHAT,
    ),
    Command(
        name="unsubscribe",
        description="Stop digests in this chat, or drop some filters",
        params="[filter, ...]",
        scope=Scope.CHAT,
    ),
    Command(
        name="subscriptions",
        description="What this chat is subscribed to, with buttons to change it",
        scope=Scope.CHAT,
    ),
    Command(
        name="digest_time",
        description="When digests come: a daily time, or instant",
        params="<HH:MM|instant|standard>",
        scope=Scope.CHAT,
    ),
    Command(
        name="timezone",
        description="The time zone of this chat's digest time",
        params="<Area/City>",
        scope=Scope.CHAT,
    ),
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
