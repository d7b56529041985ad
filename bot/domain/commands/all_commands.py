"""The catalogue: every command module, in the order the menu and /help list them."""

from __future__ import annotations

from bot.domain.commands import (
    admin,
    dialogue,
    export,
    latest,
    person,
    position,
    search,
    series,
    source,
    subscriptions,
    timeline,
    topic,
    welcome,
)
from bot.domain.commands.registry import Catalogue, Command, Scope

# A new command is a module declaring COMMANDS, listed here where the menu should show it.
MODULES = (
    welcome,
    latest,
    topic,
    person,
    position,
    timeline,
    series,
    search,
    source,
    dialogue,
    export,
    subscriptions,
    admin,
)
CATALOGUE = Catalogue(tuple(c for module in MODULES for c in module.COMMANDS))

# Views of the catalogue, by the names the layers knew them by.
COMMANDS: tuple[Command, ...] = CATALOGUE.menu()
COMMAND_BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
# Reached from buttons only, so not advertised in the menu or /help.
HIDDEN_COMMANDS = frozenset(c.name for c in CATALOGUE if not c.menu and c.scope is Scope.BRIEFING)
PAGED_COMMANDS = frozenset(c.name for c in CATALOGUE if c.paged)


def bot_commands() -> list[tuple[str, str]]:
    """(name, description) pairs in menu order, ready for setMyCommands."""
    return [(c.name, c.description) for c in COMMANDS]
