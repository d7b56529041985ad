"""What briefings are made of: button refs, cited facts, dialogue headings, cards and rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

_DEEP_LINK_ID = re.compile(r"^[A-Za-z0-9_-]+$")

RefKind = Literal["dialogue", "person", "topic", "position", "source", "year", "series", "command"]


@dataclass(frozen=True)
class Ref:
    """Something a briefing mentions and the Telegram layer can turn into a button."""

    kind: RefKind
    id: str
    label: str
    period: str = ""  # the briefing it opens keeps only this period: "since 2024"

    @property
    def command(self) -> str:
        """The command that briefs on it, e.g. "/topic maritime" or "/timeline 2024"."""
        if self.kind == "command":
            return f"/{self.id}"
        name = "timeline" if self.kind == "year" else self.kind
        return f"/{name} {self.id} {self.period}".rstrip()

    @property
    def deep_link(self) -> str | None:
        """A /start payload such as "topic_maritime", when the id fits Telegram's rules."""
        payload = f"{self.kind}_{self.id}"
        if self.period:
            payload += f"_{self.period.replace(' ', '-')}"
        return payload if _DEEP_LINK_ID.match(payload) and len(payload) <= 64 else None


def unique_refs(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    """Each ref once, where it is first mentioned."""
    return tuple(dict.fromkeys(refs))


@dataclass(frozen=True)
class Citation:
    """Where a sentence comes from: outlet and date as shown, plus the source id."""

    source_id: str
    outlet: str
    date: str
    url: str | None = None

    @property
    def ref(self) -> Ref:
        """As a button target."""
        return Ref("source", self.source_id, self.outlet)


@dataclass(frozen=True)
class Fact:
    """A quoted sentence, its citation, who said it (None: the article) and its language tag."""

    text: str
    citation: Citation
    speaker: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Attendee:
    """A participant as a briefing names them."""

    person_id: str
    name: str
    role: str | None = None
    country: str | None = None

    @property
    def ref(self) -> Ref:
        """As a button target."""
        return Ref("person", self.person_id, self.name)


@dataclass(frozen=True)
class DialogueRef:
    """A dialogue's heading: title, formatted date, place and mechanism."""

    id: str
    title: str
    date: str
    place: str | None = None
    mechanism: str | None = None

    @property
    def ref(self) -> Ref:
        """As a button target."""
        return Ref("dialogue", self.id, self.title)


@dataclass(frozen=True)
class Pledge:
    """A commitment (money or target) and the sentence stating it."""

    text: str
    fact: Fact
    background: bool = False  # a figure the article recalls, not agreed at the meeting


@dataclass(frozen=True)
class SubjectQuotes:
    """A topic or position raised in a dialogue, with the sentences not already shown."""

    ref: Ref
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class DialogueCard:
    """Everything a briefing says about one dialogue."""

    dialogue: DialogueRef
    participants: tuple[Attendee, ...] = ()
    summary: tuple[Fact, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    topics: tuple[Ref, ...] = ()
    positions: tuple[Ref, ...] = ()
    sources: tuple[Citation, ...] = ()
    background: tuple[Pledge, ...] = ()  # figures the article recalls: context, not outcomes
    highlights: tuple[Fact, ...] = ()  # the few most informative statements, best first
    statements: tuple[Fact, ...] = ()  # what the full card quotes: the highlights, then more

    @property
    def sources_unquoted(self) -> tuple[Citation, ...]:
        """Sources that back none of the highlights or pledges: a short card still names them."""
        quoted = {f.citation.source_id for f in self.highlights}
        quoted |= {p.fact.citation.source_id for p in self.pledges}
        return tuple(s for s in self.sources if s.source_id not in quoted)


@dataclass(frozen=True)
class Entry:
    """A dialogue and the sentences that tie it to what was asked."""

    dialogue: DialogueRef
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class PersonEntry:
    """One dialogue from a person's point of view."""

    dialogue: DialogueRef
    role: str | None = None
    counterparts: tuple[Attendee, ...] = ()
    summary: tuple[Fact, ...] = ()
    positions: tuple[SubjectQuotes, ...] = ()
    topics: tuple[SubjectQuotes, ...] = ()
    also: tuple[Ref, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    background: tuple[Pledge, ...] = ()  # figures the article recalls: context, not outcomes
    highlights: tuple[Fact, ...] = ()  # a short page's best statements, in place of the rest

    @property
    def quoted(self) -> tuple[tuple[str | None, Fact], ...]:
        """Every statement quoted, with the position or topic it was quoted for (None: summary)."""
        return (
            *((None, f) for f in self.summary),
            *(
                (group.ref.label, f)
                for group in (*self.positions, *self.topics)
                for f in group.facts
            ),
        )


@dataclass(frozen=True)
class CitedDialogue:
    """A dialogue's heading with the source that first reported it, and how many others did."""

    dialogue: DialogueRef
    citation: Citation
    more_sources: int = 0


@dataclass(frozen=True)
class SeriesRow:
    """One edition of a series: its cited heading, edition and who took part, with posts held."""

    entry: CitedDialogue
    edition: str | None = None
    participants: tuple[Attendee, ...] = ()


@dataclass(frozen=True)
class YearGroup:
    """Dialogues of one year (or of unknown year)."""

    label: str
    year: int | None
    dialogues: tuple[CitedDialogue, ...]


@dataclass(frozen=True)
class Segment:
    """A piece of a sentence; `hit` pieces matched the search."""

    text: str
    hit: bool = False


@dataclass(frozen=True)
class Snippet:
    """A sentence found by search, cut into highlighted segments."""

    segments: tuple[Segment, ...]
    citation: Citation


@dataclass(frozen=True)
class SearchHit:
    """The sentences of one dialogue (or of an unlinked source) that match."""

    dialogue: DialogueRef | None
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True)
class ListItem:
    """One row of a list view."""

    ref: Ref
    count: int = 0
    detail: str | None = None
