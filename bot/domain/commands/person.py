"""/person <name>: their posts and dialogues, short or full; /people: everyone who appears."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.by_person import people, person
from bot.domain.briefings.views import Briefing, PeopleView, PersonView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _person(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return person(corpus, ref, args.text, args.page, args.period, full=args.full)


def _people(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return people(corpus, ref)


def _choices(corpus: Corpus, ref: Reference) -> tuple[Ref, ...]:
    """The people in at least one dialogue."""
    return tuple(i.ref for i in people(corpus, ref).items if i.count)


COMMANDS = (
    Command(
        name="person",
        description="A person's posts and the dialogues they took part in",
        params="<name> [period] [full] [page N]",
        run=_person,
        view=PersonView,
        paged=True,
        takes_period=True,
        sized=True,
        needs_args=True,
        choices=_choices,
        inline=True,
        deep_link="person",
        exportable=True,
    ),
    Command(
        name="people",
        description="Everyone who appears in the dialogues",
        run=_people,
        view=PeopleView,
    ),
)
