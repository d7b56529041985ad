"""The command registry: each command declared once, and every way in reads that declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.briefings import (
    DialogueView,
    HelpView,
    NotFoundView,
    SeriesView,
    SourceView,
    StartView,
    TimelineView,
    TopicView,
    UsageView,
    View,
    answer,
)
from bot.domain.briefings.dispatch import run
from bot.domain.briefings.views import Briefing
from bot.domain.commands import Args, Catalogue, Command, Scope, parse_command
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.render import render_text

from .briefings.asking import ask
from .factories import EUROPE_TODAY, reference, seed_corpus

BRIEFS = Path(__file__).resolve().parents[2] / "briefs"
# A command typed with good arguments, for each declared briefing command.
GOOD_ARGUMENTS = {
    "start": "",
    "help": "",
    "latest": "2",
    "topic": "navy",
    "topics": "",
    "person": "Jong-sup Lee",
    "people": "",
    "position": "unclos",
    "positions": "",
    "timeline": "2025",
    "series": "defence policy dialogue",
    "search": "KOICA",
    "source": EUROPE_TODAY,
    "dialogue": "deputy-fm-5",
}


def test_every_briefing_command_answers_with_its_declared_view() -> None:
    briefings = [c for c in CATALOGUE if c.scope is Scope.BRIEFING]
    assert {c.name for c in briefings} == set(GOOD_ARGUMENTS)
    for command in briefings:
        assert command.view is not None, command.name
        assert (BRIEFS / command.view.template).is_file(), command.view.template
        view = ask(f"/{command.name} {GOOD_ARGUMENTS[command.name]}")
        assert type(view) is command.view, command.name


@pytest.mark.parametrize(
    "text", ["/sourcex 1", "/dialogues", "/topicz navy", "/ingest", "/about", "/stats", "/x"]
)
def test_an_undeclared_command_is_unknown_never_another_commands_answer(text: str) -> None:
    view = ask(text)

    assert isinstance(view, NotFoundView) and view.kind == "command"
    assert view.query == text.split()[0]


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ("topic_navy", TopicView),
        ("year_2025", TimelineView),
        ("series_defence-policy-dialogue", SeriesView),
        (f"source_{EUROPE_TODAY}", SourceView),
        ("dialogue_deputy-fm-5", DialogueView),
        ("sourcex_1", StartView),
        ("latest_2", StartView),  # /latest declares no deep link
        ("help_topic", StartView),
    ],
)
def test_a_deep_link_opens_only_the_command_that_declares_it(
    payload: str, kind: type[View]
) -> None:
    assert type(ask(f"/start {payload}")) is kind


def test_help_and_the_menu_are_the_declared_menu_in_order() -> None:
    help_view = ask("/help")
    assert isinstance(help_view, HelpView)
    assert help_view.commands == CATALOGUE.menu()
    shown = render_text(help_view)
    positions = [shown.index(c.usage + " — " + c.description) for c in CATALOGUE.menu()]
    assert positions == sorted(positions)
    # Button-only and admin commands are declared, answered, but not advertised.
    assert "/dialogue" not in shown and "/sources" not in shown


def test_help_for_a_hidden_command_is_the_whole_menu() -> None:
    assert isinstance(ask("/help dialogue"), HelpView)
    usage = ask("/help /topic")
    assert isinstance(usage, UsageView) and usage.usage == "/topic <topic> [period] [page N]"


def test_a_chat_command_is_declared_but_answered_only_by_telegram() -> None:
    for name in (*CATALOGUE.names(Scope.CHAT), *CATALOGUE.names(Scope.ADMIN)):
        view = ask(f"/{name}")
        assert isinstance(view, UsageView) and view.error, name
        assert not CATALOGUE.runs_as_briefing(name)


def _echo(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return UsageView(command="echo", usage=f"{args.text}|{args.page}")


ECHO = Command(
    name="echo",
    description="Says its arguments back",
    aliases=("say",),
    run=_echo,
    paged=True,
)


def test_an_alias_reaches_the_same_declaration_and_shares_its_argument_steps() -> None:
    catalogue = Catalogue((ECHO,))
    declared = catalogue.get("say")
    command = parse_command("/say hello page 3")
    assert declared is ECHO and command is not None

    view = run(seed_corpus(), reference(), declared, command)

    assert isinstance(view, UsageView) and view.usage == "hello|3"
    assert catalogue.names(Scope.BRIEFING) == ("echo", "say")


@pytest.mark.parametrize(
    "commands",
    [
        (ECHO, Command(name="say", description="Another say", run=_echo)),
        (ECHO, Command(name="other", description="Same alias", aliases=("echo",), run=_echo)),
    ],
)
def test_a_name_is_declared_once(commands: tuple[Command, ...]) -> None:
    with pytest.raises(ValueError, match="declared twice"):
        Catalogue(commands)


@pytest.mark.parametrize(
    "declare",
    [
        lambda: Command(name="Echo", description="Upper case", run=_echo),
        lambda: Command(name="echo", description="No runner"),
        lambda: Command(name="echo", description="Chat", scope=Scope.CHAT, run=_echo),
        lambda: Command(name="echo", description="Two\nlines", run=_echo),
        lambda: Command(name="echo", description="Link", deep_link="Topic", run=_echo),
    ],
)
def test_a_bad_declaration_fails_when_the_bot_loads(declare: object) -> None:
    assert callable(declare)
    with pytest.raises(ValueError):
        declare()


def test_the_engine_answers_every_declared_briefing_name() -> None:
    corpus, ref = seed_corpus(), reference()
    for name in CATALOGUE.names(Scope.BRIEFING):
        command = parse_command(f"/{name}")
        assert command is not None
        view = answer(corpus, ref, command)
        assert not (isinstance(view, NotFoundView) and view.kind == "command"), name


def test_readme_shows_the_latest_module_as_it_is() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = readme.split("+++ bot/domain/commands/latest.py\n", 1)[1].split("+++ ", 1)[0]
    module = (root / "bot" / "domain" / "commands" / "latest.py").read_text(encoding="utf-8")
    assert [line[1:] for line in shown.splitlines()] == module.splitlines()
