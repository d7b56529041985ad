"""Long list briefings come a page at a time, with "N more…" and a link to the next page."""

from __future__ import annotations

from functools import cache

import pytest

from bot.domain.briefings import (
    PAGE_DIALOGUES,
    PAGE_LINES,
    PAGE_SENTENCES,
    Page,
    PersonView,
    PositionView,
    SearchView,
    TimelineView,
    TopicView,
    UsageView,
)
from bot.domain.corpus import Corpus
from bot.domain.models import EventDate, Participant
from bot.render import render_text

from ..factories import make_corpus, make_dialogue, position_hit, reference, topic_hit
from .asking import ask, text_of

MANY = 20


@cache
def crowded() -> Corpus:
    """MANY dated dialogues with Giang on maritime and the Four No's, one sentence each."""
    dialogues = []
    for n in range(MANY):
        sentence = f"Talks number {n} covered naval cooperation and the Four No's."
        dialogues.append(
            make_dialogue(
                f"talks-{n}",
                title=f"Talks number {n}",
                when=EventDate(year=2000 + n, month=5, day=1, precision="day"),
                source_id=f"s{n}",
                participants=[Participant(person_id="phan-van-giang", name="Phan Văn Giang")],
                topics=[topic_hit("maritime", sentence, source_id=f"s{n}")],
                positions=[position_hit("four-nos", sentence, source_id=f"s{n}")],
                summary=[topic_hit("x", sentence, source_id=f"s{n}").evidence[0]],
                seq=n + 1,
            )
        )
    return make_corpus(dialogues, list(reference().people))


def titles(view: object) -> list[str]:
    entries = getattr(view, "entries", ())
    return [e.dialogue.title for e in entries]


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("/topic maritime", TopicView),
        ("/position four no's", PositionView),
        ("/person Phan Van Giang", PersonView),
    ],
)
def test_dialogue_lists_come_eight_at_a_time_newest_first(command: str, kind: type) -> None:
    first = ask(command, crowded())
    assert isinstance(first, kind)
    assert titles(first) == [f"Talks number {n}" for n in range(MANY - 1, MANY - 9, -1)]
    assert len(titles(first)) == PAGE_DIALOGUES
    text = render_text(first)
    assert f"{MANY} dialogues, newest first · page 1 of 3" in text
    assert text.rstrip().endswith(
        f"{MANY - PAGE_DIALOGUES} more dialogues… {first.links[0].command}"
    )
    next_link = first.links[0]
    assert next_link.label == "Next page (2/3) ▶"
    second = ask(next_link.command, crowded())
    assert titles(second)[0] == f"Talks number {MANY - 1 - PAGE_DIALOGUES}"
    last = ask(f"{next_link.command[:-1]}3", crowded())
    assert len(titles(last)) == MANY - 2 * PAGE_DIALOGUES
    assert "more dialogues…" not in render_text(last)
    assert [link.label for link in last.links][:1] == ["◀ Page 2"]


def test_timeline_pages_keep_year_headings() -> None:
    first = ask("/timeline", crowded())
    assert isinstance(first, TimelineView)
    assert sum(len(g.dialogues) for g in first.groups) == PAGE_LINES
    assert first.links[0].command == "/timeline page 2"
    second = ask("/timeline page 2", crowded())
    assert isinstance(second, TimelineView)
    assert [g.label for g in second.groups] == [str(2000 + n) for n in range(MANY - 16, -1, -1)]
    assert "Timeline · page 2 of 2" in render_text(second)


def test_search_pages_hold_ten_sentences() -> None:
    first = ask("/search naval", crowded())
    assert isinstance(first, SearchView)
    assert (first.total, first.shown) == (MANY, PAGE_SENTENCES)
    assert first.links[0].command == "/search naval page 2"
    second = ask('/search "naval cooperation" page 2', crowded())
    assert isinstance(second, SearchView) and second.shown == MANY - PAGE_SENTENCES
    assert "Talks number 0 " in render_text(second)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        ("/topic maritime page 4", "Page 4 is past the end: there are 3 pages."),
        ("/timeline page 0", "Pages are numbered from 1."),
        ("/search naval page 9", "Page 9 is past the end: there are 2 pages."),
    ],
)
def test_a_page_past_the_end_says_how_many_there_are(command: str, error: str) -> None:
    view = ask(command, crowded())
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
    assert page.command_for(1) == "topic maritime"
    assert Page(1, 8, 0, "x").count == 1
