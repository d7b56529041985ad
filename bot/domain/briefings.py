"""Briefings: pure functions from (Corpus, Reference) to view models the templates render.

Every sentence shown travels with a Citation (outlet and date), and every view exposes `links`:
the dialogues, people, topics, positions, sources or years it mentions, for buttons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from rapidfuzz import fuzz, process
from unidecode import unidecode

from bot.domain.commands import COMMAND_BY_NAME, COMMANDS, CommandSpec, ParsedCommand, split_terms
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, EventDate, Evidence, Person, Role, SourceRef
from bot.domain.reference import Reference
from bot.domain.resolve import (
    dialogue_count,
    identity_cached,
    known_people,
    resolve_person,
    resolve_position,
    resolve_topic,
)
from bot.domain.text import fold

MAX_LATEST = 10
MAX_FACTS = 3
MAX_SEARCH_DIALOGUES = 8
MAX_SEARCH_LINES = 3
MAX_SOURCE_CHARS = 6000
MAX_SUGGESTIONS = 5
PERSON_TOPIC_FACTS = 2

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
MONTHS = tuple(_MONTH_NAMES.split())
COUNTRIES = {"VN": "Vietnam", "KR": "RoK"}
_SAFE_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)
_DEEP_LINK_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_STOPWORD_LIST = "a an and the of in on at to for by with from or is are was were"
_STOPWORDS = frozenset(_STOPWORD_LIST.split())

RefKind = Literal["dialogue", "person", "topic", "position", "source", "year", "command"]


# --- building blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Something a briefing mentions and the Telegram layer can turn into a button."""

    kind: RefKind
    id: str
    label: str

    @property
    def command(self) -> str:
        """The command that briefs on it, e.g. "/topic maritime" or "/timeline 2024"."""
        if self.kind == "command":
            return f"/{self.id}"
        name = "timeline" if self.kind == "year" else self.kind
        return f"/{name} {self.id}"

    @property
    def deep_link(self) -> str | None:
        """A /start payload such as "topic_maritime", when the id fits Telegram's rules."""
        payload = f"{self.kind}_{self.id}"
        return payload if _DEEP_LINK_ID.match(payload) and len(payload) <= 64 else None


@dataclass(frozen=True)
class Citation:
    """Where a sentence comes from: outlet and date as shown, plus the source id."""

    source_id: str
    outlet: str
    date: str
    url: str | None = None


@dataclass(frozen=True)
class Fact:
    """A quoted sentence and its citation."""

    text: str
    citation: Citation


@dataclass(frozen=True)
class Attendee:
    """A participant as a briefing names them."""

    person_id: str
    name: str
    role: str | None = None
    country: str | None = None


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


@dataclass(frozen=True)
class Labelled:
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
    positions: tuple[Labelled, ...] = ()
    topics: tuple[Labelled, ...] = ()
    also: tuple[Ref, ...] = ()
    pledges: tuple[Pledge, ...] = ()


@dataclass(frozen=True)
class YearGroup:
    """Dialogues of one year (or of unknown year)."""

    label: str
    year: int | None
    dialogues: tuple[DialogueRef, ...]


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


# --- views ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """Base of every briefing; `template` names the file in briefs/ that renders it."""

    template: ClassVar[str] = ""

    @property
    def links(self) -> tuple[Ref, ...]:
        """Related briefings, for buttons."""
        return ()


@dataclass(frozen=True)
class StartView(View):
    """Welcome: what the bot knows and how to ask."""

    template: ClassVar[str] = "start.html.j2"
    dialogues: int = 0
    people: int = 0
    latest: DialogueRef | None = None
    commands: tuple[CommandSpec, ...] = COMMANDS

    @property
    def links(self) -> tuple[Ref, ...]:
        """The newest dialogue, then the list views."""
        first = (self.latest.ref,) if self.latest else ()
        return (*first, *(Ref("command", c, f"/{c}") for c in ("topics", "people", "timeline")))


@dataclass(frozen=True)
class HelpView(View):
    """The command catalogue."""

    template: ClassVar[str] = "help.html.j2"
    commands: tuple[CommandSpec, ...] = COMMANDS


@dataclass(frozen=True)
class UsageView(View):
    """How to use a command, and what was wrong with the arguments if anything."""

    template: ClassVar[str] = "usage.html.j2"
    command: str
    usage: str
    description: str = ""
    error: str | None = None
    suggestions: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """The suggestions."""
        return self.suggestions


@dataclass(frozen=True)
class NotFoundView(View):
    """Nothing matched: what was asked, and the closest things that exist."""

    template: ClassVar[str] = "not_found.html.j2"
    kind: str
    query: str
    hint: str | None = None
    suggestions: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """The suggestions."""
        return self.suggestions


@dataclass(frozen=True)
class LatestView(View):
    """The newest dialogues in full."""

    template: ClassVar[str] = "latest.html.j2"
    cards: tuple[DialogueCard, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """Topics and people of the dialogues shown."""
        return _unique(
            ref
            for card in self.cards
            for ref in (
                *card.topics[:4],
                *(Ref("person", a.person_id, a.name) for a in card.participants),
            )
        )


@dataclass(frozen=True)
class DialogueView(View):
    """One dialogue in full."""

    template: ClassVar[str] = "dialogue.html.j2"
    card: DialogueCard

    @property
    def links(self) -> tuple[Ref, ...]:
        """Its people, topics, positions and sources."""
        people = (Ref("person", a.person_id, a.name) for a in self.card.participants)
        sources = (Ref("source", c.source_id, c.outlet) for c in self.card.sources)
        return _unique([*people, *self.card.topics, *self.card.positions, *sources])


@dataclass(frozen=True)
class TopicView(View):
    """Dialogues on one topic, newest first, each with its supporting sentences."""

    template: ClassVar[str] = "topic.html.j2"
    topic: Ref
    entries: tuple[Entry, ...] = ()
    see_also: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """The dialogues, then related topics."""
        return _unique([*(e.dialogue.ref for e in self.entries), *self.see_also])


@dataclass(frozen=True)
class PersonView(View):
    """A person's posts and the dialogues they took part in."""

    template: ClassVar[str] = "person.html.j2"
    person: Ref
    country: str | None = None
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    entries: tuple[PersonEntry, ...] = ()
    see_also: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """Counterparts, then the dialogues."""
        people = (Ref("person", a.person_id, a.name) for e in self.entries for a in e.counterparts)
        return _unique([*people, *(e.dialogue.ref for e in self.entries), *self.see_also])


@dataclass(frozen=True)
class PositionView(View):
    """A policy position, its points, and the dialogues where it was stated."""

    template: ClassVar[str] = "position.html.j2"
    position: Ref
    origin: str | None = None
    points: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    see_also: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """The dialogues, then related positions."""
        return _unique([*(e.dialogue.ref for e in self.entries), *self.see_also])


@dataclass(frozen=True)
class TimelineView(View):
    """Dialogues grouped by year, newest first; unknown years last."""

    template: ClassVar[str] = "timeline.html.j2"
    year: int | None = None
    groups: tuple[YearGroup, ...] = ()
    years: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """Other years."""
        return tuple(y for y in self.years if y.id != str(self.year))


@dataclass(frozen=True)
class SearchView(View):
    """Sentences matching every search term, grouped by dialogue."""

    template: ClassVar[str] = "search.html.j2"
    query: str = ""
    terms: tuple[str, ...] = ()
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    shown: int = 0

    @property
    def links(self) -> tuple[Ref, ...]:
        """The dialogues found."""
        return _unique(h.dialogue.ref for h in self.hits if h.dialogue is not None)


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
    """All people."""

    template: ClassVar[str] = "people.html.j2"
    kind: ClassVar[str] = "person"


@dataclass(frozen=True)
class PositionsView(ListView):
    """All policy positions."""

    template: ClassVar[str] = "positions.html.j2"
    kind: ClassVar[str] = "position"


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
    | SearchView
    | SourceView
    | TopicsView
    | PeopleView
    | PositionsView
)


def _unique(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    return tuple(dict.fromkeys(refs))


# --- formatting -------------------------------------------------------------------------------


def format_event_date(when: EventDate) -> str:
    """Say what is known: 23 April 2024, 10–13 August 2025, 28 March (year unknown)."""
    month = MONTHS[when.month - 1] if when.month and 1 <= when.month <= 12 else None
    if month and when.day:
        days = f"{when.day}–{when.end_day}" if when.end_day and when.end_day != when.day else ""
        text = f"{days or when.day} {month}"
        return f"{text} {when.year}" if when.year else f"{text} (year unknown)"
    if month:
        return f"{month} {when.year}" if when.year else f"{month} (year unknown)"
    if when.year:
        return str(when.year)
    phrase = re.sub(r"^(on|last|this)\s+", "", (when.phrase or "").strip(), flags=re.IGNORECASE)
    return f"{phrase[:1].upper()}{phrase[1:]} (date not given)" if phrase else "date not given"


def format_published(day: date) -> str:
    """Citation style: "24 Apr 2024"."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _format_year_month(value: str) -> str:
    """ISO year-month(-day) as "Apr 2021" or "23 Apr 2024"; anything else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    month = f"{MONTHS[int(match.group(2)) - 1][:3]} {match.group(1)}"
    return f"{int(match.group(3))} {month}" if match.group(3) else month


def format_role(role: Role) -> str:
    """A post with its dates, e.g. Minister of National Defence (since Apr 2021)."""
    since = _format_year_month(role.since) if role.since else None
    until = _format_year_month(role.until) if role.until else None
    if since and until:
        return f"{role.title} ({since} – {until})"
    if since:
        return f"{role.title} (since {since})"
    if until:
        return f"{role.title} (until {until})"
    if role.as_of:
        return f"{role.title} (as of {_format_year_month(role.as_of)})"
    return role.title


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- view pieces from records -----------------------------------------------------------------


def _source_ref(corpus: Corpus, dialogue: Dialogue | None, source_id: str) -> SourceRef | None:
    if dialogue is not None:
        for src in dialogue.sources:
            if src.id == source_id:
                return src
    return corpus.sources.get(source_id)


def _dialogue_of_source(corpus: Corpus, source_id: str) -> Dialogue | None:
    stored = corpus.sources.get(source_id)
    if stored is not None and stored.dialogue_id in corpus.by_id:
        return corpus.by_id[stored.dialogue_id]
    return _source_owners(corpus).get(source_id)


def _source_owners(corpus: Corpus) -> dict[str, Dialogue]:
    """Source id -> the dialogue listing it, built once per corpus."""

    def build() -> dict[str, Dialogue]:
        return {s.id: d for d in corpus.dialogues for s in d.sources}

    return identity_cached("source-owners", (corpus,), build)


def citation(corpus: Corpus, dialogue: Dialogue | None, source_id: str) -> Citation:
    """Outlet and date of a source; the dialogue's date stands in for a missing one."""
    src = _source_ref(corpus, dialogue, source_id)
    outlet = src.outlet if src and src.outlet else "Unknown outlet"
    if src is not None and src.published is not None:
        when = format_published(src.published)
    elif dialogue is not None and (dialogue.date.month or dialogue.date.year):
        when = format_event_date(dialogue.date)
    else:
        when = "date unknown"
    url = src.url if src and src.url and _SAFE_URL.match(src.url) else None
    return Citation(source_id=source_id, outlet=outlet, date=when, url=url)


def _fact(corpus: Corpus, dialogue: Dialogue, evidence: Evidence) -> Fact:
    return Fact(text=evidence.sentence, citation=citation(corpus, dialogue, evidence.source_id))


def _facts(
    corpus: Corpus, dialogue: Dialogue, evidence: Iterable[Evidence], limit: int = MAX_FACTS
) -> tuple[Fact, ...]:
    unique = dict.fromkeys((e.sentence.strip(), e.source_id) for e in evidence if e.sentence)
    chosen = [Evidence(sentence=s, source_id=i) for s, i in list(unique)[:limit]]
    return tuple(_fact(corpus, dialogue, e) for e in chosen)


def dialogue_ref(ref: Reference | None, dialogue: Dialogue) -> DialogueRef:
    """Heading of a dialogue; the mechanism is named only when reference data is at hand."""
    mechanism = ref.mechanism_by_id.get(dialogue.mechanism or "") if ref else None
    label = mechanism.label if mechanism else None
    if label and dialogue.edition:
        label = f"{_ordinal(dialogue.edition)} {label[:1].lower()}{label[1:]}"
    return DialogueRef(
        id=dialogue.id,
        title=dialogue.title.strip() or label or "Untitled dialogue",
        date=format_event_date(dialogue.date),
        place=dialogue.place,
        mechanism=label,
    )


def _topic_ref(ref: Reference, topic_id: str) -> Ref:
    topic = ref.topic_by_id.get(topic_id)
    return Ref("topic", topic_id, topic.label if topic else topic_id)


def _position_ref(ref: Reference, position_id: str) -> Ref:
    position = ref.position_by_id.get(position_id)
    return Ref("position", position_id, position.label if position else position_id)


def _person_ref(person: Person) -> Ref:
    return Ref("person", person.id, person.name)


def _attendees(corpus: Corpus, dialogue: Dialogue) -> tuple[Attendee, ...]:
    seen: dict[str, Attendee] = {}
    for p in dialogue.participants:
        known = corpus.people.get(p.person_id)
        role = p.role or (known.roles[0].title if known and known.roles else None)
        country = p.country or (known.country if known else None)
        seen.setdefault(
            p.person_id,
            Attendee(
                person_id=p.person_id,
                name=known.name if known else p.name,
                role=role,
                country=COUNTRIES.get(country or ""),
            ),
        )
    return tuple(seen.values())


def _pledges(corpus: Corpus, dialogue: Dialogue) -> tuple[Pledge, ...]:
    return tuple(
        Pledge(text=c.text, fact=_fact(corpus, dialogue, c.evidence)) for c in dialogue.commitments
    )


def dialogue_card(
    corpus: Corpus, ref: Reference, dialogue: Dialogue, summary_limit: int = MAX_FACTS
) -> DialogueCard:
    """Everything about one dialogue, each sentence cited."""
    return DialogueCard(
        dialogue=dialogue_ref(ref, dialogue),
        participants=_attendees(corpus, dialogue),
        summary=_facts(corpus, dialogue, dialogue.summary, summary_limit),
        pledges=_pledges(corpus, dialogue),
        topics=_unique(_topic_ref(ref, t.id) for t in dialogue.topics),
        positions=_unique(_position_ref(ref, p.id) for p in dialogue.positions),
        sources=tuple(citation(corpus, dialogue, s.id) for s in dialogue.sources),
    )


# --- briefings --------------------------------------------------------------------------------


def latest(corpus: Corpus, ref: Reference, n: int = 1) -> LatestView:
    """The `n` newest dialogues (clamped to 1..10); shorter summaries when several."""
    count = max(1, min(MAX_LATEST, n))
    limit = MAX_FACTS if count == 1 else 1
    return LatestView(
        cards=tuple(dialogue_card(corpus, ref, d, limit) for d in corpus.dialogues[:count])
    )


def dialogue(corpus: Corpus, ref: Reference, dialogue_id: str) -> DialogueView | NotFoundView:
    """One dialogue in full, by id."""
    found = corpus.by_id.get(dialogue_id.strip())
    if found is None:
        return NotFoundView(
            kind="dialogue",
            query=dialogue_id,
            hint="/timeline lists every dialogue.",
            suggestions=tuple(dialogue_ref(ref, d).ref for d in corpus.dialogues[:MAX_SUGGESTIONS]),
        )
    return DialogueView(card=dialogue_card(corpus, ref, found))


def topic(corpus: Corpus, ref: Reference, query: str) -> TopicView | NotFoundView:
    """Dialogues on a topic, newest first, each with its supporting sentences."""
    found = resolve_topic(ref, query)
    if found.match is None:
        return NotFoundView(
            kind="topic",
            query=query,
            hint="/topics lists every topic.",
            suggestions=tuple(Ref("topic", t.id, t.label) for t in found.suggestions),
        )
    entries = []
    for d in corpus.by_topic.get(found.match.id, ()):
        evidence = [e for hit in d.topics if hit.id == found.match.id for e in hit.evidence]
        entries.append(Entry(dialogue_ref(ref, d), _facts(corpus, d, evidence, 2)))
    return TopicView(
        topic=Ref("topic", found.match.id, found.match.label),
        entries=tuple(entries),
        see_also=tuple(Ref("topic", t.id, t.label) for t in found.suggestions),
    )


def _person_entry(corpus: Corpus, ref: Reference, person_id: str, d: Dialogue) -> PersonEntry:
    """What one dialogue says, from one participant's side: sentences never repeat."""
    attendees = _attendees(corpus, d)
    shown: set[str] = set()

    def fresh(evidence: Iterable[Evidence], limit: int) -> tuple[Fact, ...]:
        picked = [e for e in evidence if e.sentence.strip() not in shown][:limit]
        shown.update(e.sentence.strip() for e in picked)
        return _facts(corpus, d, picked, limit)

    pledges = _pledges(corpus, d)
    shown.update(p.fact.text.strip() for p in pledges)
    summary = fresh(d.summary, 2)
    positions = tuple(
        Labelled(_position_ref(ref, p.id), fresh(p.evidence, MAX_FACTS)) for p in d.positions
    )
    topics, also = [], []
    for hit in d.topics:
        facts = fresh(hit.evidence, PERSON_TOPIC_FACTS)
        if facts:
            topics.append(Labelled(_topic_ref(ref, hit.id), facts))
        else:
            also.append(_topic_ref(ref, hit.id))
    me = next((a for a in attendees if a.person_id == person_id), None)
    return PersonEntry(
        dialogue=dialogue_ref(ref, d),
        role=me.role if me else None,
        counterparts=tuple(a for a in attendees if a.person_id != person_id),
        summary=summary,
        positions=positions,
        topics=tuple(topics),
        also=tuple(also),
        pledges=pledges,
    )


def person(corpus: Corpus, ref: Reference, query: str) -> PersonView | NotFoundView:
    """A person's posts and every dialogue they took part in, newest first."""
    found = resolve_person(corpus, query, ref)
    if found.match is None:
        return NotFoundView(
            kind="person",
            query=query,
            hint="/people lists everyone.",
            suggestions=tuple(_person_ref(p) for p in found.suggestions),
        )
    who = found.match
    dialogues = corpus.by_person.get(who.id, ())
    roles = [format_role(r) for r in who.roles]
    for d in dialogues:
        for p in d.participants:
            if p.person_id == who.id and p.role and all(p.role not in r for r in roles):
                roles.append(p.role)
    return PersonView(
        person=_person_ref(who),
        country=COUNTRIES.get(who.country or ""),
        roles=tuple(roles),
        aliases=tuple(a for a in who.aliases if fold(a) != fold(who.name)),
        entries=tuple(_person_entry(corpus, ref, who.id, d) for d in dialogues),
        see_also=tuple(_person_ref(p) for p in found.suggestions),
    )


def position(corpus: Corpus, ref: Reference, query: str) -> PositionView | NotFoundView:
    """A policy position's points and the dialogues where it was cited, with the sentences."""
    found = resolve_position(ref, query)
    if found.match is None:
        return NotFoundView(
            kind="position",
            query=query,
            hint="/positions lists every position.",
            suggestions=tuple(Ref("position", p.id, p.label) for p in found.suggestions),
        )
    stance = found.match
    entries = []
    for d in corpus.by_position.get(stance.id, ()):
        evidence = [e for hit in d.positions if hit.id == stance.id for e in hit.evidence]
        entries.append(Entry(dialogue_ref(ref, d), _facts(corpus, d, evidence)))
    return PositionView(
        position=Ref("position", stance.id, stance.label),
        origin=stance.origin,
        points=tuple(stance.points),
        entries=tuple(entries),
        see_also=tuple(Ref("position", p.id, p.label) for p in found.suggestions),
    )


def _year_label(year: int | None) -> str:
    return str(year) if year is not None else "Year unknown"


def timeline(
    corpus: Corpus, ref: Reference, year: int | None = None
) -> TimelineView | NotFoundView:
    """Dialogues by year, newest first; one year when `year` is given."""
    known = sorted((y for y in corpus.by_year if y is not None), reverse=True)
    order: list[int | None] = [*known, *([None] if None in corpus.by_year else [])]
    years = tuple(Ref("year", str(y), str(y)) for y in known)
    if year is not None and year not in corpus.by_year:
        return NotFoundView(
            kind="year", query=str(year), hint="/timeline shows every year.", suggestions=years
        )
    groups = tuple(
        YearGroup(
            label=_year_label(y),
            year=y,
            dialogues=tuple(dialogue_ref(ref, d) for d in corpus.by_year[y]),
        )
        for y in order
        if year is None or y == year
    )
    return TimelineView(year=year, groups=groups, years=years)


# --- search -----------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[^a-z\s])")
_LAST_WORD = re.compile(r"(\w+)$")
# A full stop after these is an abbreviation ("Gen. Phan Van Giang"), not a sentence end.
_ABBREVIATION_LIST = "gen lt col maj mr mrs ms dr prof sen rep gov st sr jr no vs"
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())


@dataclass(frozen=True)
class _Sentence:
    """A searchable sentence: its text, a folded copy, and where each folded char came from."""

    text: str
    folded: str
    origin: tuple[int, ...]
    source_id: str
    dialogue_id: str | None


def _fold_mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold char by char (ASCII, lower case, punctuation as spaces), keeping offsets."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for t in unidecode(char).lower():
            out.append(t if t.isascii() and t.isalnum() else " ")
            origin.append(i)
    return "".join(out), tuple(origin)


def _split_sentences(text: str) -> list[str]:
    """Sentences of a text, line by line, not cut after titles or initials."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for boundary in _BOUNDARY.finditer(line):
            word = _LAST_WORD.search(line[start : boundary.start()])
            last = word.group(1) if word else ""
            if last.lower() in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
            out.append(line[start : boundary.end()].strip())
            start = boundary.end()
        out.append(line[start:].strip())
    return [s for s in out if s]


def _sentence_index(corpus: Corpus) -> tuple[_Sentence, ...]:
    """Every sentence of every stored source, plus evidence of sources not stored; once."""

    def build() -> tuple[_Sentence, ...]:
        seen: set[tuple[str, str]] = set()
        out: list[_Sentence] = []

        def add(text: str, source_id: str, dialogue_id: str | None) -> None:
            if (text, dialogue_id or source_id) in seen:
                return  # pages often repeat paragraphs; a sentence counts once per dialogue
            seen.add((text, dialogue_id or source_id))
            folded, origin = _fold_mapped(text)
            out.append(_Sentence(text, folded, origin, source_id, dialogue_id))

        for src in corpus.sources.values():
            owner = _dialogue_of_source(corpus, src.id)
            for sentence in _split_sentences(src.text):
                add(sentence, src.id, owner.id if owner else None)
        for d in corpus.dialogues:
            evidence = [
                *d.summary,
                *(e for hit in d.topics for e in hit.evidence),
                *(e for hit in d.positions for e in hit.evidence),
                *(c.evidence for c in d.commitments),
            ]
            for e in evidence:
                if e.source_id not in corpus.sources:
                    add(e.sentence.strip(), e.source_id, d.id)
        return tuple(out)

    return identity_cached("sentences", (corpus,), build)


def _term_pattern(term: str) -> re.Pattern[str] | None:
    """Words of a term in order, each starting on a word boundary ("bomb" finds "bombs")."""
    words = fold(term).split()
    if not words:
        return None
    # The trailing word run widens the highlight from "bomb" to the whole of "bombs".
    body = r"[^a-z0-9]+".join(re.escape(w) for w in words)
    return re.compile(r"(?<![a-z0-9])" + body + r"[a-z0-9]*")


def _segments(sentence: _Sentence, patterns: Sequence[re.Pattern[str]]) -> tuple[Segment, ...]:
    """Cut a sentence into plain and matched pieces, in original spelling."""
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(sentence.folded):
            spans.append((sentence.origin[m.start()], sentence.origin[m.end() - 1] + 1))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[Segment] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            pieces.append(Segment(sentence.text[cursor:start]))
        pieces.append(Segment(sentence.text[start:end], hit=True))
        cursor = end
    if cursor < len(sentence.text):
        pieces.append(Segment(sentence.text[cursor:]))
    return tuple(pieces)


def search(corpus: Corpus, ref: Reference, text: str) -> SearchView | NotFoundView | UsageView:
    """Sentences holding every term (quoted phrases stay whole), grouped by dialogue."""
    terms = [t for t in split_terms(text) if fold(t)]
    meaningful = [t for t in terms if fold(t) not in _STOPWORDS] or terms
    patterns = [p for p in (_term_pattern(t) for t in meaningful) if p is not None]
    if not patterns:
        return _usage("search", "Give a word or a quoted phrase to look for.")
    matches = [s for s in _sentence_index(corpus) if all(p.search(s.folded) for p in patterns)]
    if not matches:
        topic_guess = resolve_topic(ref, text)
        guesses = (topic_guess.match,) if topic_guess.match else ()
        return NotFoundView(
            kind="search",
            query=text,
            hint="Try fewer or different words, or /topics.",
            suggestions=tuple(Ref("topic", t.id, t.label) for t in guesses),
        )
    grouped: dict[str | None, list[_Sentence]] = {}
    for s in matches:
        grouped.setdefault(s.dialogue_id, []).append(s)
    ranked: list[str | None] = [d.id for d in corpus.dialogues if d.id in grouped]
    ranked += [k for k in grouped if k not in corpus.by_id]
    hits = []
    for key in ranked[:MAX_SEARCH_DIALOGUES]:
        owner = corpus.by_id.get(key or "")
        snippets = tuple(
            Snippet(_segments(s, patterns), citation(corpus, owner, s.source_id))
            for s in grouped[key][:MAX_SEARCH_LINES]
        )
        hits.append(SearchHit(dialogue_ref(ref, owner) if owner else None, snippets))
    return SearchView(
        query=text,
        terms=tuple(meaningful),
        hits=tuple(hits),
        total=len(matches),
        shown=sum(len(h.snippets) for h in hits),
    )


# --- sources ----------------------------------------------------------------------------------


def _all_source_refs(corpus: Corpus) -> dict[str, SourceRef]:
    """Stored sources plus those only named by a dialogue."""
    refs: dict[str, SourceRef] = dict(corpus.sources)
    for d in corpus.dialogues:
        for s in d.sources:
            refs.setdefault(s.id, s)
    return refs


def _find_source(refs: dict[str, SourceRef], query: str) -> SourceRef | None:
    """By id, by a unique id prefix (4+ characters), or by file name."""
    wanted = query.strip().strip("<>").lower()
    if not wanted:
        return None
    exact = [s for s in refs.values() if s.id.lower() == wanted]
    if exact:
        return exact[0]
    by_file = [
        s for s in refs.values() if wanted in {s.file.lower(), s.file.lower().rsplit(".")[0]}
    ]
    if len(by_file) == 1:
        return by_file[0]
    prefixed = [s for s in refs.values() if len(wanted) >= 4 and s.id.lower().startswith(wanted)]
    return prefixed[0] if len(prefixed) == 1 else None


def _paragraphs(text: str, limit: int = MAX_SOURCE_CHARS) -> tuple[tuple[str, ...], bool]:
    """Paragraphs up to about `limit` characters, and whether text was left out."""
    kept: list[str] = []
    used = 0
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    for part in parts:
        if used + len(part) > limit:
            return tuple(kept), True
        kept.append(part)
        used += len(part)
    return tuple(kept), False


def _source_label(src: SourceRef) -> str:
    when = format_published(src.published) if src.published else None
    return ", ".join(x for x in (src.outlet or src.file, when) if x)


def source(
    corpus: Corpus, source_id: str, ref: Reference | None = None
) -> SourceView | NotFoundView:
    """One source: outlet, date, link, the dialogue it supports and its text."""
    refs = _all_source_refs(corpus)
    found = _find_source(refs, source_id)
    if found is None:
        newest = [s for d in corpus.dialogues for s in d.sources][:MAX_SUGGESTIONS]
        return NotFoundView(
            kind="source",
            query=source_id,
            hint="Source ids are listed under each dialogue.",
            suggestions=tuple(Ref("source", s.id, _source_label(s)) for s in newest),
        )
    owner = _dialogue_of_source(corpus, found.id)
    stored = corpus.sources.get(found.id)
    paragraphs, truncated = _paragraphs(stored.text) if stored else ((), False)
    cited = citation(corpus, owner, found.id)
    return SourceView(
        source=Ref("source", found.id, _source_label(found)),
        file=found.file,
        outlet=cited.outlet,
        date=cited.date,
        url=cited.url,
        title=stored.title if stored else None,
        dialogue=dialogue_ref(ref, owner) if owner else None,
        paragraphs=paragraphs,
        truncated=truncated,
    )


# --- lists ------------------------------------------------------------------------------------


def topics(corpus: Corpus, ref: Reference) -> TopicsView:
    """Every topic in taxonomy order, with its dialogue count."""
    return TopicsView(
        items=tuple(
            ListItem(Ref("topic", t.id, t.label), len(corpus.by_topic.get(t.id, ())))
            for t in ref.topics
        )
    )


def people(corpus: Corpus, ref: Reference) -> PeopleView:
    """Everyone known, most active first, with country and first post."""
    items = []
    for p in known_people(corpus, ref):
        detail = ", ".join(
            x for x in (COUNTRIES.get(p.country or ""), p.roles[0].title if p.roles else None) if x
        )
        items.append(ListItem(_person_ref(p), dialogue_count(corpus, ref, p.id), detail or None))
    return PeopleView(items=tuple(items))


def positions(corpus: Corpus, ref: Reference) -> PositionsView:
    """Every policy position, with how many dialogues cite it."""
    return PositionsView(
        items=tuple(
            ListItem(Ref("position", p.id, p.label), len(corpus.by_position.get(p.id, ())))
            for p in ref.positions
        )
    )


def start(corpus: Corpus, ref: Reference) -> StartView:
    """Welcome with what the corpus holds."""
    newest = corpus.dialogues[0] if corpus.dialogues else None
    return StartView(
        dialogues=len(corpus.dialogues),
        people=len(known_people(corpus, ref)),
        latest=dialogue_ref(ref, newest) if newest else None,
    )


# --- dispatch ---------------------------------------------------------------------------------

_CHAT_ONLY = frozenset({"subscribe", "unsubscribe", "subscriptions", "digest"})
_START_PAYLOAD = re.compile(r"^(dialogue|person|topic|position|source|year)_(.+)$")


def _usage(name: str, error: str | None = None, suggestions: tuple[Ref, ...] = ()) -> UsageView:
    spec = COMMAND_BY_NAME.get(name)
    return UsageView(
        command=name,
        usage=spec.usage if spec else f"/{name}",
        description=spec.description if spec else "",
        error=error,
        suggestions=suggestions,
    )


def _parse_count(args: str) -> int | str:
    """The /latest count, or what is wrong with it."""
    if not args:
        return 1
    if not re.fullmatch(r"\d{1,6}", args):
        return f"“{args}” is not a number."
    n = int(args)
    return n if 1 <= n <= MAX_LATEST else f"Choose a number from 1 to {MAX_LATEST}."


def _parse_year(args: str) -> int | str | None:
    """The /timeline year (None for all), or what is wrong with it."""
    if not args:
        return None
    if not re.fullmatch(r"\d{4}", args):
        return f"“{args}” is not a year; write it like 2024."
    return int(args)


def _unknown_command(name: str) -> NotFoundView:
    names = [c.name for c in COMMANDS]
    close = process.extract(name, names, scorer=fuzz.ratio, limit=3, score_cutoff=50)
    return NotFoundView(
        kind="command",
        query=f"/{name}",
        hint="/help lists every command.",
        suggestions=tuple(Ref("command", n, f"/{n}") for n, _score, _i in close),
    )


def _from_start_payload(corpus: Corpus, ref: Reference, payload: str) -> Briefing | None:
    """Deep links: t.me/bot?start=topic_maritime opens that briefing."""
    match = _START_PAYLOAD.match(payload)
    if match is None:
        return None
    kind, value = match.groups()
    if kind == "year":
        return timeline(corpus, ref, int(value)) if value.isdigit() else None
    return _by_id(corpus, ref, kind, value)


def _by_id(corpus: Corpus, ref: Reference, kind: str, value: str) -> Briefing:
    if kind == "dialogue":
        return dialogue(corpus, ref, value)
    if kind == "person":
        return person(corpus, ref, value)
    if kind == "topic":
        return topic(corpus, ref, value)
    if kind == "position":
        return position(corpus, ref, value)
    return source(corpus, value, ref)


def answer(corpus: Corpus, ref: Reference, command: ParsedCommand) -> Briefing:
    """Answer a text command; bad arguments give a usage view, never an exception."""
    name, args = command.name, command.args.strip()
    if name == "start":
        return (_from_start_payload(corpus, ref, args) if args else None) or start(corpus, ref)
    if name == "help":
        wanted = args.lstrip("/").lower()
        return _usage(wanted) if wanted in COMMAND_BY_NAME else HelpView()
    if name == "latest":
        count = _parse_count(args)
        return _usage(name, count) if isinstance(count, str) else latest(corpus, ref, count)
    if name == "timeline":
        year = _parse_year(args)
        return _usage(name, year) if isinstance(year, str) else timeline(corpus, ref, year)
    if name in {"topic", "person", "position", "source", "dialogue"} and not args:
        return _usage(name, "Say which one.", _choices(corpus, ref, name))
    if name in {"topic", "person", "position", "source", "dialogue"}:
        return _by_id(corpus, ref, name, args)
    if name == "search":
        return search(corpus, ref, command.raw_args or args)
    if name == "topics":
        return topics(corpus, ref)
    if name == "people":
        return people(corpus, ref)
    if name == "positions":
        return positions(corpus, ref)
    if name in _CHAT_ONLY:
        return _usage(name, f"/{name} works in a Telegram chat, not here.")
    return _unknown_command(name)


def _choices(corpus: Corpus, ref: Reference, name: str) -> tuple[Ref, ...]:
    """What a bare /topic, /person, /position or /source could mean."""
    if name == "topic":
        return tuple(i.ref for i in topics(corpus, ref).items if i.count)
    if name == "person":
        return tuple(i.ref for i in people(corpus, ref).items if i.count)
    if name == "position":
        return tuple(i.ref for i in positions(corpus, ref).items)
    if name == "dialogue":
        return tuple(dialogue_ref(ref, d).ref for d in corpus.dialogues[:MAX_SUGGESTIONS])
    newest = [s for d in corpus.dialogues for s in d.sources][:MAX_SUGGESTIONS]
    return tuple(Ref("source", s.id, _source_label(s)) for s in newest)
