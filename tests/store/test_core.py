"""The TinyDB store: idempotence, merging, subscriptions, corrupt files, crashes, two writers."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.domain.models import (
    Dialogue,
    EventDate,
    Evidence,
    Participant,
    Person,
    Source,
    SourceRef,
    TopicHit,
)
from bot.store import SaveOutcome, Store, StoreError


def make_article(
    n: int, *, month: int = 3, day: int = 28, place: str = "Seoul"
) -> tuple[Source, Dialogue, list[Person]]:
    """A source, its dialogue and one participant, all distinct per `n`."""
    source_id = f"src{n:04d}"
    sentence = f"Sentence {n} about naval cooperation."
    source = Source(id=source_id, file=f"{n}.txt", outlet="VNA", text=sentence)
    dialogue = Dialogue(
        id=f"dialogue-{n}",
        title=f"Talks {n}",
        date=EventDate(month=month, day=day, precision="month_day"),
        place=place,
        mechanism="defence-ministers-talks",
        participants=[Participant(person_id="phan-van-giang", name="Phan Văn Giang")],
        topics=[
            TopicHit(id="maritime", evidence=[Evidence(sentence=sentence, source_id=source_id)])
        ],
        sources=[SourceRef(id=source_id, file=f"{n}.txt", outlet="VNA")],
    )
    person = Person(id="phan-van-giang", name="Phan Văn Giang", aliases=[f"Alias {n}"])
    return source, dialogue, [person]


def save(store: Store, n: int, **kwargs: int | str) -> SaveOutcome:
    source, dialogue, people = make_article(n, **kwargs)  # type: ignore[arg-type]
    return store.save_article(source=source, dialogue=dialogue, people=people).outcome


def killed_at(
    path: Path, step: int, writes: Callable[[Store], None], *, while_opening: bool = False
) -> int:
    """Run `writes` in a forked child that dies at its `step`-th OS call; its exit code.

    With `while_opening`, opening the store counts too (and may be where the child dies).
    """
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery past this point, only os._exit
        calls = [0]

        def dying(real: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                calls[0] += 1
                if calls[0] == step:
                    os._exit(9)
                return real(*args, **kwargs)

            return call

        def kill_later() -> None:
            for name in ("open", "write", "fsync", "replace", "unlink", "fchmod"):
                setattr(os, name, dying(getattr(os, name)))

        try:
            if while_opening:
                kill_later()
            store = Store(path)
            if not while_opening:
                kill_later()
            writes(store)
            store.close()
        except BaseException:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_saved_article_is_queryable_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    assert save(Store(path), 1) is SaveOutcome.ADDED
    corpus = Store(path).corpus()
    assert [d.id for d in corpus.dialogues] == ["dialogue-1"]
    assert corpus.by_topic["maritime"][0].seq == 1
    assert corpus.people["phan-van-giang"].name == "Phan Văn Giang"
    assert corpus.sources["src0001"].dialogue_id == "dialogue-1"


def test_same_article_twice_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1)
    before = (tmp_path / "store.json").read_bytes()
    assert save(store, 1) is SaveOutcome.UNCHANGED
    assert (tmp_path / "store.json").read_bytes() == before


def test_second_report_of_one_event_merges(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1)
    assert save(store, 2) is SaveOutcome.MERGED
    corpus = store.corpus()
    assert len(corpus.dialogues) == 1
    merged = corpus.dialogues[0]
    assert {s.id for s in merged.sources} == {"src0001", "src0002"}
    assert len(merged.topics[0].evidence) == 2
    assert set(corpus.people["phan-van-giang"].aliases) == {"Alias 1", "Alias 2"}


def test_report_adding_a_topic_gives_that_topic_a_new_arrival_number(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1)
    source, dialogue, people = make_article(2)
    cyber = TopicHit(
        id="cyber-security", evidence=[Evidence(sentence="Cyber.", source_id="src0002")]
    )
    store.save_article(
        source=source, dialogue=dialogue.model_copy(update={"topics": [cyber]}), people=people
    )
    [merged] = store.corpus().dialogues
    assert merged.seq == 1 and merged.topic_seq == {"cyber-security": 2}
    assert store.max_seq() == 2
    assert store.subscribe(chat_id=9).last_seq == 2  # a new subscriber starts after both


def test_report_adding_people_or_sentences_gives_them_a_new_arrival_number(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1)
    source, dialogue, people = make_article(2)
    giang = dialogue.participants[0]
    lee = Participant(person_id="lee-jong-sup", name="Lee Jong-sup")
    known = Evidence(sentence="Sentence 1 about naval cooperation.", source_id=source.id)
    repeat = dialogue.model_copy(update={"topics": [TopicHit(id="maritime", evidence=[known])]})
    store.save_article(source=source, dialogue=repeat, people=people)
    assert store.max_seq() == 1  # known sentences and people only: nothing new to announce
    source, dialogue, people = make_article(3)
    joined = dialogue.model_copy(update={"participants": [giang, lee]})
    assert store.save_article(source=source, dialogue=joined, people=people).outcome == "merged"
    [merged] = store.corpus().dialogues
    assert store.max_seq() == 2 and merged.seq == 1 and merged.topic_seq == {}
    assert merged.person_seq == {"lee-jong-sup": 2} and merged.source_seq == {"src0003": 2}
    assert merged.person_arrival("phan-van-giang") == merged.source_arrival("src0001") == 1


def test_different_events_get_increasing_arrival_numbers(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1, day=1)
    save(store, 2, day=2)
    assert sorted(d.seq for d in store.corpus().dialogues) == [1, 2]
    assert store.max_seq() == 2


def test_subscriptions_add_and_remove_topics(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    save(store, 1)
    sub = store.subscribe(chat_id=5, topics=["maritime"], title="Analysts")
    assert sub.topics == ["maritime"] and sub.last_seq == 1
    assert store.subscribe(chat_id=5, topics=["cyber-security"]).topics == [
        "cyber-security",
        "maritime",
    ]
    assert store.unsubscribe(chat_id=5, topics=["maritime"]) is not None
    assert store.subscription(chat_id=5) is not None
    assert store.unsubscribe(chat_id=5, topics=["cyber-security"]) is None
    assert store.subscription(chat_id=5) is None


def test_forum_topics_are_separate_subscriptions(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    store.subscribe(chat_id=-100, thread_id=7)
    assert store.subscription(chat_id=-100) is None
    assert store.subscription(chat_id=-100, thread_id=7) is not None


def test_delivery_cursor_and_chat_migration_persist(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.subscribe(chat_id=-5)
    store.mark_delivered(chat_id=-5, thread_id=None, seq=3)
    store.mark_delivered(chat_id=-5, thread_id=None, seq=2)  # never goes backwards
    store.migrate_chat(old_chat_id=-5, new_chat_id=-1005)
    sub = Store(path).subscription(chat_id=-1005)
    assert sub is not None and sub.last_seq == 3


def test_corrupt_file_is_reported_not_reset(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text('{"dialogues": {"1": ', encoding="utf-8")
    with pytest.raises(StoreError, match="not valid JSON"):
        Store(path)
    assert path.read_text(encoding="utf-8") == '{"dialogues": {"1": '


def test_foreign_json_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps({"_default": {"1": {"x": 1}}}), encoding="utf-8")
    with pytest.raises(StoreError, match="not a Briefbot store"):
        Store(path)


def legacy_file(path: Path, *articles: int) -> dict[str, Any]:
    """A schema-1 store: every record in the one file, as Briefbot wrote it before parts."""
    tables: dict[str, dict[str, Any]] = {"dialogues": {}, "people": {}, "sources": {}}
    for n in articles:
        source, dialogue, people = make_article(n, day=n % 28 + 1, place=f"City{n}")
        source = source.model_copy(update={"dialogue_id": dialogue.id})
        tables["dialogues"][str(n)] = dialogue.model_copy(update={"seq": n}).model_dump(mode="json")
        tables["sources"][str(n)] = source.model_dump(mode="json")
        tables["people"]["1"] = people[0].model_dump(mode="json")
    meta = {"app": "briefbot", "schema": 1, "next_seq": len(articles) + 1}
    data = {**tables, "subscriptions": {"1": {"chat_id": 5, "last_seq": 1}}, "meta": {"1": meta}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_record_of_wrong_shape_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    data = legacy_file(path, 1)
    data["dialogues"]["1"]["date"] = "yesterday"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read"):
        Store(path)
    assert json.loads(path.read_text(encoding="utf-8")) == data  # refused, not rewritten


def test_snapshot_follows_writes_from_another_store_object(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    reader = Store(path)
    assert reader.corpus().dialogues == ()
    save(Store(path), 1)
    assert [d.id for d in reader.corpus().dialogues] == ["dialogue-1"]


def _write_many(path: str, start: int) -> None:
    store = Store(Path(path))
    for n in range(start, start + 15):
        save(store, n, day=(n % 28) + 1, month=(n // 28) % 12 + 1, place=f"City{n}")


def test_two_processes_writing_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(path), s)) for s in (0, 100)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert all(w.exitcode == 0 for w in workers)
    corpus = Store(path).corpus()
    assert len(corpus.sources) == 30
    assert len({d.seq for d in corpus.dialogues}) == len(corpus.dialogues)


CRASH_WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from store.test_core import save
from bot.store import Store
store = Store(Path({path!r}))
n = 0
while True:
    n += 1
    save(store, n, day=(n % 28) + 1, month=(n // 28) % 12 + 1, place=f"City{{n}}")
    print(n, flush=True)
"""


def test_killed_writer_leaves_a_readable_store(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    script = CRASH_WRITER.format(tests=str(Path(__file__).parents[1]), path=str(path))
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for _ in range(3 + attempt * 4):
            proc.stdout.readline()
        time.sleep(0.001 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        corpus = Store(path).corpus()  # raises StoreError if the file were torn
        assert len(corpus.sources) == len(corpus.dialogues) > 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".store.json.")]
    assert len(leftovers) <= 5  # at most one temp file per kill, never the store itself


def test_bookkeeping_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    save(store, 1)
    store.subscribe(chat_id=5, topics=["maritime"])
    store.mark_delivered(chat_id=5, thread_id=None, seq=1)  # already there: it started at 1
    store.mark_delivered(chat_id=6, thread_id=None, seq=1)  # not subscribed
    before = path.stat()
    store.subscribe(chat_id=5, topics=["maritime"])
    store.unsubscribe(chat_id=6)
    store.mark_delivered(chat_id=5, thread_id=None, seq=1)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_subscription_change_keeps_the_parsed_dialogues(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(3):
        save(store, n, day=n + 1)
    store.subscribe(chat_id=5)
    dialogues = store.corpus().dialogues
    save(store, 9, day=9)  # a new dialogue arrives: the next digest must see it
    assert store.corpus().dialogues is not dialogues and len(store.corpus().dialogues) == 4
    dialogues = store.corpus().dialogues
    store.mark_delivered(chat_id=5, thread_id=None, seq=4)
    store.subscribe(chat_id=6, topics=["maritime"])
    corpus = store.corpus()
    assert corpus.dialogues is dialogues  # not re-parsed for a subscription-only write
    expected = [(5, 4, []), (6, 4, ["maritime"])]
    assert [(s.chat_id, s.last_seq, s.topics) for s in corpus.subscriptions] == expected
    reopened = Store(path).corpus().subscriptions
    assert [(s.chat_id, s.last_seq, s.topics) for s in reopened] == expected


def test_subscription_written_by_another_process_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    reader = Store(path)
    save(reader, 1)
    dialogues = reader.corpus().dialogues
    Store(path).subscribe(chat_id=7)
    assert [s.chat_id for s in reader.corpus().subscriptions] == [7]
    assert reader.corpus().dialogues is dialogues  # only the subscriptions changed
    save(Store(path), 2, day=2)
    assert len(reader.corpus().dialogues) == 2


def test_migration_into_a_subscribed_chat_merges_the_two(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    store.subscribe(chat_id=-5, topics=["maritime"], title="Old group")
    store.subscribe(chat_id=-1005, topics=["cyber-security"], title="Supergroup")
    store.mark_delivered(chat_id=-1005, thread_id=None, seq=4)
    store.subscribe(chat_id=-6)  # every topic
    store.subscribe(chat_id=-1006, topics=["maritime"])
    store.mark_delivered(chat_id=-6, thread_id=None, seq=2)
    store.migrate_chat(old_chat_id=-5, new_chat_id=-1005)
    store.migrate_chat(old_chat_id=-6, new_chat_id=-1006)
    subs = {
        (s.chat_id, s.thread_id): s for s in Store(tmp_path / "store.json").corpus().subscriptions
    }
    assert sorted(subs) == [(-1006, None), (-1005, None)]
    merged = subs[(-1005, None)]
    # Both chats' topics; the older position, so neither chat's pending entries are lost.
    assert merged.topics == ["cyber-security", "maritime"] and merged.last_seq == 0
    assert merged.title == "Supergroup"
    assert subs[(-1006, None)].topics == [] and subs[(-1006, None)].last_seq == 0


def test_unusable_path_is_a_clear_store_error_at_once(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot use store .*plain-file is not a folder"):
        Store(not_a_folder / "store.json")
    if Path("/proc/self").exists():  # a folder where no file can be created
        started = time.monotonic()
        with pytest.raises(StoreError, match="cannot use store") as raised:
            Store(Path("/proc/briefbot-test.json"))
        assert "locked" not in str(raised.value) and time.monotonic() - started < 5


def test_replacing_the_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    path.chmod(0o640)
    save(store, 1)
    assert path.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.json"
    Store(fresh)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_stale_temp_files_from_a_crash_are_removed_at_open(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path)
    stale, fresh = tmp_path / ".store.json.abc123", tmp_path / ".store.json.def456"
    for leftover in (stale, fresh):
        leftover.write_text("{", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    Store(path)
    assert not stale.exists() and fresh.exists()  # a fresh one may be another writer's


def manifest(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]
    return record


def test_legacy_single_file_store_is_migrated_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    legacy_file(path, 1, 2, 3)
    original = path.read_bytes()
    store = Store(path)
    corpus = store.corpus()
    assert sorted(d.id for d in corpus.dialogues) == ["dialogue-1", "dialogue-2", "dialogue-3"]
    assert corpus.sources["src0002"].text == "Sentence 2 about naval cooperation."
    assert store.subscription(chat_id=5) is not None and store.max_seq() == 3
    assert (tmp_path / "store.json.v1-backup").read_bytes() == original
    assert manifest(path)["schema"] == 3 and "dialogues" not in json.loads(path.read_bytes())
    assert save(store, 4, day=4, place="City4") is SaveOutcome.ADDED  # numbering carries on
    assert Store(path).max_seq() == 4


def test_a_batch_is_one_commit(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    generation = manifest(path)["generation"]
    batch = [make_article(n, day=n % 28 + 1, place=f"City{n}") for n in range(600)]
    results = store.save_articles(batch)
    assert [r.outcome for r in results] == [SaveOutcome.ADDED] * 600
    assert manifest(path)["generation"] == generation + 1
    assert len(Store(path).corpus().dialogues) == 600


def test_adding_one_article_rewrites_only_the_parts_it_touches(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.save_articles([make_article(n, day=n % 28 + 1, place=f"City{n}") for n in range(600)])
    before = manifest(path)["parts"]
    save(store, 9999, day=3, place="Elsewhere")
    after = manifest(path)["parts"]
    changed = sorted(name for name in after if before.get(name) != after[name])
    # Arrival 601 opens the third shard; the first two are not rewritten. The people file is:
    # the article names Phan Văn Giang by a new alias. Its sentences are a new search segment.
    assert changed == ["catalog-00002", "dialogues-00002", "people", "search-00001"]
    store.close()  # superseded files are deleted off the caller's path; close waits for that
    files = {p.name for p in (tmp_path / "store.json.d").iterdir()}
    assert files == set(after.values())  # superseded files are gone


def test_saves_to_one_shard_keep_what_another_writer_saved_there_between(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.json"
    first, second = Store(path), Store(path)
    assert save(first, 1, day=1, place="City1") is SaveOutcome.ADDED
    assert save(first, 2, day=2, place="City2") is SaveOutcome.ADDED
    assert save(second, 3, day=3, place="City3") is SaveOutcome.ADDED  # the same shard
    assert save(first, 4, day=4, place="City4") is SaveOutcome.ADDED
    # A second report of the other writer's event merges into it, adding a topic to its row.
    source, dialogue, people = make_article(5, day=3, place="City3")
    topics = [*dialogue.topics, TopicHit(id="east-sea", evidence=dialogue.topics[0].evidence)]
    dialogue = dialogue.model_copy(update={"topics": topics})
    merged = first.save_article(source=source, dialogue=dialogue, people=people)
    assert merged.outcome is SaveOutcome.MERGED and merged.dialogue.id == "dialogue-3"
    assert save(second, 6, day=6, place="City6") is SaveOutcome.ADDED
    assert save(first, 7, day=7, place="City7") is SaveOutcome.ADDED
    corpus = Store(path).corpus()
    assert sorted(d.id for d in corpus.dialogues) == [f"dialogue-{n}" for n in (1, 2, 3, 4, 6, 7)]
    assert corpus.sources["src0005"].dialogue_id == "dialogue-3"
    assert [d.id for d in corpus.by_topic["east-sea"]] == ["dialogue-3"]
    assert first.corpus().by_id["dialogue-6"].place == "City6"
