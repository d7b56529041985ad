"""/search: every term, highlighted in the original spelling, each sentence once."""

from __future__ import annotations

import pytest

from bot.domain.briefings import NotFoundView, SearchView, UsageView, search
from bot.domain.corpus import Corpus
from bot.domain.models import EventDate, Evidence

from ..factories import make_corpus, make_dialogue, reference, seed_corpus
from .asking import ask


def test_search_finds_words_and_phrases_with_citations() -> None:
    view = search(seed_corpus(), reference(), '"East Sea" UNCLOS')
    assert isinstance(view, SearchView)
    assert view.total >= 1
    first = view.hits[0]
    assert first.dialogue is not None and first.dialogue.id == "defence-policy-11"
    snippet = first.snippets[0]
    assert {s.text for s in snippet.segments if s.hit} >= {"East Sea", "UNCLOS"}
    assert snippet.citation.outlet == "The Europe Today"


def test_search_highlights_whole_words_and_ignores_accents() -> None:
    view = search(seed_corpus(), reference(), "bomb")
    assert isinstance(view, SearchView)
    hits = {s.text for h in view.hits for sn in h.snippets for s in sn.segments if s.hit}
    assert "bombs" in hits
    marked = {
        s.text
        for v in _pages('"viet nam"')
        for h in v.hits
        for sn in h.snippets
        for s in sn.segments
        if s.hit
    }
    assert "Việt Nam" in marked


def _pages(text: str) -> list[SearchView]:
    """Every page of a search."""
    views: list[SearchView] = []
    while not views or (views[-1].page is not None and views[-1].page.remaining):
        view = search(seed_corpus(), reference(), text, page=len(views) + 1)
        assert isinstance(view, SearchView)
        views.append(view)
    return views


def _found(text: str) -> list[str]:
    """The text of every sentence a search finds, over all its pages."""
    return [
        "".join(s.text for s in sn.segments)
        for v in _pages(text)
        for h in v.hits
        for sn in h.snippets
    ]


def test_search_counts_a_repeated_paragraph_once() -> None:
    view = search(seed_corpus(), reference(), "limited budget")
    assert isinstance(view, SearchView)
    assert view.total == 1
    assert view.hits[0].dialogue is not None
    assert view.hits[0].dialogue.id == "strategic-defence-2"


def test_search_without_results_or_terms() -> None:
    assert isinstance(search(seed_corpus(), reference(), "xylophone"), NotFoundView)
    assert isinstance(search(seed_corpus(), reference(), '  "" '), UsageView)
    assert isinstance(ask("/search"), UsageView)


def test_headline_and_decks_are_not_quoted_as_sentences() -> None:
    # Seed 004 opens with a headline and two decks, one of them on people-to-people links.
    assert isinstance(search(seed_corpus(), reference(), '"Leaders Pledge"'), NotFoundView)
    view = search(seed_corpus(), reference(), "people-to-people")
    assert isinstance(view, SearchView)
    quoted = ["".join(s.text for s in sn.segments) for h in view.hits for sn in h.snippets]
    assert any(q.startswith("Cooperation will be strengthened") for q in quoted)
    assert not any("Leaders Pledge" in q for q in quoted)


@pytest.mark.parametrize("words", ["<b>&", "a", "<i>x</i> &amp;", '"a" b'])
def test_markup_and_single_letters_leave_nothing_to_search(words: str) -> None:
    view = search(seed_corpus(), reference(), words)
    assert isinstance(view, UsageView)
    assert view.error == "Give a word of 2 letters or more, or a quoted phrase."


def test_markup_around_a_word_is_ignored() -> None:
    plain = search(seed_corpus(), reference(), "bomb")
    tagged = search(seed_corpus(), reference(), "<b>bomb</b> &")
    assert isinstance(plain, SearchView) and isinstance(tagged, SearchView)
    assert (tagged.terms, tagged.total) == (("bomb",), plain.total)


def test_a_term_said_many_times_is_looked_for_once() -> None:
    once = search(seed_corpus(), reference(), "bomb")
    many = search(seed_corpus(), reference(), " ".join(["Bomb"] * 800 + ['"BOMB"']))
    assert isinstance(once, SearchView) and isinstance(many, SearchView)
    assert many.terms == ("Bomb",)
    assert [h.snippets for h in many.hits] == [h.snippets for h in once.hits]


@pytest.mark.parametrize("spelling", ["Việt Nam", "Viet Nam", "viet-nam", "베트남", '"Việt Nam"'])
def test_every_spelling_of_a_country_finds_the_same_sentences(spelling: str) -> None:
    assert _found(spelling) == _found("Vietnam")
    assert len(_found("Vietnam")) > len(_found('"Việt Nam" korea'))


def test_a_quoted_phrase_stays_a_phrase_folded() -> None:
    phrase = _found('"defence cooperation"')
    assert phrase and _found('"DEFENCE-cooperation"') == phrase
    assert all("defence cooperation" in q.lower() for q in phrase)
    assert len(_found("cooperation defence")) > len(phrase)  # words anywhere: more sentences


def _said(*sentences: str) -> Corpus:
    """A corpus of one dialogue a sentence (its summary), dated 2001, 2002, …"""
    return make_corpus(
        [
            make_dialogue(
                f"d{n}",
                when=EventDate(year=2001 + n, month=6, day=1, precision="day"),
                source_id=f"s{n}",
                summary=[Evidence(sentence=sentence, source_id=f"s{n}")],
            )
            for n, sentence in enumerate(sentences)
        ]
    )


def _quoted(corpus: Corpus, text: str) -> list[str]:
    """The sentences a search shows (none when it finds nothing)."""
    view = search(corpus, reference(), text)
    if isinstance(view, NotFoundView):
        return []
    assert isinstance(view, SearchView)
    return ["".join(s.text for s in sn.segments) for h in view.hits for sn in h.snippets]


_KOREAS = (
    "South Korea and Vietnam signed a naval pact.",
    "North Korea fired a missile.",
    "Ships crossed the Korean peninsula waters.",
    "한국은 베트남과 협정을 맺었다.",
    "한국전쟁 기념관을 방문했다.",
    "The ROK navy sent a frigate.",
)


@pytest.mark.parametrize(
    "spelling", ["South Korea", "한국", "ROK", "Republic of Korea", "Hàn Quốc"]
)
def test_a_name_of_south_korea_finds_neither_north_korea_nor_other_words(spelling: str) -> None:
    found = _quoted(_said(*_KOREAS), spelling)
    assert "North Korea fired a missile." not in found
    assert "Ships crossed the Korean peninsula waters." not in found
    assert "한국전쟁 기념관을 방문했다." not in found  # the Korean War: another word
    # Every spelling of South Korea, a Korean particle on it included.
    assert {_KOREAS[0], _KOREAS[3], _KOREAS[5]} <= set(found)


def test_a_word_is_split_in_two_only_into_two_whole_words() -> None:
    corpus = _said(
        "They met with outstanding results.",
        "Funds for establishing a centre were pledged.",
        "The peace keeping mission left.",
        "A forest was replanted.",
    )
    assert _quoted(corpus, "without") == []
    assert _quoted(corpus, "forest") == ["A forest was replanted."]
    assert _quoted(corpus, "peacekeeping") == ["The peace keeping mission left."]
