"""The facts behind a briefing as rows: which dialogues, which facts, and the caps."""

from __future__ import annotations

from bot.domain.briefings.views import NotFoundView
from bot.domain.commands import parse_command
from bot.domain.corpus import Corpus
from bot.domain.fact_export import (
    MAX_SEARCH_PAGES,
    FactExport,
    NoExport,
    briefing_dialogues,
    build_export,
    export_briefing,
    summary_line,
)
from bot.domain.models import EventDate, Evidence

from .factories import make_corpus, make_dialogue, reference, seed_corpus


def test_rows_are_capped_and_the_summary_says_so() -> None:
    corpus = seed_corpus()
    full = build_export(corpus, reference(), "/timeline", corpus.dialogues)
    capped = build_export(corpus, reference(), "/timeline", corpus.dialogues, limit=10)

    assert len(capped.rows) == 10 and capped.total == full.total > 10
    assert capped.rows == full.rows[:10]
    assert capped.truncated and not full.truncated
    assert "Only the first 10 are in the files." in summary_line(capped)
    assert "Only the first" not in summary_line(full)


def test_a_search_longer_than_the_page_cap_says_it_is_partial() -> None:
    dialogues = [
        make_dialogue(
            f"d{n}",
            when=EventDate(year=2000 + n % 20, precision="none"),
            source_id=f"s{n}",
            summary=[Evidence(sentence=f"Naval drill number {n} was held.", source_id=f"s{n}")],
        )
        for n in range(MAX_SEARCH_PAGES * 10 + 30)
    ]
    corpus = make_corpus(dialogues)
    command = parse_command("/search naval drill")
    assert command is not None

    covered = briefing_dialogues(corpus, reference(), command)

    assert covered.partial and covered.dialogues is not None
    assert 0 < len(covered.dialogues) < len(dialogues)
    export = build_export(
        corpus, reference(), covered.command, covered.dialogues, partial=covered.partial
    )
    assert export.truncated
    assert "The search matched more" in summary_line(export)


def test_a_short_search_is_whole() -> None:
    command = parse_command("/search peacekeeping")
    assert command is not None
    covered = briefing_dialogues(seed_corpus(), reference(), command)
    assert covered.dialogues and not covered.partial


def test_a_search_narrowed_to_a_period_exports_that_period_beyond_the_page_cap() -> None:
    recent = MAX_SEARCH_PAGES * 10 + 30  # more sentences than the export reads, all after 2020
    dialogues = [
        make_dialogue(
            f"d{n}",
            when=EventDate(year=2021 + n % 4, month=1 + n % 12, day=1, precision="day"),
            source_id=f"s{n}",
            summary=[Evidence(sentence=f"Naval drill number {n} was held.", source_id=f"s{n}")],
        )
        for n in range(recent)
    ]
    old = [
        make_dialogue(
            f"old{n}",
            when=EventDate(year=2010 + n, month=5, day=1, precision="day"),
            source_id=f"o{n}",
            summary=[Evidence(sentence=f"An early naval drill, {n}.", source_id=f"o{n}")],
        )
        for n in range(3)
    ]
    command = parse_command("/search naval drill before 2020")
    assert command is not None

    covered = briefing_dialogues(make_corpus([*dialogues, *old]), reference(), command)

    assert covered.dialogues is not None
    assert {d.id for d in covered.dialogues} == {"old0", "old1", "old2"}
    assert not covered.partial


def test_an_export_or_the_reason_there_is_none() -> None:
    def export_of(text: str, corpus: Corpus) -> FactExport | NoExport:
        command = parse_command(text)
        assert command is not None
        return export_briefing(corpus, reference(), command)

    seed = seed_corpus()
    maritime = export_of("/topic maritime", seed)
    typo = export_of("/topic qqqzzz", seed)
    empty = export_of("/topic maritime", make_corpus([]))

    assert isinstance(maritime, FactExport) and maritime.command == "/topic maritime"
    assert {r.dialogue_id for r in maritime.rows} == {d.id for d in seed.by_topic["maritime"]}
    assert isinstance(typo, NoExport) and isinstance(typo.view, NotFoundView)
    assert isinstance(empty, NoExport) and empty.view is None
    assert empty.reason == "/topic maritime covers no dialogues, so there is nothing to export."
