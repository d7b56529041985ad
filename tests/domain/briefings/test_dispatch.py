"""Dispatch: every command reaches its briefing; bad arguments give usage, never an error."""

from __future__ import annotations

import pytest

from bot.domain.briefings import (
    DialogueView,
    LatestView,
    NotFoundView,
    PeopleView,
    PersonView,
    PositionsView,
    PositionView,
    SearchView,
    SourceView,
    StartView,
    TimelineView,
    TopicsView,
    TopicView,
    UsageView,
    answer,
)
from bot.domain.commands import parse_command
from bot.domain.commands.all_commands import COMMANDS
from bot.domain.reference import Reference
from bot.domain.text import ECHO_LIMIT
from bot.render import html_to_text, render_html, render_text

from ..factories import EUROPE_TODAY, make_corpus, reference, seed_corpus
from .asking import ask, text_of


@pytest.mark.parametrize(
    "text", ["/latest abc", "/latest 500", "/latest 0", "/latest -1", "/timeline 20x5"]
)
def test_argument_errors_give_usage(text: str) -> None:
    view = ask(text)
    assert isinstance(view, UsageView)
    assert view.error
    assert view.usage.startswith("/")


@pytest.mark.parametrize("name", ["topic", "person", "position", "source"])
def test_missing_argument_gives_usage_with_choices(name: str) -> None:
    view = ask(f"/{name}")
    assert isinstance(view, UsageView) and view.suggestions


def test_dispatch_covers_every_text_command() -> None:
    expected = {
        "/start": StartView,
        "/latest 2": LatestView,
        "/topics": TopicsView,
        "/people": PeopleView,
        "/positions": PositionsView,
        "/timeline 2025": TimelineView,
        "/topic navy": TopicView,
        "/person Jong-sup Lee": PersonView,
        "/position unclos": PositionView,
        f"/source {EUROPE_TODAY}": SourceView,
        "/search KOICA": SearchView,
        "/dialogue deputy-fm-5": DialogueView,
        "/start person_phan-van-giang": PersonView,
        "/start year_2024": TimelineView,
        "/start nonsense": StartView,
    }
    for text, kind in expected.items():
        assert isinstance(ask(text), kind), text


def test_help_and_chat_only_commands() -> None:
    help_view = ask("/help")
    assert {c.name for c in getattr(help_view, "commands", ())} == {c.name for c in COMMANDS}
    one = ask("/help latest")
    assert isinstance(one, UsageView) and one.error is None
    chat_only = ask("/subscribe maritime")
    assert isinstance(chat_only, UsageView) and chat_only.error


def test_unknown_command_suggests_close_ones() -> None:
    view = ask("/lates")
    assert isinstance(view, NotFoundView) and view.kind == "command"
    assert view.suggestions[0].command == "/latest"


def test_not_found_views_carry_suggestions() -> None:
    for text, kind in (("/person Zzyzx", "person"), ("/topic qqqq", "topic")):
        view = ask(text)
        assert isinstance(view, NotFoundView) and view.kind == kind
        assert view.suggestions and view.links == view.suggestions
    ambiguous = ask("/person Lee")
    assert isinstance(ambiguous, NotFoundView)
    # Both Lees of the seeds, and any other the register knows.
    assert {"lee-jong-sup", "lee-jae-myung"} <= {s.id for s in ambiguous.suggestions}


GARBAGE = ["", "0", "-3", "99999999999", "abc", "<b>&amp;", '"', "'", "“", "😀" * 50, "a" * 3000]


@pytest.mark.parametrize("name", [c.name for c in COMMANDS] + ["dialogue", "nonsense"])
def test_no_argument_ever_raises(name: str) -> None:
    bare = Reference(topics=[], positions=[], mechanisms=[], people=[])
    for corpus, ref in ((seed_corpus(), reference()), (make_corpus([]), reference())):
        for arg in GARBAGE:
            command = parse_command(f"/{name} {arg}")
            assert command is not None
            assert render_text(answer(corpus, ref, command)).strip()
    command = parse_command(f"/{name} x")
    assert command is not None
    assert render_text(answer(seed_corpus(), bare, command)).strip()


def test_empty_corpus_views() -> None:
    empty = make_corpus([])
    assert isinstance(ask("/latest", empty), LatestView)
    assert "No dialogues are stored yet" in text_of("/latest", empty)
    assert "No dialogues are stored yet" in text_of("/timeline", empty)
    assert "0 dialogues" in text_of("/start", empty)


def test_misspelt_command_is_offered_back_with_its_arguments() -> None:
    view = ask("/persn Giang")
    assert isinstance(view, NotFoundView)
    assert [s.command for s in view.suggestions][:1] == ["/person Giang"]
    assert "• /person Giang" in text_of("/persn Giang")


LONG = "x" * 4200


@pytest.mark.parametrize(
    "text",
    [
        f"/subscrib {LONG}",
        f"/persn {LONG}",
        f"/person {LONG}",
        f"/person {'Nguyen ' * 700}",
        f"/topic {LONG}",
        f"/position {LONG}",
        f"/source {LONG}",
        f"/dialogue {LONG}",
        f"/latest {LONG}",
        f"/timeline {LONG}",
        f"/search {LONG}",
        f"/search zq{LONG}",
    ],
)
def test_long_arguments_are_echoed_cut_short(text: str) -> None:
    [message] = render_html(ask(text))
    shown = html_to_text(message)
    assert len(shown) < 1000, shown
    assert "x" * (ECHO_LIMIT + 1) not in shown and "Nguyen " * 10 not in shown
    assert "…" in shown


def test_chat_commands_are_suggested_as_text_never_as_buttons() -> None:
    view = ask("/subscriptons maritime")
    assert isinstance(view, NotFoundView)
    offered = [s.command for s in view.suggestions]
    assert offered[0] == "/subscriptions maritime"
    assert "• /subscriptions maritime" in text_of("/subscriptons maritime")
    assert view.links == ()
    mixed = ask("/digests")
    assert isinstance(mixed, NotFoundView)
    assert all(not link.command.startswith(("/digest", "/subscri")) for link in mixed.links)
    assert [link.command for link in ask("/lates").links] == ["/latest"]
