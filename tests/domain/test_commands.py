"""Command parsing: names, @bot suffixes, quotes, and the catalogue."""

from __future__ import annotations

import pytest

from bot.domain.commands import ParsedCommand, parse_command, split_page, split_terms
from bot.domain.commands.all_commands import (
    COMMAND_BY_NAME,
    COMMANDS,
    PAGED_COMMANDS,
    bot_commands,
)


def test_name_is_lower_cased_and_args_kept() -> None:
    assert parse_command("/Latest 3") == ParsedCommand("latest", "3", "3", ("3",))


def test_no_args() -> None:
    command = parse_command("/topics")
    assert command is not None
    assert (command.name, command.args, command.terms) == ("topics", "", ())


def test_quoted_and_bare_names_give_the_same_argument() -> None:
    quoted = parse_command('/person "Phan Van Giang"')
    bare = parse_command("/person Phan Van Giang")
    assert quoted is not None and bare is not None
    assert quoted.args == bare.args == "Phan Van Giang"


def test_curly_quotes_from_phones_work() -> None:
    command = parse_command("/person “Phan Văn Giang”")
    assert command is not None and command.args == "Phan Văn Giang"


def test_quoted_phrase_stays_one_term() -> None:
    command = parse_command('/search "East Sea" UNCLOS')
    assert command is not None
    assert command.terms == ("East Sea", "UNCLOS")
    assert command.raw_args == '"East Sea" UNCLOS'


@pytest.mark.parametrize(
    "text", ['/person "Phan Van Giang', "/person Phan Van Giang'", '/s "', "/x '"]
)
def test_unbalanced_quotes_do_not_crash(text: str) -> None:
    command = parse_command(text)
    assert command is not None
    assert '"' not in command.args


def test_unbalanced_quote_is_dropped() -> None:
    command = parse_command('/person "Phan Van Giang')
    assert command is not None and command.args == "Phan Van Giang"


def test_apostrophe_inside_a_word_is_not_a_quote() -> None:
    command = parse_command("/position four no's")
    assert command is not None and command.args == "four no's"
    assert split_terms("'Four No's' policy") == ("Four No's", "policy")


def test_whitespace_is_normalised() -> None:
    command = parse_command("  /person   Lee \n Jong-sup  ")
    assert command is not None and command.args == "Lee Jong-sup"


def test_suffix_naming_us_is_accepted_case_insensitively() -> None:
    command = parse_command("/latest@BriefBot 2", bot_username="briefbot")
    assert command == ParsedCommand("latest", "2", "2", ("2",))
    assert parse_command("/latest@briefbot", bot_username="@BriefBot") is not None


def test_suffix_naming_another_bot_is_not_for_us() -> None:
    assert parse_command("/latest@OtherBot", bot_username="BriefBot") is None


def test_suffix_without_known_username_is_accepted() -> None:
    command = parse_command("/topic@AnyBot maritime")
    assert command is not None and (command.name, command.args) == ("topic", "maritime")


@pytest.mark.parametrize("text", ["", "hello", "/", "/ topic", "//x", "/top-ic", "latest"])
def test_not_a_command(text: str) -> None:
    assert parse_command(text) is None


def test_catalogue_has_every_command_with_a_description() -> None:
    names = [c.name for c in COMMANDS]
    assert names == [
        "start",
        "help",
        "latest",
        "topic",
        "topics",
        "person",
        "people",
        "position",
        "positions",
        "timeline",
        "series",
        "search",
        "source",
        "export",
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "digest_time",
        "timezone",
        "digest",
    ]
    for name, description in bot_commands():
        assert name.islower() and 1 <= len(name) <= 32
        assert 3 <= len(description) <= 256 and "\n" not in description
    assert COMMAND_BY_NAME["latest"].usage == "/latest [1-10] [period]"
    assert COMMAND_BY_NAME["topics"].usage == "/topics"
    assert COMMAND_BY_NAME["series"].usage == "/series <mechanism> [period] [page N]"
    assert "series" in PAGED_COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("maritime page 2", ("maritime", 2)),
        ("Phan Van Giang PAGE 12", ("Phan Van Giang", 12)),
        ('"East Sea" UNCLOS page 3', ('"East Sea" UNCLOS', 3)),
        ("page 2", ("", 2)),
        ("maritime", ("maritime", None)),
        ("front page", ("front page", None)),
        ("page two", ("page two", None)),
        ("homepage 2", ("homepage 2", None)),
    ],
)
def test_a_trailing_page_number_is_split_off(args: str, expected: tuple[str, int | None]) -> None:
    assert split_page(args) == expected
