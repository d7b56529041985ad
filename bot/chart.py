"""The /timeline chart: dialogues per year, stacked by mechanism, as PNG bytes."""

from __future__ import annotations

import io
from collections import Counter

from bot.domain.corpus import Corpus
from bot.domain.reference import Reference

UNDATED = "year unknown"


def timeline_png(corpus: Corpus, reference: Reference, *, year: int | None = None) -> bytes | None:
    """A bar chart of dialogues per year by mechanism; None when there is nothing to draw."""
    dialogues = [d for d in corpus.dialogues if year is None or d.date.year == year]
    if not dialogues:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    for dialogue in dialogues:
        when = str(dialogue.date.year) if dialogue.date.year else UNDATED
        known = reference.mechanism_by_id.get(dialogue.mechanism or "")
        counts[(when, known.label if known else "Other")] += 1
    # Imported here: matplotlib costs a third of the bot's start-up and only /timeline needs it.
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; must precede pyplot
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    years = sorted({w for w, _ in counts}, key=lambda w: (w == UNDATED, w))
    mechanisms = sorted({m for _, m in counts})
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    bottoms = [0] * len(years)
    for mechanism in mechanisms:
        heights = [counts[(y, mechanism)] for y in years]
        axes.bar(years, heights, bottom=bottoms, label=mechanism)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_title("Vietnam–RoK dialogues by year and mechanism")
    axes.set_ylabel("dialogues")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(fontsize="small", loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
