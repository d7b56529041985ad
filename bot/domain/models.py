"""Records Briefbot stores and briefs from; every fact keeps its sentence and source."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Country = Literal["VN", "KR"]
DatePrecision = Literal["day", "month_day", "none"]
Side = Literal["VN", "KR", "both"]
Language = Literal["en", "vi", "ko"]
CommitmentKind = Literal["pledge", "background"]


class Record(BaseModel):
    """Base for stored records: unknown keys are rejected so a foreign file is caught."""

    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """A sentence quoted from one source article, with who said it (neither: the narration)."""

    sentence: str
    source_id: str
    said_by: str | None = None  # person id of the speaker
    side: Side | None = None  # one side or both, when no single person is named as speaker
    lang: Language | None = None  # the sentence's language; None for English


class SourceRef(Record):
    """Where a dialogue record came from."""

    id: str
    file: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    lang: Language | None = None  # the article's language; None for English


class Source(SourceRef):
    """One cleaned article, keyed by the hash of its cleaned text."""

    title: str | None = None
    text: str
    dialogue_id: str | None = None


class EventDate(Record):
    """A date with the precision the article gives: never a guessed year."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_day: int | None = None
    precision: DatePrecision = "none"
    phrase: str | None = None
    # Where a year the text does not write next to the date came from, shown to readers:
    # "date line", "published 2024-04-24", "Lee Jong-sup's term". None: written in the text.
    year_basis: str | None = None

    def sort_key(self) -> tuple[int, int, int]:
        """Order by what is known; unknown parts sort first."""
        return (self.year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str | None:
        """ISO 8601 date, "--MM-DD" when the year is unknown, None when there is no day."""
        if self.precision == "day" and self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision in ("day", "month_day") and self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        return None


class Participant(Record):
    """A person as a given article names them."""

    person_id: str
    name: str
    country: Country | None = None
    role: str | None = None


class TopicHit(Record):
    """A topic a dialogue touched, with its supporting sentences."""

    id: str
    evidence: list[Evidence] = Field(default_factory=list)


class PositionHit(Record):
    """A policy position stated during a dialogue, with its sentences."""

    id: str
    evidence: list[Evidence] = Field(default_factory=list)


class Commitment(Record):
    """Money or a target pledged, with the sentence that states it."""

    text: str
    amount: float | None = None
    amount_max: float | None = None  # a stretch figure joined to the amount ("even $150 billion")
    currency: str | None = None
    purpose: str | None = None
    evidence: Evidence
    # A pledge is made or agreed at the meeting; background is a figure the article recalls.
    kind: CommitmentKind = "pledge"


class Dialogue(Record):
    """One dialogue, visit or meeting between Vietnam and the RoK."""

    id: str
    title: str
    date: EventDate = Field(default_factory=EventDate)
    place: str | None = None
    mechanism: str | None = None
    edition: int | None = None
    participants: list[Participant] = Field(default_factory=list)
    topics: list[TopicHit] = Field(default_factory=list)
    positions: list[PositionHit] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    summary: list[Evidence] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    seq: int = 0
    # Topics a later report added, with the arrival number they joined at; the others (and every
    # topic of a record stored before this field existed) joined at `seq`.
    topic_seq: dict[str, int] = Field(default_factory=dict)
    # Likewise the people a later report first named (taking part or quoted), and a later
    # report's source when it brought sentences of its own (where a keyword may first appear).
    person_seq: dict[str, int] = Field(default_factory=dict)
    source_seq: dict[str, int] = Field(default_factory=dict)

    def topic_arrival(self, topic_id: str) -> int:
        """The arrival number at which this topic joined the dialogue."""
        return self.topic_seq.get(topic_id, self.seq)

    def person_arrival(self, person_id: str) -> int:
        """The arrival number at which this person was first named in the dialogue."""
        return self.person_seq.get(person_id, self.seq)

    def source_arrival(self, source_id: str) -> int:
        """The arrival number at which this source's sentences joined the dialogue."""
        return self.source_seq.get(source_id, self.seq)

    @property
    def arrival(self) -> int:
        """The last arrival number it got: its own, or that of a later report adding to it."""
        joined = (*self.topic_seq.values(), *self.person_seq.values(), *self.source_seq.values())
        return max((self.seq, *joined))

    def people_named(self) -> set[str]:
        """Who took part or is quoted (in the summary, a topic's or a position's evidence)."""
        quoted = [*self.summary]
        for topic in self.topics:
            quoted.extend(topic.evidence)
        for position in self.positions:
            quoted.extend(position.evidence)
        named = {p.person_id for p in self.participants}
        return named | {e.said_by for e in quoted if e.said_by}

    def facts(self) -> Iterator[tuple[str, str, Evidence]]:
        """(kind, about, evidence) of every fact, in the card's order.

        Kinds: "summary" (about ""), "topic" and "position" (about: the id), "commitment"
        (about: its text).
        """
        for sentence in self.summary:
            yield "summary", "", sentence
        for topic in self.topics:
            for evidence in topic.evidence:
                yield "topic", topic.id, evidence
        for position in self.positions:
            for evidence in position.evidence:
                yield "position", position.id, evidence
        for commitment in self.commitments:
            yield "commitment", commitment.text, commitment.evidence


class Role(Record):
    """A post a person held, as far as the sources date it."""

    title: str
    country: Country | None = None
    office: str | None = None  # register office id, e.g. "defence-minister"
    since: str | None = None
    until: str | None = None
    as_of: str | None = None  # the date an article shows them in the post, not its start
    source_id: str | None = None


class Person(Record):
    """A known person: canonical name in full diacritics plus the ways articles write it."""

    id: str
    name: str
    country: Country | None = None
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


DigestSchedule = Literal["standard", "instant", "daily"]


class Subscription(Record):
    """A chat (or forum topic) that receives digests: its filters, its schedule, its position.

    An entry is the chat's when it matches any filter; no filter at all means every entry.
    Fields after `last_seq` came later: records stored before them load with these defaults.
    """

    chat_id: int
    thread_id: int | None = None
    topics: list[str] = Field(default_factory=list)
    title: str | None = None
    last_seq: int = 0
    people: list[str] = Field(default_factory=list)  # person ids
    series: list[str] = Field(default_factory=list)  # mechanism ids
    keywords: list[str] = Field(default_factory=list)  # as typed; matched folded, whole words
    # standard: BRIEFBOT_DIGEST_CRON plus soon after new entries; instant: soon after new
    # entries only; daily: at `daily_at` ("HH:MM") in the chat's zone only.
    schedule: DigestSchedule = "standard"
    daily_at: str | None = None
    timezone: str | None = None  # IANA name; None: BRIEFBOT_TZ

    @property
    def filtered(self) -> bool:
        """Whether the chat follows only some entries."""
        return bool(self.topics or self.people or self.series or self.keywords)
