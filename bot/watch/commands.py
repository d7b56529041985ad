"""The `sources` and `watch` sub-commands' arguments; their code loads only when one runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

Command = Callable[[argparse.Namespace, "Settings"], int]


def _later(name: str) -> Command:
    """The command `name` of bot/watch/cli.py, imported when it runs: `briefbot ask` never pays
    for the watcher, its fetcher and extraction."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from bot.watch import cli

        command: Command = getattr(cli, name)
        return cli.guarded(command)(args, settings)

    return run


def add_watch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `sources` and `watch` sub-commands."""
    sources = sub.add_parser("sources", help="list, add, remove or check watched news sources")
    actions = sources.add_subparsers(dest="sources_action", required=True)
    actions.add_parser("list", help="every source, its state and last error").set_defaults(
        func=_later("cmd_list")
    )
    add = actions.add_parser("add", help="watch a feed or a news section page")
    add.add_argument("url", help="the feed's or section page's URL")
    add.add_argument("--name", help="the outlet's name as briefings cite it")
    add.set_defaults(func=_later("cmd_add"))
    remove = actions.add_parser("remove", help="stop watching a source")
    remove.add_argument("id", help="the source's id (see `briefbot sources list`)")
    remove.set_defaults(func=_later("cmd_remove"))
    check = actions.add_parser("check", help="poll a source now; show what was kept and refused")
    check.add_argument("id", help="the source's id (see `briefbot sources list`)")
    check.set_defaults(func=_later("cmd_check"))
    watch = sub.add_parser("watch", help="poll the news sources without the bot (for cron)")
    watch.add_argument(
        "--once", action="store_true", help="one pass over the due sources, then exit"
    )
    watch.set_defaults(func=_later("cmd_watch"))
