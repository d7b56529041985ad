"""The inverted index: which folded texts may hold a term, found without scanning them."""

from __future__ import annotations

from bot.domain.search_index import MAX_PREFIX_WORDS, InvertedIndex

TEXTS = ["bomb clearance in quang tri", "unexploded bombs cleared", "naval talks", "clear skies"]


def test_words_are_whole_except_the_last_which_is_a_prefix() -> None:
    index = InvertedIndex.build(TEXTS)
    assert index.candidates([["bomb"]]) == [0, 1]  # "bomb" finds "bombs"
    assert index.candidates([["bomb", "clear"]]) == [0]  # "bombs cleared": not the phrase
    assert index.candidates([["bomb"], ["clear"]]) == [0, 1]
    assert index.candidates([["clear"], ["naval"]]) == []
    assert index.candidates([["xylophone"]]) == []


def test_a_prefix_shared_by_too_many_words_is_left_to_the_exact_check() -> None:
    words = [f"w{n:05d}" for n in range(MAX_PREFIX_WORDS + 1)]
    index = InvertedIndex.build([*words, "naval w00001"])
    assert index.candidates([["w"]]) == list(range(len(words) + 1))  # not narrowed: all
    assert index.candidates([["w"], ["naval"]]) == [len(words)]


def test_only_one_word_terms_are_found_exactly() -> None:
    index = InvertedIndex.build(TEXTS)
    assert index.exact([["bomb"], ["clear"]])
    assert not index.exact([["bomb", "clearance"]])  # a phrase: order is checked afterwards
    common = InvertedIndex.build([f"w{n:05d}" for n in range(MAX_PREFIX_WORDS + 1)])
    assert not common.exact([["w"]])  # not narrowed by the index at all
