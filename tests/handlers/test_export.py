"""/export end to end: the running bot sends a briefing's facts as CSV and JSON documents."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from conftest import SEED_OUTLETS, LiveBot, Reply
from telegram_fake import DEFAULT_CHANNEL_ID, DEFAULT_GROUP_ID, SentMessage

from bot.domain.fact_export import COLUMNS
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
from bot.handlers.export import NOTHING_YET


def _documents(reply: Reply) -> tuple[SentMessage, SentMessage]:
    csv_doc, json_doc = reply.of("sendDocument")
    assert csv_doc.file is not None and json_doc.file is not None
    assert csv_doc.file.filename.endswith(".csv")
    assert json_doc.file.filename.endswith(".json")
    return csv_doc, json_doc


def _csv_rows(document: SentMessage) -> list[dict[str, str]]:
    assert document.file is not None
    text = document.file.content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def _json(document: SentMessage) -> dict[str, Any]:
    assert document.file is not None
    loaded: dict[str, Any] = json.loads(document.file.content.decode("utf-8"))
    return loaded


def _count_in_caption(document: SentMessage) -> int:
    match = re.match(r"(\d+) facts? from (\d+) dialogues?", document.text)
    assert match, document.text
    return int(match.group(1))


async def test_export_after_a_briefing_sends_its_facts(briefbot: LiveBot) -> None:
    await briefbot.send("/topic maritime")
    reply = await briefbot.send("/export")

    csv_doc, json_doc = _documents(reply)
    rows = _csv_rows(csv_doc)
    on_topic = {d.id for d in briefbot.store.corpus().by_topic["maritime"]}
    assert {r["dialogue_id"] for r in rows} == on_topic
    assert _count_in_caption(csv_doc) == len(rows)
    assert "/topic maritime" in csv_doc.text
    for row in rows:
        assert row["sentence"] and row["speaker"] and row["source_id"]
        assert row["outlet"] in SEED_OUTLETS
        assert row["kind"] in {"topic", "position", "commitment", "summary"}
    # Each of the dialogue's facts is in: its topic sentences and its summary.
    assert {"topic", "summary"} <= {r["kind"] for r in rows}
    document = _json(json_doc)
    assert document["command"] == "/topic maritime"
    assert document["rows"] == rows  # no sentence here looks like a spreadsheet formula
    assert document["facts"] == len(rows) and document["truncated"] is False


async def test_export_as_a_suffix(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/person Lee Jong-sup export")

    assert reply.texts == []  # the files only, not the briefing again
    rows = _csv_rows(_documents(reply)[0])
    with_lee = {d.id for d in briefbot.store.corpus().by_person["lee-jong-sup"]}
    assert {r["dialogue_id"] for r in rows} == with_lee


async def test_export_follows_a_button_and_a_question(briefbot: LiveBot) -> None:
    corpus = briefbot.store.corpus()
    await briefbot.press("/position east-sea-stance")
    pressed = _csv_rows(_documents(await briefbot.send("/export"))[0])
    assert {r["dialogue_id"] for r in pressed} == {
        d.id for d in corpus.by_position["east-sea-stance"]
    }

    await briefbot.send("tin mới nhất")
    asked = _csv_rows(_documents(await briefbot.send("/export"))[0])
    assert {r["dialogue_id"] for r in asked} == {corpus.dialogues[0].id}


async def test_export_with_nothing_before_it_says_what_to_do(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/export")

    assert reply.of("sendDocument") == []
    assert reply.text == NOTHING_YET


async def test_export_of_an_unknown_briefing_shows_the_suggestions(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/topic qqqzzz export")

    assert reply.of("sendDocument") == []
    assert reply.texts == (await briefbot.send("/topic qqqzzz")).texts
    assert reply.buttons()


async def test_a_misspelt_briefing_is_exported_under_its_own_name(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/topic maritme export")

    csv_doc, json_doc = _documents(reply)
    assert "/topic maritime" in csv_doc.text
    assert csv_doc.file is not None and csv_doc.file.filename == "briefbot-topic-maritime.csv"
    assert _json(json_doc)["command"] == "/topic maritime"


async def test_search_for_the_word_export_is_still_a_search(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/search export")

    assert reply.of("sendDocument") == []
    assert reply.text.startswith("Search: export")
    assert "key export products" in reply.text


async def test_export_in_a_group_keeps_to_that_chat(briefbot: LiveBot) -> None:
    name = briefbot.username
    await briefbot.send(f"/topic@{name} cyber", chat_type="group", chat_id=DEFAULT_GROUP_ID)
    reply = await briefbot.send(f"/export@{name}", chat_type="group", chat_id=DEFAULT_GROUP_ID)

    assert {m.chat_id for m in reply.messages} == {DEFAULT_GROUP_ID}
    rows = _csv_rows(_documents(reply)[0])
    assert {r["dialogue_id"] for r in rows} == {
        d.id for d in briefbot.store.corpus().by_topic["cyber-security"]
    }
    # The private chat has its own last briefing: none.
    assert (await briefbot.send("/export")).text == NOTHING_YET


async def test_speakers_and_formula_like_sentences(briefbot: LiveBot) -> None:
    sentences = [
        Evidence(sentence="Giang praised the navies.", source_id="spk", said_by="phan-van-giang"),
        Evidence(sentence="Korea offered ships.", source_id="spk", side="KR"),
        Evidence(sentence='=HYPERLINK("http://x.test","navy")', source_id="spk"),
    ]
    dialogue = Dialogue(
        id="speaker-test",
        title="Naval talks",
        date=EventDate(year=2030, month=1, day=2, precision="day"),
        participants=[Participant(person_id="phan-van-giang", name="Phan Văn Giang")],
        topics=[TopicHit(id="maritime", evidence=sentences)],
        sources=[SourceRef(id="spk", file="spk.txt", outlet="VNA", url="https://vna.test/a")],
    )
    briefbot.store.save_article(
        source=Source(id="spk", file="spk.txt", outlet="VNA", text="x", url="https://vna.test/a"),
        dialogue=dialogue,
        people=[Person(id="phan-van-giang", name="Phan Văn Giang", country="VN")],
    )
    reply = await briefbot.send("/dialogue speaker-test export")

    csv_doc, json_doc = _documents(reply)
    by_sentence = {r["sentence"]: r for r in _csv_rows(csv_doc)}
    assert by_sentence["Giang praised the navies."]["speaker"] == "Phan Văn Giang"
    assert by_sentence["Korea offered ships."]["speaker"] == "The RoK"  # as briefings say it
    # A spreadsheet would run the cell as a formula: the CSV keeps it text, the JSON exact.
    formula = by_sentence['\'=HYPERLINK("http://x.test","navy")']
    assert formula["speaker"] == "narration"
    assert {r["link"] for r in by_sentence.values()} == {"https://vna.test/a"}
    assert {r["dialogue_date"] for r in by_sentence.values()} == {"2030-01-02"}
    json_sentences = {r["sentence"] for r in _json(json_doc)["rows"]}
    assert '=HYPERLINK("http://x.test","navy")' in json_sentences


async def test_each_forum_topic_exports_its_own_last_briefing(briefbot: LiveBot) -> None:
    name = briefbot.username
    await briefbot.send_in_topic(f"/topic@{name} cyber", thread_id=11)
    await briefbot.send_in_topic(f"/person@{name} Lee Jong-sup", thread_id=22)
    reply = await briefbot.send_in_topic(f"/export@{name}", thread_id=11)

    csv_doc, json_doc = _documents(reply)
    assert {csv_doc.message_thread_id, json_doc.message_thread_id} == {11}
    assert _json(json_doc)["command"] == "/topic cyber-security"


async def test_export_in_a_channel(briefbot: LiveBot) -> None:
    await briefbot.send("/latest 2", chat_type="channel", chat_id=DEFAULT_CHANNEL_ID)
    reply = await briefbot.send("/export", chat_type="channel", chat_id=DEFAULT_CHANNEL_ID)

    rows = _csv_rows(_documents(reply)[0])
    newest = {d.id for d in briefbot.store.corpus().dialogues[:2]}
    assert {r["dialogue_id"] for r in rows} == newest
    assert {m.chat_id for m in reply.messages} == {DEFAULT_CHANNEL_ID}


async def test_an_export_caption_with_markup_characters_is_accepted(briefbot: LiveBot) -> None:
    # The caption repeats the search words: "&" and "<" must reach Telegram escaped.
    reply = await briefbot.send('/export /search "defence & <security>" cooperation')

    csv_doc, _json_doc = _documents(reply)
    assert "&" in csv_doc.visible_text or "cooperation" in csv_doc.visible_text
    assert all(call.ok for call in reply.calls if call.method == "sendDocument")
