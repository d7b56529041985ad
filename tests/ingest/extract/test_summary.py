"""The summary: lead sentence first, then the most topic-dense sentences, in order."""

from __future__ import annotations

import pytest

from .seeds import ALL, dialogue, extracted


@pytest.mark.parametrize("prefix", ALL)
def test_summary_is_chosen_from_the_article(prefix: str) -> None:
    found = extracted(prefix)
    summary = [e.sentence for e in found.dialogue.summary]
    assert 2 <= len(summary) <= 4
    assert all(s in found.source.text for s in summary)
    positions = [found.source.text.index(s) for s in summary]
    assert positions == sorted(positions)


def test_summary_starts_with_the_lead() -> None:
    assert dialogue("000").summary[0].sentence.startswith("The 11th Vietnam-Republic of Korea")
    assert dialogue("004").summary[0].sentence.startswith("The state visit of Vietnamese")
