"""The briefings: one frozen view per template in briefs/, with the refs its buttons lead to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from bot.domain.briefings.blocks import (
    DialogueCard,
    DialogueRef,
    Entry,
    ListItem,
    PersonEntry,
    Ref,
    SearchHit,
    SeriesRow,
    YearGroup,
    unique_refs,
)
from bot.domain.briefings.pages import Page
from bot.domain.briefings.variants import sized
from bot.domain.commands.registry import Command, catalogue
from bot.domain.periods import Period


@dataclass(frozen=True)
class View:
    """Base of every briefing; `template` names the file in briefs/ that renders it."""

    template: ClassVar[str] = ""

    @property
    def links(self) -> tuple[Ref, ...]:
        """Related briefings, for buttons."""
        return ()

    @property
    def shows(self) -> str:
        """The command (no slash) naming this briefing whatever was typed; "": the typed one."""
        return ""


@dataclass(frozen=True)
class StartView(View):
    """Welcome: what the bot knows and how to ask."""

    template: ClassVar[str] = "start.html.j2"
    dialogues: int = 0
    people: int = 0
    latest: DialogueRef | None = None
    commands: tuple[Command, ...] = field(default_factory=lambda: catalogue().menu())

    @property
    def links(self) -> tuple[Ref, ...]:
        """The newest dialogue, then the list views."""
        first = (self.latest.ref,) if self.latest else ()
        return (*first, *(Ref("command", c, f"/{c}") for c in ("topics", "people", "timeline")))


@dataclass(frozen=True)
class HelpView(View):
    """The command catalogue."""

    template: ClassVar[str] = "help.html.j2"
    commands: tuple[Command, ...] = field(default_factory=lambda: catalogue().menu())


def _runs_as_briefing(ref: Ref) -> bool:
    """False for a chat command (/subscribe …): pressed as a button it could not act on the chat."""
    return ref.kind != "command" or catalogue().runs_as_briefing(ref.id.split(maxsplit=1)[0])


@dataclass(frozen=True)
class SuggestionsView(View):
    """A reply whose buttons are the things it suggests (chat commands are suggested as text)."""

    # Keyword-only, so subclasses may still declare fields without defaults.
    suggestions: tuple[Ref, ...] = field(default=(), kw_only=True)

    @property
    def links(self) -> tuple[Ref, ...]:
        """The suggestions a button can open."""
        return tuple(r for r in self.suggestions if _runs_as_briefing(r))


@dataclass(frozen=True)
class UsageView(SuggestionsView):
    """How to use a command, and what was wrong with the arguments if anything."""

    template: ClassVar[str] = "usage.html.j2"
    command: str
    usage: str
    description: str = ""
    error: str | None = None


@dataclass(frozen=True)
class NotFoundView(SuggestionsView):
    """Nothing matched: what was asked, and the closest things that exist."""

    template: ClassVar[str] = "not_found.html.j2"
    kind: str
    query: str
    hint: str | None = None
    ambiguous: bool = False  # the query names several (the suggestions), not none


def resize(command: str, *, full: bool, paged: bool = False, then: str = "") -> Ref:
    """The button that shows the same briefing the other size: "More" or "Less".

    `then` follows the size (" page 2"); `paged` keeps room for it within the 64 bytes.
    """
    other = sized(command, full=not full, paged=paged)
    return Ref("command", f"{other}{then}", "Less ▴" if full else "More ▾")


@dataclass(frozen=True)
class LatestView(View):
    """The newest dialogues: short cards, or in full."""

    template: ClassVar[str] = "latest.html.j2"
    cards: tuple[DialogueCard, ...] = ()
    period: Period | None = None  # the cards are the newest of this period
    full: bool = False

    @property
    def links(self) -> tuple[Ref, ...]:
        """More or Less, then people, sources and topics of the dialogues shown."""
        period = f" {self.period.token}" if self.period is not None else ""
        toggle = (
            (resize(f"latest {len(self.cards)}{period}", full=self.full),) if self.cards else ()
        )
        return unique_refs(
            [
                *toggle,
                *(
                    ref
                    for card in self.cards
                    for ref in (
                        *(a.ref for a in card.participants),
                        *(c.ref for c in card.sources),
                        *card.topics[:4],
                    )
                ),
            ]
        )


@dataclass(frozen=True)
class DialogueView(View):
    """One dialogue: a short card, or in full."""

    template: ClassVar[str] = "dialogue.html.j2"
    card: DialogueCard
    full: bool = False

    @property
    def links(self) -> tuple[Ref, ...]:
        """More or Less, then its people, sources, topics and positions."""
        card = self.card
        # Sources come right after the people: they are what readers check first, and a long
        # topic list would otherwise push them past the keyboard's button limit.
        return unique_refs(
            [
                resize(f"dialogue {card.dialogue.id}", full=self.full),
                *(a.ref for a in card.participants),
                *(c.ref for c in card.sources),
                *card.topics,
                *card.positions,
            ]
        )


@dataclass(frozen=True)
class SubjectView(View):
    """Dialogues on one subject, a page at a time; then related subjects."""

    # Keyword-only, like SuggestionsView's, so each subject's view declares its own fields.
    page: Page | None = field(default=None, kw_only=True)
    period: Period | None = field(default=None, kw_only=True)  # only dialogues dated within

    @property
    def headings(self) -> tuple[DialogueRef, ...]:
        """The dialogues this page shows."""
        return ()

    @property
    def related(self) -> tuple[Ref, ...]:
        """Related subjects, whose buttons follow the dialogues'."""
        return ()

    @property
    def total(self) -> int:
        """Dialogues on the subject, on every page."""
        return self.page.total if self.page else len(self.headings)

    @property
    def links(self) -> tuple[Ref, ...]:
        """The next and previous page, the dialogues, then related subjects."""
        pages = self.page.links if self.page else ()
        return unique_refs([*pages, *(h.ref for h in self.headings), *self.related])


@dataclass(frozen=True)
class EntriesView(SubjectView):
    """Dialogues on one subject, newest first, each with its sentences; then related subjects."""

    entries: tuple[Entry, ...] = field(default=(), kw_only=True)
    see_also: tuple[Ref, ...] = field(default=(), kw_only=True)

    @property
    def headings(self) -> tuple[DialogueRef, ...]:
        """The dialogues this page shows."""
        return tuple(e.dialogue for e in self.entries)

    @property
    def related(self) -> tuple[Ref, ...]:
        """Related subjects."""
        return self.see_also


@dataclass(frozen=True)
class TopicView(EntriesView):
    """Dialogues on one topic, each with its supporting sentences, and related topics."""

    template: ClassVar[str] = "topic.html.j2"
    topic: Ref


@dataclass(frozen=True)
class PositionView(EntriesView):
    """A policy position, its points, the dialogues where it was stated and related ones."""

    template: ClassVar[str] = "position.html.j2"
    position: Ref
    origin: str | None = None
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonView(SubjectView):
    """A person's posts and the dialogues they took part in."""

    template: ClassVar[str] = "person.html.j2"
    person: Ref
    country: str | None = None
    roles: tuple[str, ...] = ()
    latest_roles: tuple[str, ...] = ()  # the most recent few, for the short page
    aliases: tuple[str, ...] = ()
    entries: tuple[PersonEntry, ...] = ()
    see_also: tuple[Ref, ...] = ()
    full: bool = False  # everything they said at each dialogue, not only their best statements
    listed: str = ""  # the command (no slash, size or page) that lists them: "person x 2024"

    @property
    def headings(self) -> tuple[DialogueRef, ...]:
        """The dialogues this page shows."""
        return tuple(e.dialogue for e in self.entries)

    @property
    def shows(self) -> str:
        """The command (no slash) that shows this briefing, whatever name was typed for them."""
        return sized(self.listed, full=self.full, paged=True)

    @property
    def links(self) -> tuple[Ref, ...]:
        """The next and previous page, More or Less, counterparts, then the dialogues."""
        pages = self.page.links if self.page else ()
        toggle: tuple[Ref, ...] = ()
        if self.entries and self.listed:
            # The other size of the same page, so the message keeps showing the same dialogues.
            number = self.page.number if self.page else 1
            at = f" page {number}" if number > 1 else ""
            toggle = (resize(self.listed, full=self.full, paged=True, then=at),)
        people = (a.ref for e in self.entries for a in e.counterparts)
        dialogues = (e.dialogue.ref for e in self.entries)
        return unique_refs([*pages, *toggle, *people, *dialogues, *self.see_also])


@dataclass(frozen=True)
class TimelineView(View):
    """Dialogues grouped by year, newest first; unknown years last."""

    template: ClassVar[str] = "timeline.html.j2"
    year: int | None = None
    groups: tuple[YearGroup, ...] = ()
    years: tuple[Ref, ...] = ()
    page: Page | None = None
    period: Period | None = None  # only dialogues dated within (a single one is `year`)

    @property
    def links(self) -> tuple[Ref, ...]:
        """The next and previous page, then other years."""
        pages = self.page.links if self.page else ()
        return (*pages, *(y for y in self.years if y.id != str(self.year)))


@dataclass(frozen=True)
class SeriesView(SubjectView):
    """Every dialogue of one mechanism, edition by edition, oldest first."""

    template: ClassVar[str] = "series.html.j2"
    series: Ref
    rows: tuple[SeriesRow, ...] = ()
    others: tuple[Ref, ...] = ()

    @property
    def headings(self) -> tuple[DialogueRef, ...]:
        """The editions this page shows."""
        return tuple(r.entry.dialogue for r in self.rows)

    @property
    def related(self) -> tuple[Ref, ...]:
        """The other series."""
        return self.others


@dataclass(frozen=True)
class SearchView(View):
    """Sentences matching every search term, grouped by dialogue."""

    template: ClassVar[str] = "search.html.j2"
    query: str = ""
    terms: tuple[str, ...] = ()
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    shown: int = 0
    page: Page | None = None
    period: Period | None = None  # only sentences of dialogues dated within

    @property
    def links(self) -> tuple[Ref, ...]:
        """The next and previous page, then the dialogues found."""
        pages = self.page.links if self.page else ()
        found = (h.dialogue.ref for h in self.hits if h.dialogue is not None)
        return unique_refs([*pages, *found])


@dataclass(frozen=True)
class SourceView(View):
    """One source article: where it is from, what it supports, and its text."""

    template: ClassVar[str] = "source.html.j2"
    source: Ref
    file: str
    outlet: str
    date: str
    url: str | None = None
    title: str | None = None
    dialogue: DialogueRef | None = None
    paragraphs: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def links(self) -> tuple[Ref, ...]:
        """The dialogue it supports."""
        return (self.dialogue.ref,) if self.dialogue else ()


@dataclass(frozen=True)
class ListView(View):
    """A list of topics, people or positions with how many dialogues each has."""

    kind: ClassVar[str] = ""
    items: tuple[ListItem, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """Every item with at least one dialogue."""
        return tuple(i.ref for i in self.items if i.count)


@dataclass(frozen=True)
class TopicsView(ListView):
    """All topics."""

    template: ClassVar[str] = "topics.html.j2"
    kind: ClassVar[str] = "topic"


@dataclass(frozen=True)
class PeopleView(ListView):
    """Everyone who took part in a stored dialogue; how many more only the register knows."""

    template: ClassVar[str] = "people.html.j2"
    kind: ClassVar[str] = "person"
    unlisted: int = 0


@dataclass(frozen=True)
class PositionsView(ListView):
    """All policy positions."""

    template: ClassVar[str] = "positions.html.j2"
    kind: ClassVar[str] = "position"


@dataclass(frozen=True)
class SeriesListView(ListView):
    """Every series (mechanism) with a stored dialogue."""

    template: ClassVar[str] = "series_list.html.j2"
    kind: ClassVar[str] = "series"


Briefing = (
    StartView
    | HelpView
    | UsageView
    | NotFoundView
    | LatestView
    | DialogueView
    | TopicView
    | PersonView
    | PositionView
    | TimelineView
    | SeriesView
    | SeriesListView
    | SearchView
    | SourceView
    | TopicsView
    | PeopleView
    | PositionsView
)
