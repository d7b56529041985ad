"""The `briefbot` command line: ingest, ask, export, shell, run, and start (`make run`)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot.config import Settings, setting_problem, token_problem
from bot.domain.briefings import View, answer
from bot.domain.briefings.views import NotFoundView
from bot.domain.commands import parse_command
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.export import dialogue_json
from bot.domain.fact_export import (
    NoExport,
    export_briefing,
    exportable,
    summary_line,
    to_csv,
    to_json,
)
from bot.domain.questions import read_question
from bot.domain.reference import Reference, load_reference
from bot.logs import setup_logging
from bot.render import default_renderer, render_html, render_text
from bot.store import Store, StoreError
from bot.watch.commands import add_watch_commands

if TYPE_CHECKING:
    from rich.console import Console

    from bot.ingest.pipeline import FileResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
FLUSH_AFTER = 1.0  # seconds an ingested batch may wait before it is committed and reported
PROGRESS_THRESHOLD = 3  # fewer files than this finish before a bar would be worth drawing


class _Console:
    """A rich console made on first use: `briefbot ask` prints without ever loading rich."""

    def __init__(self, *, stderr: bool = False) -> None:
        self._stderr = stderr

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(stderr=self._stderr, highlight=False, soft_wrap=self._stderr, markup=False)

    def print(self, *objects: Any, **options: Any) -> None:
        """As rich's `Console.print`."""
        self.console.print(*objects, **options)

    @property
    def is_terminal(self) -> bool:
        """True when this stream is a terminal."""
        return self.console.is_terminal


err = _Console(stderr=True)
out = _Console()


@contextmanager
def _open_store(settings: Settings) -> Iterator[Store]:
    """The store, closed when the command is done: the search merges it asked for finish first."""
    store = Store(settings.db_path)
    try:
        yield store
    finally:
        store.close()


def printable(text: str) -> str:
    """`text` with control characters (from file names) shown as escapes, never sent raw."""
    return "".join(
        c if unicodedata.category(c) not in ("Cc", "Cf") else c.encode("unicode_escape").decode()
        for c in text
    )


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest files or folders; one line per failure; exit 1 if any file failed."""
    with _open_store(settings) as store:
        return _ingest(args, store)


def _ingest(args: argparse.Namespace, store: Store) -> int:
    # Extraction and the progress bar load only here: `ask` starts without them.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bot.ingest.bulk import ingest_bulk
    from bot.ingest.pipeline import article_paths

    reference = load_reference()
    paths = list(article_paths(Path(p) for p in args.paths))
    counts = {"added": 0, "merged": 0, "unchanged": 0, "failed": 0}

    def report(result: FileResult) -> None:
        if result.error is not None:
            counts["failed"] += 1
            err.print(f"error: {printable(result.error)}")
            return
        assert result.outcome is not None and result.dialogue is not None
        counts[result.outcome.value] += 1
        if args.json:
            print(json.dumps(dialogue_json(result.dialogue), ensure_ascii=False), flush=True)

    interrupted = threading.Event()

    def on_ctrl_c(signum: int, frame: object) -> None:
        # The first Ctrl-C finishes the batch in hand (no half-printed line, no commit cut
        # short); a second one stops at once.
        interrupted.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def ingest(on_result: Callable[[FileResult], None]) -> None:
        # Batched commits, extraction in worker processes; a batch is committed at least once
        # a second, so results and error lines keep coming.
        ingest_bulk(
            paths,
            store=store,
            reference=reference,
            on_result=on_result,
            flush_after=FLUSH_AFTER,
            stop=interrupted.is_set,
        )

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        if len(paths) >= PROGRESS_THRESHOLD and not args.json and err.is_terminal:
            with Progress(
                TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), console=err.console
            ) as progress:
                task = progress.add_task("ingest", total=len(paths))

                def advance(result: FileResult) -> None:
                    report(result)
                    progress.advance(task)

                ingest(advance)
        else:
            ingest(report)
    except KeyboardInterrupt:
        interrupted.set()  # a second Ctrl-C: every commit is atomic, the store stays whole
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted.is_set():
        done = ", ".join(f"{v} {k}" for k, v in counts.items() if v) or "nothing stored"
        err.print(f"interrupted after {sum(counts.values())} of {len(paths)} file(s): {done}")
        return EXIT_INTERRUPTED
    summary = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    err.print(f"{len(paths)} file(s): {summary or 'nothing to do'}", highlight=False)
    return EXIT_FAILED if counts["failed"] or not paths else EXIT_OK


NOT_A_COMMAND = "Commands start with / — try /help."


def _view(text: str, *, store: Store, reference: Reference) -> View | None:
    """The briefing a command asks for ("latest" is read as "/latest"), or a plain question's."""
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    if not text.startswith("/") and CATALOGUE.get(first) is None:
        # As in a private chat with the bot: a question is answered with its briefing.
        reading = read_question(store.corpus(), reference, text)
        if reading.command is None:
            return NotFoundView(
                kind="briefing",
                query=text,
                hint="/help lists every command.",
                suggestions=reading.choices,
            )
        return answer(store.corpus(), reference, reading.command)
    command = parse_command(text if text.startswith("/") else f"/{text}")
    return None if command is None else answer(store.corpus(), reference, command)


def ask(text: str, *, store: Store, reference: Reference, html: bool = False) -> str:
    """Answer one bot command as the bot would, in plain text or Telegram HTML."""
    view = _view(text, store=store, reference=reference)
    if view is None:
        return NOT_A_COMMAND
    if html:
        return "\n\n— — —\n\n".join(render_html(view))
    return render_text(view)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Print one briefing."""
    with _open_store(settings) as store:
        print(ask(args.command, store=store, reference=load_reference(), html=args.html))
    return EXIT_OK


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the facts behind one briefing to a CSV and a JSON file; one line says where."""
    with _open_store(settings) as store:
        return _export(args, settings, store)


def _export(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    reference = load_reference()
    ensure_corpus(store, settings, reference)
    text = args.command.strip()
    command = parse_command(text if text.startswith("/") else f"/{text}")
    if command is None or not exportable(command):
        err.print(f'error: {text!r} is not a briefing to export; try "/topic maritime".')
        return EXIT_USAGE
    export = export_briefing(store.corpus(), reference, command)
    if isinstance(export, NoExport):
        print(export.reason if export.view is None else render_text(export.view))
        return EXIT_FAILED
    out_dir = Path(args.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for suffix, data in ((".csv", to_csv(export)), (".json", to_json(export))):
            write_atomically(out_dir / f"{export.stem}{suffix}", data)
    except OSError as exc:
        err.print(f"error: cannot write to {out_dir}: {exc.strerror or exc}")
        return EXIT_USAGE
    err.print(f"{summary_line(export)} Wrote {out_dir / export.stem}.csv and .json")
    return EXIT_OK


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside `path`, then rename: a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def ensure_corpus(store: Store, settings: Settings, reference: Reference | None = None) -> None:
    """Ingest the bundled articles into an empty store, so a first run has something to brief."""
    # Arrival numbers are handed out only to saved dialogues: a store that has given any is not
    # empty, and the bot's start need not wait for its whole corpus to be read here.
    if store.max_seq() or store.corpus().dialogues:
        return
    if not settings.articles_dir.is_dir():
        err.print(
            f"note: the store is empty and there is no articles folder at {settings.articles_dir}"
            " (set BRIEFBOT_ARTICLES, or add articles with `briefbot ingest`)."
        )
        return
    from bot.ingest.pipeline import ingest_paths  # extraction loads only for an empty store

    reference = reference or load_reference()
    results = ingest_paths([settings.articles_dir], store=store, reference=reference)
    for failed in (r for r in results if not r.ok):
        err.print(f"error: {failed.error}")
    # Chats that subscribed to the empty store get news from now on, not the bundled backlog.
    store.catch_up_subscriptions()
    err.print(f"Loaded {sum(r.ok for r in results)} bundled article(s) into {settings.db_path}.")


def cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    """An interactive prompt over the bot's commands, on the local store."""
    with _open_store(settings) as store:
        return _shell(args, settings, store)


def _shell(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    reference = load_reference()
    ensure_corpus(store, settings, reference)
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # line editing and history

        from bot.terminal import complete_command

        def complete(word: str, state: int) -> str | None:
            # Only the first word is a command name; Tab there completes it.
            found = complete_command(word) if readline.get_begidx() == 0 else []
            return found[state] if state < len(found) else None

        readline.set_completer(complete)
        readline.set_completer_delims(" \t\n")  # "/" is part of the word, not a break
        readline.parse_and_bind("tab: complete")
        print("Briefbot — terminal mode. Type /help for commands, /quit to leave.")
    while True:
        try:
            line = input("briefbot> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            print()
            return EXIT_OK
        line = line.strip()
        if not line:
            continue
        if line in {"/quit", "/exit", "quit", "exit"}:
            return EXIT_OK
        if interactive and not args.html:
            from bot.terminal import html_to_rich

            view = _view(line, store=store, reference=reference)
            out.print(html_to_rich(default_renderer().html(view)) if view else NOT_A_COMMAND)
        else:
            print(ask(line, store=store, reference=reference, html=args.html))
        print()


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot; exit 2 with one line when the token is missing or malformed."""
    problem = token_problem(settings.telegram_bot_token)
    if problem:
        err.print(f"error: {problem}")
        return EXIT_USAGE
    from bot.app import run_bot  # the Telegram layer loads only when it is needed

    with _open_store(settings) as store:
        ensure_corpus(store, settings)
        # The reference data and the corpus are read as polling begins, not before it.
        return run_bot(settings, store=store)


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """The bot when a token is set, otherwise the terminal prompt on the bundled corpus."""
    if settings.telegram_bot_token is not None:
        return cmd_run(args, settings)
    err.print("TELEGRAM_BOT_TOKEN is not set: answering in the terminal instead.")
    return cmd_shell(args, settings)


def build_parser() -> argparse.ArgumentParser:
    """Sub-commands and their arguments."""
    parser = argparse.ArgumentParser(prog="briefbot", description=__doc__)
    sub = parser.add_subparsers(dest="command_name", required=True)
    ingest = sub.add_parser("ingest", help="ingest article files or folders into the store")
    ingest.add_argument("paths", nargs="+", help="files or folders of articles")
    ingest.add_argument("--json", action="store_true", help="print each dialogue as a JSON line")
    ingest.set_defaults(func=cmd_ingest)
    ask_p = sub.add_parser("ask", help='answer one bot command, e.g. briefbot ask "/latest"')
    ask_p.add_argument("command", help="a bot command such as '/person Phan Van Giang'")
    ask_p.add_argument("--html", action="store_true", help="print the exact Telegram HTML")
    ask_p.set_defaults(func=cmd_ask)
    export_p = sub.add_parser(
        "export", help='the facts behind a briefing as CSV and JSON, e.g. "/topic maritime"'
    )
    export_p.add_argument("command", help="a briefing command such as '/person Phan Van Giang'")
    export_p.add_argument("--out", default=".", help="folder for the files (default: here)")
    export_p.set_defaults(func=cmd_export)
    for name, func, text in (
        ("shell", cmd_shell, "interactive prompt over the bot's commands"),
        ("run", cmd_run, "run the Telegram bot (needs TELEGRAM_BOT_TOKEN)"),
        ("start", cmd_start, "the bot if a token is set, else the terminal prompt"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--html", action="store_true", help="print Telegram HTML in the prompt")
        p.set_defaults(func=func)
    add_watch_commands(sub)  # `briefbot sources …` and `briefbot watch` (bot/watch/commands.py)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `briefbot` script."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        err.print(f"error: {setting_problem(exc)}")
        return EXIT_USAGE
    setup_logging(settings.log_level, secrets=settings.secrets())
    try:
        code: int = args.func(args, settings)
    except StoreError as exc:
        err.print(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        # A second Ctrl-C while the store finishes its work: stop at once, without a traceback.
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) left: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    return code


if __name__ == "__main__":
    sys.exit(main())
