"""`briefbot sources list|add|remove|check` and `briefbot watch [--once]`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot.config import Settings
from bot.domain.reference import load_reference
from bot.store import Store
from bot.watch.catalog import SourceListError, find_source, items_of, remove_source
from bot.watch.decode import DecodeError
from bot.watch.fetch import FetchError
from bot.watch.parse import ParseError
from bot.watch.present import item_lines, source_lines, status_of
from bot.watch.runner import PollReport, WatchConfig, Watcher, summarise

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MIN_SLEEP = 1.0

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, soft_wrap=True, markup=False)
Command = Callable[[argparse.Namespace, Settings], int]


@contextmanager
def _watcher(settings: Settings) -> Iterator[Watcher]:
    """A watcher on the store, closed when the command is done (its search merges finish)."""
    store = Store(settings.db_path)
    try:
        yield Watcher(store, load_reference(), WatchConfig.from_settings(settings))
    finally:
        store.close()


def guarded(command: Command) -> Command:
    """A bad sources file is one clear line and exit 2, like any other bad setting."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return command(args, settings)
        except SourceListError as exc:
            err.print(f"error: {exc}")
            return EXIT_USAGE

    return run


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    """Every source with its state and last error."""
    with _watcher(settings) as watcher:
        for line in source_lines(watcher.sources()):
            out.print(line)
    return EXIT_OK


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch the URL once to see what it is, then watch it."""
    try:
        with _watcher(settings) as watcher:
            spec, added = asyncio.run(watcher.add(args.url, name=args.name))
    except (FetchError, ParseError, DecodeError, ValueError) as exc:
        err.print(f"error: not added: {exc}")
        return EXIT_FAILED
    if not added:
        out.print(f"Already watched as {spec.id} ({spec.name}).")
        return EXIT_OK
    out.print(f"Watching {spec.id}: {spec.name} ({spec.language}, {spec.kind}).")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """Stop watching a source; what it brought stays in the store."""
    with _watcher(settings) as watcher:
        spec = remove_source(watcher.store, watcher.config.sources_path, args.id)
    if spec is None:
        return _no_source(args.id)
    out.print(f"No longer watching {spec.id} ({spec.name}).")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Poll one source now, then show what it has given: kept and refused items, and why."""
    with _watcher(settings) as watcher:
        return _check(watcher, args.id)


def _check(watcher: Watcher, source_id: str) -> int:
    found = find_source(watcher.store, watcher.config.sources_path, source_id)
    if found is None:
        return _no_source(source_id)
    report = asyncio.run(watcher.poll_one(found.spec))
    out.print(f"{found.spec.id} — {found.spec.name} <{found.spec.url}>")
    out.print(f"This check: {_report_line(report)}")
    out.print(f"State: {status_of(found.spec.enabled, report.state)}")
    for line in item_lines(items_of(watcher.store, found.spec.id)):
        out.print(line)
    return EXIT_FAILED if report.error else EXIT_OK


def _no_source(source_id: str) -> int:
    err.print(f"error: no source {source_id!r} (see `briefbot sources list`)")
    return EXIT_FAILED


def _report_line(report: PollReport) -> str:
    if report.error:
        return f"failed: {report.error}"
    return (
        f"{report.status}; {len(report.kept)} kept, {len(report.refused)} refused, "
        f"{report.seen} seen before"
        + (f", {report.deferred} left for later" if report.deferred else "")
    )


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    """Poll the sources that are due (with --once, one pass; else until interrupted)."""
    with _watcher(settings) as watcher:
        try:
            return asyncio.run(_watch(watcher, once=args.once))
        except KeyboardInterrupt:
            return EXIT_OK


async def _watch(watcher: Watcher, *, once: bool) -> int:
    while True:
        now = datetime.now(UTC)
        due = watcher.to_poll(due_only=True, now=now)
        reports = await _pass_with_progress(watcher, len(due), now)
        err.print(summarise(reports))
        if once:
            return EXIT_FAILED if any(r.error for r in reports) else EXIT_OK
        upcoming = [w.state.next_due for w in watcher.sources() if w.spec.enabled]
        soonest = min((d for d in upcoming if d), default=None)
        wait = (soonest - datetime.now(UTC)).total_seconds() if soonest else 60.0
        await asyncio.sleep(max(wait, MIN_SLEEP))


async def _pass_with_progress(watcher: Watcher, total: int, now: datetime) -> list[PollReport]:
    """One pass; a progress bar on a terminal, one line per failing source everywhere."""

    def report(done: PollReport) -> None:
        if done.error:
            err.print(f"{done.source.id}: {done.error}")

    if not err.is_terminal or total == 0:
        return await watcher.run_pass(due_only=True, now=now, on_report=report)
    with Progress(
        TextColumn("watching"), BarColumn(), MofNCompleteColumn(), console=err
    ) as progress:
        task = progress.add_task("watch", total=total)

        def advance(done: PollReport) -> None:
            report(done)
            progress.advance(task)

        return await watcher.run_pass(due_only=True, now=now, on_report=advance)
