"""/search end to end: a name finds its own spellings, not a longer word or another country."""

from __future__ import annotations

from conftest import LiveBot

from bot.domain.models import Dialogue, EventDate, Evidence, Source, SourceRef, TopicHit

_TEXT = (
    "North Korea fired a missile over the sea on Monday. "
    "South Korea condemned the missile launch with outstanding speed. "
    "Hàn Quốc và Việt Nam bàn về vụ phóng tên lửa."
)


def _save(briefbot: LiveBot) -> None:
    dialogue = Dialogue(
        id="missile-talks",
        title="Missile talks",
        date=EventDate(year=2030, month=3, day=4, precision="day"),
        topics=[TopicHit(id="maritime", evidence=[Evidence(sentence="x", source_id="nk")])],
        sources=[SourceRef(id="nk", file="nk.txt", outlet="VNA", url="https://vna.test/nk")],
    )
    briefbot.store.save_article(
        source=Source(id="nk", file="nk.txt", outlet="VNA", text=_TEXT, url="https://vna.test/nk"),
        dialogue=dialogue,
        people=[],
    )


async def test_a_name_of_south_korea_does_not_find_north_korea(briefbot: LiveBot) -> None:
    _save(briefbot)
    for spelling in ("South Korea", "ROK", "한국"):
        reply = await briefbot.send(f"/search {spelling} missile")

        assert "South Korea condemned the missile launch" in reply.text, spelling
        assert "North Korea fired" not in reply.text, spelling


async def test_a_word_is_not_found_as_two_words_it_is_not(briefbot: LiveBot) -> None:
    _save(briefbot)
    reply = await briefbot.send("/search without")

    assert "South Korea condemned" not in reply.text  # "with" + "out…": not the word asked
