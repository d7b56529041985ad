"""/position <position>: its points and where it was stated; /positions: all on record."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.by_position import position, positions
from bot.domain.briefings.views import Briefing, PositionsView, PositionView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _position(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return position(corpus, ref, args.text, args.page, args.period)


def _positions(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return positions(corpus, ref)


def _choices(corpus: Corpus, ref: Reference) -> tuple[Ref, ...]:
    return tuple(i.ref for i in positions(corpus, ref).items)


COMMANDS = (
    Command(
        name="position",
        description="A policy position, its points and where it was stated",
        params="<position> [period] [page N]",
        run=_position,
        view=PositionView,
        paged=True,
        takes_period=True,
        needs_args=True,
        choices=_choices,
        inline=True,
        deep_link="position",
        exportable=True,
    ),
    Command(
        name="positions",
        description="All policy positions on record",
        run=_positions,
        view=PositionsView,
    ),
)
