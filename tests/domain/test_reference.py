"""Reference data: read once while unchanged; a copy answers from its own lists."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.domain.reference import DEFAULT_REFERENCE_DIR, REFERENCE_FILES, load_reference


def test_a_copy_with_other_people_does_not_keep_the_originals_lookups() -> None:
    full = load_reference()
    giang = full.person_by_id["phan-van-giang"]  # the original's lookup is built first
    curated = full.model_copy(update={"people": [giang], "topics": full.topics[:1]})
    assert list(curated.person_by_id) == ["phan-van-giang"]
    assert list(curated.topic_by_id) == [full.topics[0].id]
    assert len(full.person_by_id) > 1  # the original is untouched


def test_the_files_are_read_once_and_again_once_changed(tmp_path: Path) -> None:
    for name in REFERENCE_FILES:
        shutil.copyfile(DEFAULT_REFERENCE_DIR / name, tmp_path / name)
    first = load_reference(tmp_path)
    assert load_reference(tmp_path) is first  # unchanged files: the same validated object
    topics = tmp_path / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("Maritime", "Sea"), "utf-8")
    edited = load_reference(tmp_path)
    assert edited is not first
    assert any(t.label.startswith("Sea") for t in edited.topics)
    assert not any(t.label.startswith("Sea") for t in first.topics)
