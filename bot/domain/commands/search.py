"""/search <words>: the sentences mentioning words or "a phrase"."""

from __future__ import annotations

from bot.domain.briefings.text_search import search
from bot.domain.briefings.views import Briefing, SearchView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _search(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    # A bare /search gets the search's own hint (how long a word must be), not a list.
    return search(corpus, ref, args.text, args.page, args.period)


COMMANDS = (
    Command(
        name="search",
        description='Sentences mentioning words or "a phrase"',
        params="<words> [period] [page N]",
        run=_search,
        view=SearchView,
        paged=True,
        takes_period=True,
        loose_period=True,
        raw_args=True,
        needs_args=True,
        inline=True,
        exportable=True,
    ),
)
