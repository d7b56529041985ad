"""/export [command]: the facts behind a briefing as files; carried out by bot/handlers/export."""

from __future__ import annotations

from bot.domain.commands.registry import Command, Scope

COMMANDS = (
    Command(
        name="export",
        description="The facts behind the last briefing, as CSV and JSON files",
        params="[command]",
        scope=Scope.CHAT,
        elsewhere='In a Telegram chat; in the terminal: briefbot export "/topic maritime".',
    ),
)
