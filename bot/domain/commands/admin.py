"""Watched news sources, for admins: carried out by bot/handlers/sources, not in the menu."""

from __future__ import annotations

from bot.domain.commands.registry import Command, Scope

COMMANDS = (
    Command(
        name="sources",
        description="Admins: the news sources watched for new articles",
        scope=Scope.ADMIN,
        menu=False,
    ),
    Command(
        name="addsource",
        description="Admins: watch a news source",
        params="<url>",
        scope=Scope.ADMIN,
        menu=False,
    ),
    Command(
        name="removesource",
        description="Admins: stop watching a news source",
        params="<source id>",
        scope=Scope.ADMIN,
        menu=False,
    ),
)
