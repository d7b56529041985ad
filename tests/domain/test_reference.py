"""Reference data: a copy with other lists answers from its own lists."""

from __future__ import annotations

from bot.domain.reference import load_reference


def test_a_copy_with_other_people_does_not_keep_the_originals_lookups() -> None:
    full = load_reference()
    giang = full.person_by_id["phan-van-giang"]  # the original's lookup is built first
    curated = full.model_copy(update={"people": [giang], "topics": full.topics[:1]})
    assert list(curated.person_by_id) == ["phan-van-giang"]
    assert list(curated.topic_by_id) == [full.topics[0].id]
    assert len(full.person_by_id) > 1  # the original is untouched
