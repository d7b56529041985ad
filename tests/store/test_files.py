"""Reading one dialogue out of its part file, alone: the record read is the one stored."""

from __future__ import annotations

import random
from pathlib import Path

from bot.store import Store
from store.test_core import make_article

# Titles that look like the JSON around a record, to throw a careless scan off its track.
DECOYS = ['"{n}":{{"seq":{n}}}', '\\"{n}\\":{{', 'a \\ b "{n}":{{ c', "Hà Nội – 서울 {n}"]


def test_each_dialogue_read_alone_is_the_one_stored(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    articles = []
    for n in range(1, 301):
        source, dialogue, people = make_article(n, day=n % 28 + 1, place=f"City{n}")
        title = DECOYS[n % len(DECOYS)].format(n=n + 1)  # names the next dialogue's number
        if n == 150:
            title = "é" * 70_000  # a record longer than the first window read for it
        articles.append((source, dialogue.model_copy(update={"title": title}), people))
    stored = {r.dialogue.id: r.dialogue for r in store.save_articles(articles)}
    store.close()
    corpus = Store(path).corpus()
    ids = list(stored)
    random.Random(8).shuffle(ids)
    # Few reads per part file: each dialogue is picked out of its file rather than the file parsed.
    for dialogue_id in ["dialogue-150", *ids[:12]]:
        assert corpus.by_id[dialogue_id] == stored[dialogue_id]
    assert {d.id: d for d in Store(path).corpus().dialogues} == stored
