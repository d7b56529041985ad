"""The /timeline chart."""

from __future__ import annotations

from domain.factories import make_corpus, reference, seed_corpus

from bot.chart import chart_caption, timeline_png, timeline_series
from bot.domain.periods import Period


def test_chart_is_a_png_of_the_dialogues() -> None:
    png = timeline_png(seed_corpus(), reference())
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_no_dialogues_no_chart() -> None:
    assert timeline_png(make_corpus([]), reference()) is None
    assert timeline_png(seed_corpus(), reference(), year=1990) is None


def test_a_periods_chart_has_a_bar_for_each_of_its_years_and_nothing_else() -> None:
    series = timeline_series(seed_corpus(), reference(), Period(2021, 2025))
    assert series is not None
    assert series.years == ("2021", "2022", "2023", "2024", "2025")
    per_year = [sum(h[i] for _m, h in series.stacks) for i in range(len(series.years))]
    assert per_year == [0, 0, 0, 1, 1], "the seed's 2024 and 2025 dialogues; undated ones are out"
    assert chart_caption(series.period) == "Dialogues by year and mechanism, 2021–2025"


def test_an_open_period_runs_to_the_dialogues_and_no_period_keeps_the_undated() -> None:
    since = timeline_series(seed_corpus(), reference(), Period(first=2024))
    assert since is not None and since.years == ("2024", "2025") and since.total == 2
    everything = timeline_series(seed_corpus(), reference())
    assert everything is not None and everything.years[-1] == "year unknown"
    assert everything.total == len(seed_corpus().dialogues)
    assert chart_caption(None) == "Dialogues by year and mechanism"
    # A thousand empty years are not drawn: only those with dialogues.
    wide = timeline_series(seed_corpus(), reference(), Period(1000, 2999))
    assert wide is not None and wide.years == ("2024", "2025")
    assert timeline_series(seed_corpus(), reference(), Period(1990, 1999)) is None
