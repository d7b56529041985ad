"""Name and topic arguments in any spelling reach the same briefing, end to end."""

from __future__ import annotations

import pytest
from conftest import LiveBot


@pytest.mark.parametrize(
    ("spellings", "heading"),
    [
        (
            (
                "/person Phan Van Giang",
                "/person phan văn giang",
                "/person Phan-Van-Giang",
                "/person 판반장",
                "/person Đại tướng Phan Văn Giang",
            ),
            "Phan Văn Giang (Vietnam)",
        ),
        (("/person Lee Jong-sup", "/person 이종섭 장관", "/person LEE JONGSUP"), "Lee Jong-sup"),
        (
            ("/topic east sea", "/topic Biển Đông", "/topic bien-dong", "/topic 남중국해"),
            "Topic: East Sea (South China Sea)",
        ),
        (
            ("/position east sea", "/position Biển Đông", "/position EAST-SEA"),
            "East Sea stance",
        ),
        (
            ("/topic cyber security", "/topic an ninh mạng", "/topic 사이버"),
            "Topic: Cyber security",
        ),
        (
            (
                "/series defence policy dialogue",
                "/series 국방전략대화",
                "/series Defense-Policy-Dialogue",
            ),
            "Series: Defence policy dialogue",
        ),
    ],
)
async def test_every_spelling_gives_the_same_briefing(
    briefbot: LiveBot, spellings: tuple[str, ...], heading: str
) -> None:
    answers = [(await briefbot.send(s)).text for s in spellings]

    assert answers[0].startswith(heading)
    assert all(a == answers[0] for a in answers[1:]), [a[:80] for a in answers]


@pytest.mark.parametrize("spelling", ["/person Lee", "/person 이"])
async def test_a_name_several_people_share_asks_with_buttons(
    briefbot: LiveBot, spelling: str
) -> None:
    reply = await briefbot.send(spelling)

    assert "could be" in reply.text.splitlines()[0]
    offered = [data for _label, data in reply.buttons()]
    assert {"/person lee-jong-sup", "/person lee-jae-myung"} <= set(offered)


async def test_a_folded_topic_takes_a_period_too(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/topic Biển Đông năm 2024")

    assert reply.text.startswith("Topic: East Sea (South China Sea), 2024\n1 dialogue")
