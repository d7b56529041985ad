"""Long list briefings come a page at a time, with "N more…" and a link to the next page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GENERATED, SEED_COUNT

from bot.domain.briefings import (
    PAGE_DIALOGUES,
    PAGE_LINES,
    PAGE_SENTENCES,
    Briefing,
    Page,
    PersonView,
    PositionView,
    SearchView,
    TimelineView,
    TopicView,
    UsageView,
)
from bot.domain.corpus import Corpus
from bot.domain.models import PositionHit
from bot.render import render_text
from bot.store import Store

from ..factories import make_corpus
from .asking import ask, text_of

TOTAL = SEED_COUNT + GENERATED
PAGES = -(-TOTAL // PAGE_DIALOGUES)


@pytest.fixture(scope="module")
def crowded(crowded_store_file: Path) -> Corpus:
    """The seeds plus the generated dialogues, each of which also cites the Four No's."""
    stored = Store(crowded_store_file).corpus()
    dialogues = [
        d.model_copy(update={"positions": [PositionHit(id="four-nos", evidence=d.summary)]})
        for d in stored.dialogues
    ]
    return make_corpus(dialogues, list(stored.people.values()), list(stored.sources.values()))


def ids(view: Briefing) -> list[str]:
    return [e.dialogue.id for e in getattr(view, "entries", ())]


@pytest.mark.parametrize(
    ("command", "kind", "total"),
    [
        ("/topic maritime", TopicView, TOTAL),
        ("/position four no's", PositionView, TOTAL),
        ("/person Phan Van Giang", PersonView, GENERATED + 1),
    ],
)
def test_dialogue_lists_come_eight_at_a_time_newest_first(
    crowded: Corpus, command: str, kind: type, total: int
) -> None:
    first = ask(command, crowded)
    assert isinstance(first, kind)
    assert ids(first) == [d.id for d in crowded.dialogues if d.id in ids(first)]
    assert len(ids(first)) == PAGE_DIALOGUES
    pages = -(-total // PAGE_DIALOGUES)
    text = render_text(first)
    assert f"{total} dialogues, newest first · page 1 of {pages}" in text
    next_link = first.links[0]
    assert next_link.label == f"Next page (2/{pages}) ▶"
    assert text.rstrip().endswith(f"{total - PAGE_DIALOGUES} more dialogues… {next_link.command}")
    second = ask(next_link.command, crowded)
    assert len(ids(second)) == PAGE_DIALOGUES and not set(ids(second)) & set(ids(first))
    last = ask(f"{next_link.command[:-1]}{pages}", crowded)
    assert len(ids(last)) == total - (pages - 1) * PAGE_DIALOGUES
    assert "more dialogues…" not in render_text(last)
    assert [link.label for link in last.links][:1] == [f"◀ Page {pages - 1}"]


def test_timeline_pages_keep_year_headings(crowded: Corpus) -> None:
    first = ask("/timeline", crowded)
    assert isinstance(first, TimelineView)
    assert sum(len(g.dialogues) for g in first.groups) == PAGE_LINES
    # The seeds' three dated years (2023 inferred from a term), then the generated twelve of 1999.
    assert [g.label for g in first.groups] == ["2025", "2024", "2023", "1999"]
    assert first.links[0].command == "/timeline page 2"
    second = ask("/timeline page 2", crowded)
    assert isinstance(second, TimelineView)
    assert [g.label for g in second.groups] == ["1998", "1997"]
    assert f"Timeline · page 2 of {-(-TOTAL // PAGE_LINES)}" in render_text(second)
    # 1997 runs over the page break: the next page opens with its heading again.
    third = ask("/timeline page 3", crowded)
    assert isinstance(third, TimelineView)
    assert third.groups[0].label == "1997"


def test_search_pages_hold_ten_sentences(crowded: Corpus) -> None:
    first = ask("/search generated dialogue", crowded)
    assert isinstance(first, SearchView)
    assert (first.total, first.shown) == (GENERATED, PAGE_SENTENCES)
    assert first.links[0].command == "/search generated dialogue page 2"
    last = ask(f'/search "generated dialogue" page {GENERATED // PAGE_SENTENCES}', crowded)
    assert isinstance(last, SearchView) and last.shown == PAGE_SENTENCES
    assert "Generated dialogue 0 discussed" in render_text(last)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        ("/topic maritime page 99", f"Page 99 is past the end: there are {PAGES} pages."),
        ("/timeline page 0", "Pages are numbered from 1."),
        ("/search KOICA page 2", "Page 2 is past the end: there is only 1 page."),
    ],
)
def test_a_page_past_the_end_says_how_many_there_are(
    crowded: Corpus, command: str, error: str
) -> None:
    view = ask(command, crowded)
    assert isinstance(view, UsageView) and view.error == error


def test_a_short_list_is_one_page_without_links_to_others() -> None:
    view = ask("/topic maritime")
    assert isinstance(view, TopicView) and view.page is not None and view.page.count == 1
    assert not [link for link in view.links if link.kind == "command"]
    assert "page 1" not in text_of("/topic maritime")


def test_page_arithmetic() -> None:
    page = Page(number=2, size=8, total=20, command="topic maritime")
    assert (page.count, page.remaining, page.past_end) == (3, 4, False)
    assert page.cut(list(range(20))) == tuple(range(8, 16))
    assert page.command_for(1) == "topic maritime page 1"
    assert Page(1, 8, 0, "x").count == 1
