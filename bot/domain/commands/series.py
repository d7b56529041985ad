"""/series <mechanism>: every dialogue of one series, edition by edition; bare, all series."""

from __future__ import annotations

from bot.domain.briefings.by_series import series, series_index
from bot.domain.briefings.views import Briefing, SeriesView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _series(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    if not args.text:
        return series_index(corpus, ref)
    return series(corpus, ref, args.text, args.page, args.period)


COMMANDS = (
    Command(
        name="series",
        description="Every dialogue of one series, edition by edition",
        params="<mechanism> [period] [page N]",
        run=_series,
        view=SeriesView,
        paged=True,
        takes_period=True,
        deep_link="series",
    ),
)
