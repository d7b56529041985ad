"""The /timeline chart: dialogues per year, stacked by mechanism, as PNG bytes."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Reference

UNDATED = "year unknown"
CAPTION = "Dialogues by year and mechanism"
# A closed period spanning more years than this shows only the years with dialogues as bars.
MAX_EMPTY_SPAN = 40


@dataclass(frozen=True)
class ChartSeries:
    """What the chart draws: a bar per year (oldest first), stacked by mechanism."""

    years: tuple[str, ...]
    stacks: tuple[tuple[str, tuple[int, ...]], ...]  # mechanism, then its count in each year
    period: Period | None = None

    @property
    def total(self) -> int:
        """Dialogues drawn, all bars together."""
        return sum(sum(heights) for _mechanism, heights in self.stacks)


def chart_caption(period: Period | None) -> str:
    """The photo's caption, naming the period the chart covers: "…, 2015–2020"."""
    return f"{CAPTION}, {period.label}" if period is not None else CAPTION


def _axis(counted: set[str], period: Period | None) -> list[str]:
    """The years along the axis: each year of a period (with or without dialogues), in order."""
    dated = sorted(int(y) for y in counted if y != UNDATED)
    tail = [UNDATED] if UNDATED in counted else []
    if period is None or not dated:
        return [*map(str, dated), *tail]
    # An open end stops at the dialogues: "since 2020" runs to the newest year that has one.
    first = period.first if period.first is not None else dated[0]
    last = period.last if period.last is not None else dated[-1]
    if last - first >= MAX_EMPTY_SPAN:
        return [*map(str, dated), *tail]
    return [str(y) for y in range(first, last + 1)]


def timeline_series(
    corpus: Corpus, reference: Reference, period: Period | None = None
) -> ChartSeries | None:
    """The chart's bars for the dialogues dated within `period` (all of them when None)."""
    # Undated dialogues are in no period, as in the list the chart comes with.
    dialogues = corpus.within(period, corpus.dialogues)
    if not dialogues:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    for dialogue in dialogues:
        when = str(dialogue.date.year) if dialogue.date.year else UNDATED
        known = reference.mechanism_by_id.get(dialogue.mechanism or "")
        counts[(when, known.label if known else "Other")] += 1
    years = _axis({w for w, _ in counts}, period)
    mechanisms = sorted({m for _, m in counts})
    stacks = tuple((m, tuple(counts[(y, m)] for y in years)) for m in mechanisms)
    return ChartSeries(years=tuple(years), stacks=stacks, period=period)


def timeline_png(
    corpus: Corpus,
    reference: Reference,
    *,
    year: int | None = None,
    period: Period | None = None,
) -> bytes | None:
    """A bar chart of dialogues per year by mechanism, over `period` (or one `year`) if given.

    None when there is nothing to draw.
    """
    if year is not None:
        period = Period.year(year)
    series = timeline_series(corpus, reference, period)
    if series is None:
        return None
    # Imported here: matplotlib costs a third of the bot's start-up and only /timeline needs it.
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; must precede pyplot
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    bottoms = [0] * len(series.years)
    for mechanism, heights in series.stacks:
        axes.bar(series.years, heights, bottom=bottoms, label=mechanism)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    span = f", {period.label}" if period is not None else ""
    axes.set_title(f"Vietnam–RoK dialogues by year and mechanism{span}")
    axes.set_ylabel("dialogues")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(fontsize="small", loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
