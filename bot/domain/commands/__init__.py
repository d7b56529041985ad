"""Commands: parsing "/name@bot args", and each command declared once (registry, catalogue).

A command is a module here declaring `COMMANDS` (its name, synopsis, help line, the query it
runs and how it may be reached), listed in `all_commands.MODULES`. The menu, /help, dispatch,
buttons, inline mode, deep links, /export, the terminal and the Telegram handlers all read
the catalogue; an undeclared name is an unknown command, never another command's answer.
"""

from __future__ import annotations

from bot.domain.commands.parsing import ParsedCommand, parse_command, split_page, split_terms
from bot.domain.commands.registry import Args, Catalogue, Command, Scope, catalogue

__all__ = [
    "Args",
    "Catalogue",
    "Command",
    "ParsedCommand",
    "Scope",
    "catalogue",
    "parse_command",
    "split_page",
    "split_terms",
]
