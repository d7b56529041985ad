"""Which entries a chat is owed, and how a digest is cut into messages."""

from __future__ import annotations

from telegram_fake import assert_telegram_html

from bot.domain.corpus import Corpus
from bot.domain.digest import chunk_digest, keyword_hits, pending, spelling_names
from bot.domain.models import EventDate, Participant, SourceRef, Subscription
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
    assert [(e.dialogue.seq, e.arrival) for e in entries] == [(3, 3), (4, 4), (5, 5)]


def test_pending_keeps_only_the_chats_topics() -> None:
    corpus = _corpus(6)
    entries = pending(corpus, Subscription(chat_id=1, topics=["maritime"]))
    assert [e.dialogue.seq for e in entries] == [1, 3, 5]
    assert pending(corpus, Subscription(chat_id=1, topics=["war-legacy"])) == []


def test_digest_chunks_carry_every_entry_once_in_order_within_limits() -> None:
    corpus = _corpus(30, long=True)
    entries = pending(corpus, Subscription(chat_id=1))
    chunks = chunk_digest(corpus, reference(), entries, topic_labels=[], render=render_html)
    assert len(chunks) > 1
    shown = [card.dialogue.id for chunk in chunks for card in chunk.view.cards]
    assert shown == [e.dialogue.id for e in entries]
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


def _joined_later() -> Corpus:
    """Dialogue 1 arrived (seq 1) on cyber security; a later report added maritime at seq 3."""
    first = make_dialogue(
        "d1",
        source_id="s1",
        seq=1,
        topics=[
            topic_hit("cyber-security", "Cyber talks.", source_id="s1"),
            topic_hit("maritime", "Naval talks.", source_id="s2"),
        ],
        topic_seq={"maritime": 3},
    )
    second = make_dialogue("d2", source_id="s3", seq=2, topics=[])
    return make_corpus([first, second])


def test_topic_added_by_a_later_report_is_news_only_for_its_followers() -> None:
    corpus = _joined_later()
    maritime = pending(corpus, Subscription(chat_id=1, topics=["maritime"], last_seq=2))
    assert [(e.dialogue.id, e.arrival) for e in maritime] == [("d1", 3)]
    assert pending(corpus, Subscription(chat_id=2, topics=["cyber-security"], last_seq=2)) == []
    assert pending(corpus, Subscription(chat_id=3, last_seq=2)) == []
    # A chat that already had the dialogue for one of its topics does not get it twice.
    both = Subscription(chat_id=4, topics=["maritime", "cyber-security"], last_seq=2)
    assert pending(corpus, both) == []
    # A chat that subscribed after the topic joined has had it, as far as digests go.
    assert pending(corpus, Subscription(chat_id=5, topics=["maritime"], last_seq=3)) == []


def test_person_or_keyword_added_by_a_later_report_is_news_only_for_chats_it_newly_matches() -> (
    None
):
    giang = Participant(person_id="phan-van-giang", name="Phan Văn Giang")
    first = make_dialogue(
        "d1",
        source_id="s1",
        seq=1,
        participants=[giang],
        topics=[
            topic_hit(
                "cyber-security",
                "Cyber talks.",
                ev("They agreed on a hotline.", "s2"),
                source_id="s1",
            )
        ],
        person_seq={"phan-van-giang": 3},
        source_seq={"s2": 3},
    )
    corpus = make_corpus([first, make_dialogue("d2", source_id="s3", seq=2, topics=[])])

    def owed(**filters: list[str]) -> list[tuple[str, int]]:
        chat = Subscription(chat_id=1, last_seq=2, **filters)
        return [(e.dialogue.id, e.arrival) for e in pending(corpus, chat)]

    assert owed(people=["phan-van-giang"]) == owed(keywords=["hotline"]) == [("d1", 3)]
    assert owed(keywords=["cyber talks"]) == owed(topics=["cyber-security"]) == []
    assert owed(topics=["cyber-security"], people=["phan-van-giang"]) == []  # had it already
    assert owed(keywords=["hotline", "cyber talks"]) == []


def test_record_without_topic_arrivals_has_every_topic_joining_at_its_seq() -> None:
    corpus = _corpus(3)
    assert all(d.topic_seq == {} for d in corpus.dialogues)
    entries = pending(corpus, Subscription(chat_id=1, topics=["maritime"], last_seq=0))
    assert [(e.dialogue.seq, e.arrival) for e in entries] == [(1, 1), (3, 3)]


def test_chunk_position_is_the_arrival_that_made_the_entry_new() -> None:
    corpus = _joined_later()
    entries = pending(corpus, Subscription(chat_id=1, topics=["maritime"], last_seq=2))
    [chunk] = chunk_digest(corpus, reference(), entries, topic_labels=[], render=render_html)
    assert chunk.through_seq == 3


def _overlong_entry(sources: int, pledges: int) -> Corpus:
    """One entry whose full card cannot fit one message: many reports and many pledges."""
    sentence = "The two ministers agreed to expand naval cooperation and maritime training. " * 9
    refs = [
        SourceRef(id=f"s{n}", file=f"s{n}.txt", outlet=f"Outlet number {n}", url=None)
        for n in range(sources)
    ]
    dialogue = make_dialogue(
        "long",
        title="Defence ministers meet",
        when=EventDate(year=2025, month=3, day=4, precision="day"),
        seq=1,
        summary=[ev(sentence, "s0")],
        commitments=[
            {"text": f"Pledge {n}", "evidence": ev(sentence, f"s{n % sources}").model_dump()}
            for n in range(pledges)
        ],
    )
    return make_corpus([dialogue.model_copy(update={"sources": refs})])


def test_an_entry_too_long_for_one_message_is_shortened_never_split() -> None:
    corpus = _overlong_entry(sources=80, pledges=8)
    entries = pending(corpus, Subscription(chat_id=1))
    [chunk] = chunk_digest(corpus, reference(), entries, topic_labels=[], render=render_html)
    [message] = chunk.messages
    assert "Defence ministers meet" in message and "Source:" in message
    assert message.count("Source:") <= 3
    assert_telegram_html(message)


def _filtered_corpus() -> Corpus:
    """Three entries: a corvette sentence, a named person's meeting, a defence policy dialogue."""
    return make_corpus(
        [
            make_dialogue(
                "d1",
                source_id="s1",
                seq=1,
                summary=[ev("Việt Nam will buy two Corvettes; the CORVETTE deal is signed.", "s1")],
            ),
            make_dialogue(
                "d2",
                source_id="s2",
                seq=2,
                participants=[{"person_id": "phan-van-giang", "name": "Phan Văn Giang"}],
                summary=[ev("The ministers met.", "s2")],
            ),
            make_dialogue(
                "d3",
                source_id="s3",
                seq=3,
                mechanism="defence-policy-dialogue",
                summary=[ev("Corvettes were not discussed. Viet Nam and Korea agreed.", "s3")],
            ),
        ]
    )


def _ids(corpus: Corpus, **filters: list[str]) -> list[str]:
    return [e.dialogue.id for e in pending(corpus, Subscription(chat_id=1, **filters))]


def test_keywords_match_whole_words_whatever_the_case_and_accents() -> None:
    corpus = _filtered_corpus()
    assert _ids(corpus, keywords=["corvette"]) == ["d1"]  # "Corvettes" alone is another word
    assert _ids(corpus, keywords=["viet nam"]) == ["d1", "d3"]
    assert _ids(corpus, keywords=["frigate"]) == []


def test_a_keyword_phrase_never_runs_across_two_sentences() -> None:
    corpus = _filtered_corpus()
    # d1 says "… two Corvettes; the CORVETTE deal …" in one sentence, but no entry has the
    # words "signed viet" in one sentence (d1 ends with "signed.", d3 has no "signed").
    assert _ids(corpus, keywords=["deal is signed"]) == ["d1"]
    assert _ids(corpus, keywords=["met corvettes"]) == []


def test_an_entry_matching_any_filter_is_the_chats() -> None:
    corpus = _filtered_corpus()
    assert _ids(corpus, people=["phan-van-giang"]) == ["d2"]
    assert _ids(corpus, series=["defence-policy-dialogue"]) == ["d3"]
    assert _ids(corpus, people=["phan-van-giang"], keywords=["corvette"]) == ["d1", "d2"]
    assert _ids(corpus) == ["d1", "d2", "d3"]


def _hit(keyword: str, sentence: str) -> bool:
    """Whether a keyword finds an entry quoting this one sentence (the register's spellings)."""
    dialogue = make_dialogue("d1", source_id="s1", seq=1, summary=[ev(sentence, "s1")])
    return keyword_hits(dialogue, [keyword], spelling_names(reference()))


def test_a_short_keyword_matches_only_as_written_never_inside_another_name() -> None:
    assert not _hit("Han", "Hàn Quốc và Việt Nam ký biên bản ghi nhớ.")
    assert not _hit("Nam", "Việt Nam và Hàn Quốc ký biên bản ghi nhớ.")
    assert not _hit("Nam", "Viet Nam and the Republic of Korea signed a memorandum.")
    assert not _hit("UN", "Un accord a été signé.")
    assert _hit("Han", "Prime Minister Han met the delegation.")
    assert _hit("UN", "Both sides backed the UN resolution.")
    assert _hit("ROK", "Viet Nam and the RoK signed a memorandum.")  # an acronym, cased its way
    assert _hit("ROK", "베트남과 한국은 양해각서를 체결했다.")  # and every spelling of it


def test_a_keyword_matches_every_spelling_of_what_it_names_and_korean_with_particles() -> None:
    assert _hit("Vietnam", "Viet Nam and the Republic of Korea signed a memorandum.")
    assert _hit("Vietnam", "베트남과 한국은 양해각서를 체결했다.")
    assert _hit("Viet Nam", "Vietnam hosted the talks.")
    assert _hit("훈련", "양국은 합동 훈련을 실시했다.")
    assert not _hit("훈련", "양국은 합동 연습을 실시했다.")
    assert not _hit("Vietnam", "The Korean side hosted the talks.")
