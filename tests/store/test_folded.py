"""The folded catalog: a large store opens from one part, and answers as its shards' catalogs do."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.domain.corpus import Corpus
from bot.domain.models import TopicHit
from bot.store import SaveOutcome, Store
from store.test_core import killed_at, make_article, manifest

SHARDS = 17  # one more than a store reads on their own before it folds
COUNT = SHARDS * 256 + 1


def _build(folder: Path) -> Path:
    path = folder / "store.json"
    articles = [
        make_article(n, month=n % 12 + 1, day=n % 28 + 1, place=f"City{n}")
        for n in range(1, COUNT + 1)
    ]
    store = Store(path)
    store.save_articles(articles)
    store.close()
    return path


@pytest.fixture(scope="module")
def folded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("folded"))


@pytest.fixture
def copy(folded_store: Path, tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(folded_store.parent, tmp_path / "store")
    yield tmp_path / "store" / "store.json"
    for p in (tmp_path / "store").rglob("*"):
        p.chmod(0o644)


def _answers(corpus: Corpus) -> dict[str, Any]:
    """What briefings read of a corpus, without parsing every dialogue."""
    return {
        "newest": [d.id for d in corpus.dialogues[:30]],
        "oldest": [d.id for d in corpus.dialogues[-5:]],
        "count": len(corpus.dialogues),
        "maritime": [d.id for d in corpus.by_topic["maritime"][:10]],
        "topics": sorted((k, len(v)) for k, v in corpus.by_topic.items()),
        "march": [d.id for d in corpus.within(None, corpus.dialogues)[:3]],
        "sources": len(corpus.sources),
        "src0005": corpus.sources["src0005"].dialogue_id,
        "rank": corpus.rank()["dialogue-7"],
    }


def _without_fold(path: Path, *, schema: int = 3) -> None:
    """The store as a Briefbot from before folding wrote it: no folded part."""
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["meta"]["1"]
    meta["parts"].pop("catalog")
    meta["schema"] = schema
    path.write_text(json.dumps(data), encoding="utf-8")


def _read_only(path: Path) -> None:
    for p in [path, *path.with_name(f"{path.name}.d").iterdir()]:
        p.chmod(0o444)


def test_a_large_store_opens_from_its_folded_catalog_with_the_same_answers(copy: Path) -> None:
    assert "catalog" in manifest(copy)["parts"] and manifest(copy)["schema"] == 3
    folded = _answers(Store(copy).corpus())
    assert folded["count"] == COUNT and folded["sources"] == COUNT
    assert folded["src0005"] == "dialogue-5"
    _without_fold(copy)
    _read_only(copy)  # so that opening cannot fold it again
    assert "catalog" not in manifest(copy)["parts"]
    assert _answers(Store(copy).corpus()) == folded


def test_a_store_from_before_folding_is_folded_when_opened(copy: Path) -> None:
    expected = _answers(Store(copy).corpus())
    _without_fold(copy, schema=2)
    store = Store(copy)
    assert "catalog" in manifest(copy)["parts"] and manifest(copy)["schema"] == 3
    assert _answers(store.corpus()) == expected
    assert _answers(Store(copy).corpus()) == expected


def test_a_damaged_folded_catalog_is_passed_over(copy: Path) -> None:
    expected = _answers(Store(copy).corpus())
    folded = copy.with_name("store.json.d") / manifest(copy)["parts"]["catalog"]
    doc = json.loads(folded.read_text(encoding="utf-8"))
    doc["catalog"]["1"]["codes"]["topics"] = ["<u1", "AAAA"]  # three rows' codes for thousands
    folded.write_text(json.dumps(doc), encoding="utf-8")
    _read_only(copy)
    assert _answers(Store(copy).corpus()) == expected


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"[1, 2, 3]", id="a-list"),
    ],
)
def test_a_folded_catalog_that_is_not_a_json_object_is_passed_over(
    copy: Path, damage: Callable[[bytes], bytes]
) -> None:
    expected = _answers(Store(copy).corpus())
    folded = copy.with_name("store.json.d") / manifest(copy)["parts"]["catalog"]
    folded.write_bytes(damage(folded.read_bytes()))
    _read_only(copy)
    assert _answers(Store(copy).corpus()) == expected
    for p in [copy, *copy.with_name("store.json.d").iterdir()]:
        p.chmod(0o644)
    store = Store(copy)  # writable: the next commit folds the shards' catalogs again
    source, dialogue, people = make_article(COUNT + 1, day=1, place="Elsewhere")
    store.save_article(source=source, dialogue=dialogue, people=people)
    store.close()
    assert manifest(copy)["parts"]["catalog"] != folded.name
    reopened = Store(copy).corpus()
    assert len(reopened.dialogues) == COUNT + 1
    assert reopened.by_id[f"dialogue-{COUNT + 1}"].place == "Elsewhere"


def test_shards_changed_after_the_fold_are_read_from_their_own_catalogs(copy: Path) -> None:
    store = Store(copy)
    folded_file = manifest(copy)["parts"]["catalog"]
    # The same meeting as dialogue 5, reported by a new source that adds a topic: the shard
    # holding dialogue 5 (folded) changes, and one more article opens a new shard.
    source, dialogue, people = make_article(5, month=6, day=6, place="City5")
    source = source.model_copy(update={"id": "late0005"})
    topics = [*dialogue.topics, TopicHit(id="east-sea", evidence=dialogue.topics[0].evidence)]
    dialogue = dialogue.model_copy(update={"topics": topics, "sources": []})
    merged = store.save_article(source=source, dialogue=dialogue, people=people)
    assert merged.outcome is SaveOutcome.MERGED and merged.dialogue.id == "dialogue-5"
    source, dialogue, people = make_article(COUNT + 1, day=1, place="Elsewhere")
    assert store.save_article(source=source, dialogue=dialogue, people=people).outcome is (
        SaveOutcome.ADDED
    )
    assert manifest(copy)["parts"]["catalog"] == folded_file  # two changed shards: no new fold
    reopened = Store(copy).corpus()
    assert [d.id for d in reopened.by_topic["east-sea"]] == ["dialogue-5"]
    assert len(reopened.dialogues) == COUNT + 1
    assert reopened.sources["late0005"].dialogue_id == "dialogue-5"
    assert reopened.by_id[f"dialogue-{COUNT + 1}"].place == "Elsewhere"


def test_a_fold_killed_at_any_step_leaves_the_old_or_the_new_state(
    folded_store: Path, tmp_path: Path
) -> None:
    expected = _answers(Store(folded_store).corpus())
    base = tmp_path / "base"
    shutil.copytree(folded_store.parent, base)
    _without_fold(base / "store.json", schema=2)
    seen = set()
    for step in range(1, 100):
        case = tmp_path / f"step{step}"
        shutil.copytree(base, case)
        path = case / "store.json"
        code = killed_at(path, step, lambda store: None, while_opening=True)
        assert code in (0, 9)
        folded = "catalog" in manifest(path)["parts"]
        seen.add(folded)
        _read_only(path)  # the check must not fold it itself
        assert _answers(Store(path).corpus()) == expected
        for p in [path, *case.joinpath("store.json.d").iterdir()]:
            p.chmod(0o644)
        shutil.rmtree(case)
        if code == 0:
            assert folded
            break
    assert seen == {False, True}
