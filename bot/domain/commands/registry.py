"""The declaration of a command, read by every layer: menu, /help, dispatch, buttons, inline."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.periods import Period

if TYPE_CHECKING:  # the briefings look commands up, so they are only named here
    from bot.domain.briefings.blocks import Ref
    from bot.domain.briefings.views import Briefing, View
    from bot.domain.corpus import Corpus
    from bot.domain.reference import Reference

# What Telegram accepts in setMyCommands: 1-32 of [a-z0-9_].
_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_DEEP_LINK = re.compile(r"^[a-z]+$")


class Scope(StrEnum):
    """Who carries a command out."""

    BRIEFING = "briefing"  # the engine: typed, pressed as a button, inline, in the terminal
    CHAT = "chat"  # a Telegram handler, since it acts on the chat (/subscribe …)
    ADMIN = "admin"  # a Telegram handler, for the bot's admins only


@dataclass(frozen=True)
class Args:
    """A briefing command's arguments once the shared steps took their part ("page N")."""

    text: str = ""
    page: int = 1
    period: Period | None = None  # "since 2024", for commands that take a period
    full: bool = False  # "full": the whole briefing rather than its short card


Runner = Callable[["Corpus", "Reference", Args], "Briefing"]
Choices = Callable[["Corpus", "Reference"], "tuple[Ref, ...]"]


@dataclass(frozen=True, kw_only=True)
class Command:
    """One command, declared once."""

    name: str
    description: str  # one line, for the menu and /help
    params: str = ""  # the synopsis after the name, e.g. "<topic> [page N]"
    aliases: tuple[str, ...] = ()
    scope: Scope = Scope.BRIEFING
    run: Runner | None = None  # the query, for BRIEFING commands
    # False: answered from the declarations alone (/help), so even while a writer holds the store.
    reads_store: bool = True
    view: type[View] | None = None  # what `run` answers when the arguments are good
    menu: bool = True  # in setMyCommands and /help; False for button-only commands
    paged: bool = False  # takes a trailing "page N"
    takes_period: bool = False  # takes a trailing period: 2024, 2019-2023, since/before 2020
    loose_period: bool = False  # "2024" alone is an argument, not a period (/search)
    sized: bool = False  # short by default; a trailing "full" (or "+") asks for all of it
    raw_args: bool = False  # reads the text as typed, so quoted phrases stay whole
    needs_args: bool = False  # a bare command is answered with its usage
    choices: Choices | None = None  # what a bare command could mean, offered as buttons
    inline: bool = False  # offered in inline mode ("@bot maritime")
    deep_link: str = ""  # t.me/bot?start=<deep_link>_<argument> opens it
    exportable: bool = False  # /export can follow it: its answer is a set of dialogues
    elsewhere: str = ""  # what the terminal says of a CHAT or ADMIN command

    def __post_init__(self) -> None:
        for name in self.names:
            if not _NAME.match(name):
                raise ValueError(f"/{name}: Telegram allows 1-32 of a-z, 0-9 and _")
        if (self.run is None) != (self.scope is not Scope.BRIEFING):
            raise ValueError(f"/{self.name}: a briefing command has a runner, no other does")
        if self.deep_link and not _DEEP_LINK.match(self.deep_link):
            raise ValueError(f"/{self.name}: a deep link prefix is lower-case letters")
        if not 3 <= len(self.description) <= 256 or "\n" in self.description:
            raise ValueError(f"/{self.name}: the description is one line of 3-256 characters")

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def usage(self) -> str:
        """How to type it, e.g. "/latest [1-10]"."""
        return f"/{self.name} {self.params}".rstrip()

    @property
    def needs_store(self) -> bool:
        """Whether answering it reads the store (a chat command's usage line does not)."""
        return self.run is not None and self.reads_store

    @property
    def chat_note(self) -> str:
        """Why the engine (the terminal, a button) cannot carry out a chat command."""
        return self.elsewhere or f"/{self.name} works in a Telegram chat, not here."


@dataclass(frozen=True)
class Catalogue:
    """Every declared command, in menu order; a name or alias maps to exactly one."""

    commands: tuple[Command, ...]
    _by_name: dict[str, Command] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Command] = {}
        for command in self.commands:
            for name in command.names:
                if name in by_name:
                    raise ValueError(f"/{name} is declared twice")
                by_name[name] = command
        links = [c.deep_link for c in self.commands if c.deep_link]
        if len(links) != len(set(links)):
            raise ValueError("two commands share a deep link prefix")
        object.__setattr__(self, "_by_name", by_name)

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)

    def get(self, name: str) -> Command | None:
        """The command a name or alias declares; None for an undeclared one."""
        return self._by_name.get(name)

    def menu(self) -> tuple[Command, ...]:
        """What setMyCommands and /help list, in order."""
        return tuple(c for c in self.commands if c.menu)

    def names(self, scope: Scope) -> tuple[str, ...]:
        """Every name and alias of the commands in `scope`."""
        return tuple(n for c in self.commands if c.scope is scope for n in c.names)

    def deep_linked(self, prefix: str) -> Command | None:
        """The command a /start payload "<prefix>_<argument>" opens."""
        return next((c for c in self.commands if prefix and c.deep_link == prefix), None)

    def inline(self) -> tuple[Command, ...]:
        """The commands offered in inline mode."""
        return tuple(c for c in self.commands if c.inline)

    def runs_as_briefing(self, name: str) -> bool:
        """Whether /name is answered by the engine, so a button can carry it."""
        command = self.get(name)
        return command is None or command.scope is Scope.BRIEFING


def catalogue() -> Catalogue:
    """The bot's catalogue (bot.domain.commands.all_commands), loaded on first use."""
    # The command modules import the briefings, which look commands up (usage lines, /help,
    # buttons): imported here, at call time, neither waits on the other half-loaded.
    from bot.domain.commands.all_commands import CATALOGUE

    return CATALOGUE
