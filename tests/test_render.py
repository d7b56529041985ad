"""Rendering: escaping, Telegram's tag set, splitting into messages, and plain text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import per_line

from bot.domain.briefings import (
    Attendee,
    Citation,
    CitedDialogue,
    DialogueCard,
    DialogueRef,
    DialogueView,
    Entry,
    Fact,
    HelpView,
    LatestView,
    ListItem,
    NotFoundView,
    PeopleView,
    PersonEntry,
    PersonView,
    PositionsView,
    PositionView,
    Ref,
    SearchHit,
    SearchView,
    Segment,
    Snippet,
    SourceView,
    StartView,
    TimelineView,
    TopicsView,
    TopicView,
    UsageView,
    View,
    YearGroup,
)
from bot.render import (
    TELEGRAM_LIMIT,
    Renderer,
    html_to_text,
    render_html,
    render_text,
    split_html,
)

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
NASTY = '<b>bold</b> & <script>alert("x")</script> &amp; 1 < 2 > 0'

# The tags our templates may use, all of them Telegram HTML.
ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "code", "pre", "a", "blockquote"})
CITE = Citation(source_id="c45f0721", outlet="The Europe Today", date="24 Apr 2024")
LINKED = Citation(source_id="s2", outlet="VNA", date="date unknown", url="https://x.vn/a?b=1&c=2")
DIALOGUE = DialogueRef("d1", "11th defence policy dialogue", "23 April 2024", "Hanoi", "Defence")


def assert_valid_telegram_html(message: str) -> None:
    """Only allowed tags, properly nested and closed; no stray '<' or broken entity."""
    stack: list[str] = []
    for match in TAG.finditer(message):
        closing, name = match.group(1), match.group(2).lower()
        assert name in ALLOWED_TAGS, name
        if closing:
            assert stack and stack[-1] == name, (name, stack, message[:200])
            stack.pop()
        else:
            assert name == "a" or not match.group(3).strip(), match.group(0)
            stack.append(name)
    assert not stack, stack
    outside = TAG.sub("", message)
    assert "<" not in outside and ">" not in outside
    for amp in re.finditer(r"&", outside):
        assert re.match(r"&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot);", outside[amp.start() :]), outside[
            amp.start() : amp.start() + 12
        ]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def visible(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace ignored."""
    return squeezed(html.unescape(TAG.sub("", markup)))


def long_topic(entries: int = 60) -> TopicView:
    sentence = "Both sides agreed to deepen naval cooperation & training <soon>. " * 4
    return TopicView(
        topic=Ref("topic", "maritime", "Maritime security"),
        entries=tuple(
            Entry(
                DialogueRef(f"d{i}", f"Dialogue {i}", "28 March (year unknown)", "Seoul"),
                (Fact(sentence.strip(), LINKED if i % 2 else CITE),),
            )
            for i in range(entries)
        ),
    )


# --- escaping ---------------------------------------------------------------------------------


def test_user_text_in_not_found_is_escaped() -> None:
    view = NotFoundView(kind="person", query=NASTY, suggestions=(Ref("person", "x", "X & Y"),))
    (message,) = render_html(view)
    assert "<script>" not in message and "<b>bold" not in message
    assert "&lt;script&gt;" in message and "&amp;amp;" in message
    assert "X &amp; Y" in message
    assert_valid_telegram_html(message)
    text = render_text(view)
    assert NASTY in text


def test_link_urls_are_escaped_and_written_out_in_text() -> None:
    view = TopicView(
        topic=Ref("topic", "t", "T"),
        entries=(Entry(DIALOGUE, (Fact("A sentence.", LINKED),)),),
    )
    (message,) = render_html(view)
    assert '<a href="https://x.vn/a?b=1&amp;c=2">VNA</a>' in message
    assert_valid_telegram_html(message)
    assert "VNA (https://x.vn/a?b=1&c=2), date unknown" in render_text(view)


def test_every_fact_line_is_cited() -> None:
    text = render_text(long_topic(3))
    # Each quote is cited by the "outlet, date:" line over the quotes from that article.
    facts = [line for line in per_line(text).splitlines() if line.startswith("• “")]
    assert len(facts) == 3
    assert all(re.search(r"— (The Europe Today|VNA \(https://\S+\)), ", f) for f in facts)


# --- every view renders -----------------------------------------------------------------------

CARD = DialogueCard(
    dialogue=DIALOGUE,
    participants=(Attendee("p1", "Hoàng Xuân Chiến", "Deputy Minister", "Vietnam"),),
    summary=(Fact("It was convened.", CITE),),
    topics=(Ref("topic", "maritime", "Maritime security"),),
    sources=(CITE,),
)
ALL_VIEWS: list[View] = [
    StartView(dialogues=2, people=3, latest=DIALOGUE),
    StartView(),
    HelpView(),
    UsageView(command="latest", usage="/latest [1-10]", error="“abc” is not a number."),
    NotFoundView(kind="command", query="/x", hint="/help lists every command."),
    NotFoundView(kind="search", query="zz"),
    NotFoundView(kind="year", query="1999", suggestions=(Ref("year", "2024", "2024"),)),
    LatestView(cards=(CARD,)),
    LatestView(cards=(CARD, CARD)),
    LatestView(),
    DialogueView(card=CARD),
    long_topic(2),
    TopicView(topic=Ref("topic", "t", "T")),
    PersonView(
        person=Ref("person", "p1", "Hoàng Xuân Chiến"),
        country="Vietnam",
        roles=("Deputy Minister",),
        entries=(
            PersonEntry(
                DIALOGUE,
                role="Deputy Minister",
                counterparts=(Attendee("k", "Kim Seon-ho", None, "RoK"),),
                summary=(Fact("It was convened.", CITE),),
            ),
        ),
    ),
    PersonView(person=Ref("person", "p2", "Nobody")),
    PositionView(position=Ref("position", "four-nos", "Four No's"), points=("No alliances",)),
    TimelineView(groups=(YearGroup("Year unknown", None, (CitedDialogue(DIALOGUE, CITE, 2),)),)),
    TimelineView(),
    SearchView(
        query="navy",
        hits=(
            SearchHit(
                None, (Snippet((Segment("The "), Segment("navy", True), Segment(".")), CITE),)
            ),
        ),
        total=5,
        shown=1,
    ),
    SourceView(source=Ref("source", "s", "VNA"), file="a.txt", outlet="VNA", date="date unknown"),
    SourceView(
        source=Ref("source", "s", "VNA"),
        file="a.txt",
        outlet="VNA",
        date="1 May 2024",
        url="https://x.vn/",
        dialogue=DIALOGUE,
        paragraphs=("One.", "Two."),
        truncated=True,
    ),
    TopicsView(items=(ListItem(Ref("topic", "maritime", "Maritime security"), 4),)),
    PeopleView(items=(ListItem(Ref("person", "p", "Phan Văn Giang"), 1, "Vietnam"),)),
    PositionsView(),
]


@pytest.mark.parametrize("view", ALL_VIEWS, ids=lambda v: type(v).__name__)
def test_every_view_renders_valid_html_and_text(view: View) -> None:
    messages = render_html(view)
    assert messages
    for message in messages:
        assert 0 < len(message) <= TELEGRAM_LIMIT
        assert message == message.strip() and "\n\n\n" not in message
        assert_valid_telegram_html(message)
    assert render_text(view).strip()
    assert visible("".join(messages)) == visible(Renderer().html(view))


def test_plain_text_and_html_come_from_the_same_render() -> None:
    view = long_topic(2)
    renderer = Renderer()
    assert render_text(view) == html_to_text(renderer.html(view))


# --- splitting --------------------------------------------------------------------------------


def test_long_briefing_splits_at_paragraphs() -> None:
    view = long_topic(60)
    whole = Renderer().html(view)
    messages = render_html(view)
    assert len(whole) > TELEGRAM_LIMIT and len(messages) > 1
    for message in messages:
        assert len(message) <= TELEGRAM_LIMIT
        assert_valid_telegram_html(message)
    paragraphs = whole.split("\n\n")
    # Each message is a run of whole paragraphs.
    for message in messages:
        assert all(p in paragraphs for p in message.split("\n\n"))
    assert visible("".join(messages)) == visible(whole)


def test_huge_paragraph_splits_inside_with_tags_closed_and_reopened() -> None:
    sentence = "The navy &amp; the coast guard met again. "
    body = '<blockquote><i><a href="https://x.vn/?a=1&amp;b=2">' + sentence * 400 + "</a></i>"
    html_text = "<b>Title</b>\n\n" + body + "</blockquote>"
    messages = split_html(html_text, 1000)
    assert len(messages) > 5
    for message in messages:
        assert len(message) <= 1000
        assert_valid_telegram_html(message)
    for message in messages[1:]:
        assert message.startswith('<blockquote><i><a href="https://x.vn/?a=1&amp;b=2">')
    assert visible("".join(messages)) == visible(html_text)


def test_words_longer_than_a_message_are_cut_between_entities() -> None:
    html_text = "<b>" + "x&amp;y&lt;" * 300 + "</b>"
    messages = split_html(html_text, 100)
    for message in messages:
        assert len(message) <= 100
        assert_valid_telegram_html(message)
    assert "".join(html_to_text(m) for m in messages) == "x&y<" * 300


def test_limit_counts_utf16_units() -> None:
    messages = split_html("😀 " * 3000, TELEGRAM_LIMIT)
    assert len(messages) > 1
    for message in messages:
        assert len(message.encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT


def test_short_text_is_one_message_and_empty_is_none() -> None:
    assert split_html("<b>Hi</b>\n\nthere") == ["<b>Hi</b>\n\nthere"]
    assert split_html("") == []
    assert split_html("<b></b>") == []


# --- plain text -------------------------------------------------------------------------------


def test_html_to_text() -> None:
    assert html_to_text("<b>A</b> &amp; <i>B</i> &lt;c&gt; &#39;d&#39;") == "A & B <c> 'd'"
    assert html_to_text('<a href="https://x.vn/">VNA</a>') == "VNA (https://x.vn/)"
    assert html_to_text('<a href="https://x.vn/">https://x.vn/</a>') == "https://x.vn/"


def test_template_directory_can_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "help.html.j2").write_text("<b>{{ view.commands | length }}</b> {{ '<x>' }}")
    renderer = Renderer(tmp_path)
    assert render_html(HelpView(), renderer) == [f"<b>{len(HelpView().commands)}</b> &lt;x&gt;"]
    assert render_text(HelpView(), renderer) == f"{len(HelpView().commands)} <x>"


def test_missing_fields_fail_loudly(tmp_path: Path) -> None:
    (tmp_path / "help.html.j2").write_text("{{ view.nope }}")
    with pytest.raises(Exception, match="nope"):
        Renderer(tmp_path).html(HelpView())


def test_unescaped_entities_round_trip() -> None:
    view = NotFoundView(kind="topic", query="a & b < c")
    assert html.unescape(render_html(view)[0]).count("a & b < c") == 1
