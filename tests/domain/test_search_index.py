"""The sentence index: which texts may hold a term, and their occurrences in rank order."""

from __future__ import annotations

from bot.domain.search_index import MAX_PREFIX_WORDS, SearchIndex
from bot.domain.search_segments import SegmentBuilder, merge_segments

TEXTS = ["bomb clearance in quang tri", "unexploded bombs cleared", "naval talks", "clear skies"]


def _index(texts: list[str]) -> SearchIndex:
    builder = SegmentBuilder()
    builder.add("s:one", "one", "d1", texts)
    return SearchIndex([builder.segment()], {})


def _found(index: SearchIndex, *terms: tuple[str, ...]) -> list[int]:
    return list(index.candidates([[t] for t in terms]).tolist())


def test_words_are_whole_except_the_last_which_is_a_prefix() -> None:
    index = _index(TEXTS)
    assert _found(index, ("bomb",)) == [0, 1]  # "bomb" finds "bombs"
    assert _found(index, ("bomb", "clear")) == [0]  # "bombs cleared": not the phrase
    assert _found(index, ("bomb",), ("clear",)) == [0, 1]
    assert _found(index, ("clear",), ("naval",)) == []
    assert _found(index, ("xylophone",)) == []


def test_any_spelling_of_a_term_counts() -> None:
    index = _index(["talks in viet nam", "vietnam and korea", "beteunameun talks"])
    spellings = [("vietnam",), ("viet", "nam"), ("beteunam",)]
    assert index.candidates([spellings]).tolist() == [0, 1, 2]
    assert not index.exact([spellings])  # a two-word spelling is checked afterwards


def test_a_prefix_shared_by_too_many_words_is_left_to_the_exact_check() -> None:
    words = [f"w{n:05d}" for n in range(MAX_PREFIX_WORDS + 1)]
    index = _index([*words, "naval w00001"])
    assert _found(index, ("w",)) == list(range(len(words) + 1))  # not narrowed: all
    assert _found(index, ("w",), ("naval",)) == [len(words)]
    assert not index.exact([[("w",)]])


def test_occurrences_come_newest_dialogue_first_and_once_per_dialogue() -> None:
    builder = SegmentBuilder()
    builder.add("s:a", "a", "old", ["naval talks", "other"])
    builder.add("s:b", "b", "new", ["more", "naval talks"])
    builder.add("s:c", "c", "new", ["naval talks"])  # a second report of the same meeting
    index = SearchIndex([builder.segment()], {"new": 0, "old": 1})
    hits = index.hits(index.candidates([[("naval",)]]))
    assert len(hits) == 2
    assert [(h.source_id, h.dialogue_id) for h in hits.cut(0, 10)] == [("b", "new"), ("a", "old")]
    assert [h.source_id for h in hits.cut(1, 2)] == ["a"]
    older = index.hits(index.candidates([[("naval",)]]), keep=lambda dialogue: dialogue == "old")
    assert [(h.source_id, len(older)) for h in older.cut(0, 10)] == [("a", 1)]


def test_a_later_segment_replaces_a_document() -> None:
    first, second = SegmentBuilder(), SegmentBuilder()
    first.add("d:x", "gone", "x", ["old words"])
    second.add("d:x", "gone", "x", ["new words"])
    merged = merge_segments([first.segment(), second.segment()])
    assert merged.texts == ("new words",)
    assert [d.sentences for d in merged.docs] == [(0,)]
    index = SearchIndex([first.segment(), second.segment()], {})
    assert len(index.hits(index.candidates([[("old",)]]))) == 0
    assert len(index.hits(index.candidates([[("new",)]]))) == 1
