"""Which entries a chat is owed, and how a digest is cut into messages."""

from __future__ import annotations

from bot.domain.corpus import Corpus
from bot.domain.digest import chunk_digest, pending
from bot.domain.models import EventDate, Subscription
from bot.render import render_html

from .factories import ev, make_corpus, make_dialogue, reference, topic_hit


def _topic_of(n: int) -> str:
    return "maritime" if n % 2 else "cyber-security"


def _corpus(count: int, *, long: bool = False) -> Corpus:
    filler = " ".join(["The ministers reviewed naval cooperation in detail."] * (12 if long else 1))
    dialogues = [
        make_dialogue(
            f"d{n}",
            title=f"Dialogue {n}",
            when=EventDate(year=2024, month=1 + n % 12, day=1 + n % 28, precision="day"),
            source_id=f"s{n}",
            seq=n,
            topics=[
                topic_hit("maritime" if n % 2 else "cyber-security", filler, source_id=f"s{n}")
            ],
            summary=[ev(f"{filler} Entry {n}.", f"s{n}")],
        )
        for n in range(1, count + 1)
    ]
    return make_corpus(dialogues)


def test_pending_is_what_arrived_since_the_last_digest_oldest_first() -> None:
    corpus = _corpus(5)
    entries = pending(corpus, Subscription(chat_id=1, last_seq=2))
    assert [d.seq for d in entries] == [3, 4, 5]


def test_pending_keeps_only_the_chats_topics() -> None:
    corpus = _corpus(6)
    entries = pending(corpus, Subscription(chat_id=1, topics=["maritime"]))
    assert [d.seq for d in entries] == [1, 3, 5]
    assert pending(corpus, Subscription(chat_id=1, topics=["war-legacy"])) == []


def test_digest_chunks_carry_every_entry_once_in_order_within_limits() -> None:
    corpus = _corpus(30, long=True)
    entries = pending(corpus, Subscription(chat_id=1))
    chunks = chunk_digest(corpus, reference(), entries, topic_labels=[], render=render_html)
    assert len(chunks) > 1
    shown = [card.dialogue.id for chunk in chunks for card in chunk.view.cards]
    assert shown == [d.id for d in entries]
    assert [c.through_seq for c in chunks] == sorted(c.through_seq for c in chunks)
    assert chunks[-1].through_seq == 30
    for chunk in chunks:
        assert len(chunk.messages) == 1
        assert len(chunk.messages[0]) <= 4096
        assert "Dialogue" in chunk.messages[0] and "VNA" in chunk.messages[0]


def test_digest_names_the_topics_it_was_filtered_by() -> None:
    corpus = _corpus(2)
    entries = pending(corpus, Subscription(chat_id=1, topics=["maritime"]))
    [chunk] = chunk_digest(
        corpus, reference(), entries, topic_labels=["Maritime security"], render=render_html
    )
    assert "1 new entry on Maritime security" in chunk.messages[0]
