"""The /timeline chart."""

from __future__ import annotations

from domain.factories import make_corpus, reference, seed_corpus

from bot.chart import timeline_png


def test_chart_is_a_png_of_the_dialogues() -> None:
    png = timeline_png(seed_corpus(), reference())
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_no_dialogues_no_chart() -> None:
    assert timeline_png(make_corpus([]), reference()) is None
    assert timeline_png(seed_corpus(), reference(), year=1990) is None
