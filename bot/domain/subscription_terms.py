"""Subscription settings in words: what /subscribe items name, and how a chat's settings read."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal
from zoneinfo import available_timezones

from bot.domain.briefings.by_series import named_mechanism
from bot.domain.corpus import Corpus
from bot.domain.models import DigestSchedule, Person, Subscription
from bot.domain.notice import NoticeView
from bot.domain.reference import Reference, Topic
from bot.domain.register import alias_index
from bot.domain.resolve import resolve_person, resolve_topic
from bot.domain.text import fold, slugify

FilterKind = Literal["topic", "person", "series", "keyword"]
KINDS: tuple[FilterKind, ...] = ("topic", "person", "series", "keyword")
MAX_FILTERS = 30  # per chat: the settings message and its buttons stay one screen
MAX_KEYWORD = 60  # characters
DEFAULT_DAILY = "08:00"
_ITEM_SEPARATORS = re.compile(r"[,;،、，；\n]+")
_QUOTES = "\"'“”„«»‘’"
_TIME = re.compile(r"^(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)$")


@dataclass(frozen=True)
class Filter:
    """One thing a chat follows: a topic, person or series by id, or a keyword as typed."""

    kind: FilterKind
    value: str
    label: str

    @property
    def key(self) -> str:
        """A short, stable name for buttons (callback data holds at most 64 bytes)."""
        folded = fold(self.value) if self.kind == "keyword" else self.value
        return hashlib.sha1(f"{self.kind}:{folded}".encode()).hexdigest()[:10]

    @property
    def shown(self) -> str:
        """How replies name it: "keyword: corvette"."""
        return f"{self.kind}: {self.label}"


# --- reading /subscribe items ---------------------------------------------------------------


def split_items(text: str) -> list[str]:
    """Comma-separated items, each trimmed of quotes and extra spaces; empty ones dropped."""
    items = (" ".join(part.strip().strip(_QUOTES).split()) for part in _ITEM_SEPARATORS.split(text))
    return [item for item in items if item]


def _topic(reference: Reference, item: str) -> Filter | None:
    """The topic an item names exactly (id, label, keyword or synonym), never a near spelling."""
    found = resolve_topic(reference, item).match
    if found is None:
        return None
    names = (found.id, found.label, *found.keywords, *found.synonyms)
    if fold(item) not in {fold(name) for name in names}:
        return None
    return Filter("topic", found.id, found.label)


def _person(reference: Reference, item: str) -> Filter | None:
    """The person of the register an item spells out (any alias), or whose id it is."""
    by_id = reference.person_by_id
    spellings = alias_index(reference)
    words = item.split()
    # Given name first or last ("Giang Phan Van", "Jong-sup Lee") spells the same person.
    orders = (item, " ".join(words[-1:] + words[:-1]), " ".join(words[1:] + words[:1]))
    pid = next((found for o in orders if (found := spellings.find(o))), None)
    pid = pid or (slugify(item) if slugify(item) in by_id else None)
    person = by_id.get(pid) if pid else None
    return Filter("person", person.id, person.name) if person else None


def _series(reference: Reference, item: str) -> Filter | None:
    """The series (mechanism) an item names exactly, as /series reads it (no near spelling)."""
    found = named_mechanism(reference, item)
    return Filter("series", found.id, found.label) if found else None


def resolve_item(reference: Reference, item: str) -> Filter:
    """A topic, a person, a series, or else a keyword: exact names only, so typos stay words."""
    for resolve in (_topic, _person, _series):
        found = resolve(reference, item)
        if found is not None:
            return found
    return Filter("keyword", item, item)


@dataclass(frozen=True)
class Choice:
    """What a /subscribe or /unsubscribe argument names, and why some items were refused."""

    filters: tuple[Filter, ...]
    refused: tuple[str, ...] = ()
    # Names several people bear ("Han"): each with its bearers, to ask which one is meant.
    ambiguous: tuple[tuple[str, tuple[Person, ...]], ...] = ()


_REGISTER_ONLY = Corpus()


def namesakes(reference: Reference, item: str, corpus: Corpus | None = None) -> tuple[Person, ...]:
    """The people an item names equally well ("Lee"), as /person finds them; () for one or none."""
    found = resolve_person(corpus or _REGISTER_ONLY, item, reference)
    return found.suggestions if found.ambiguous else ()


def choose_filters(reference: Reference, text: str, corpus: Corpus | None = None) -> Choice:
    """Resolve each comma-separated item; "maritime cyber-security" (no comma) is two topics."""
    items = split_items(text)
    if len(items) == 1 and " " in items[0]:
        whole = resolve_item(reference, items[0])
        words = items[0].split()
        if whole.kind == "keyword":
            # Before commas, topics were listed with spaces: keep that when every word is one.
            topics = [_topic(reference, word) for word in words]
            if all(topics):
                return Choice(tuple(dict.fromkeys(t for t in topics if t)))
    filters: list[Filter] = []
    refused: list[str] = []
    ambiguous: list[tuple[str, tuple[Person, ...]]] = []
    for item in items:
        found = resolve_item(reference, item)
        if found.kind == "keyword" and (len(item) > MAX_KEYWORD or not fold(item)):
            refused.append(item)
        elif found.kind == "keyword" and (people := namesakes(reference, item, corpus)):
            ambiguous.append((item, people))  # not a keyword: it would match every namesake
        elif found not in filters:
            filters.append(found)
    return Choice(tuple(filters), tuple(refused), tuple(ambiguous))


# --- reading and changing a chat's settings ------------------------------------------------


def filters_of(reference: Reference, subscription: Subscription) -> list[Filter]:
    """The chat's filters, by kind, with readable labels."""
    topics = reference.topic_by_id
    people = reference.person_by_id
    series = reference.mechanism_by_id
    return [
        *(Filter("topic", t, topics[t].label if t in topics else t) for t in subscription.topics),
        *(Filter("person", p, people[p].name if p in people else p) for p in subscription.people),
        *(Filter("series", s, series[s].label if s in series else s) for s in subscription.series),
        *(Filter("keyword", k, k) for k in subscription.keywords),
    ]


def _field(kind: FilterKind) -> str:
    return {"topic": "topics", "person": "people", "series": "series", "keyword": "keywords"}[kind]


def with_filters(subscription: Subscription, filters: Iterable[Filter]) -> Subscription:
    """The subscription following these filters too (each once; a keyword once however cased)."""
    lists = {kind: list(getattr(subscription, _field(kind))) for kind in KINDS}
    for item in filters:
        values = lists[item.kind]
        if item.kind == "keyword":
            if fold(item.value) not in {fold(v) for v in values}:
                values.append(item.value)
        elif item.value not in values:
            values.append(item.value)
    sort = {kind: sorted(values) if kind != "keyword" else values for kind, values in lists.items()}
    return subscription.model_copy(update={_field(k): v for k, v in sort.items()})


def count_filters(subscription: Subscription) -> int:
    """How many filters a chat has."""
    return sum(len(getattr(subscription, _field(kind))) for kind in KINDS)


def find_filter(reference: Reference, subscription: Subscription, item: str) -> Filter | None:
    """The chat's filter an /unsubscribe item names: by what it resolves to, or by its label."""
    current = filters_of(reference, subscription)
    wanted = resolve_item(reference, item)
    for candidate in current:
        if candidate.key == wanted.key:
            return candidate
    return next((c for c in current if fold(c.label) == fold(item)), None)


def without_filter(subscription: Subscription, item: Filter) -> Subscription:
    """The subscription without one filter (keywords compared folded)."""
    name = _field(item.kind)
    values = getattr(subscription, name)
    if item.kind == "keyword":
        kept = [v for v in values if fold(v) != fold(item.value)]
    else:
        kept = [v for v in values if v != item.value]
    return subscription.model_copy(update={name: kept})


def filter_by_key(reference: Reference, subscription: Subscription, key: str) -> Filter | None:
    """The chat's filter a button names by its key, if the chat still has it."""
    return next((f for f in filters_of(reference, subscription) if f.key == key), None)


def parse_daily_time(text: str) -> str | None:
    """ "7:30", "07.30" or "7h30" as "07:30"; None when it is no time of day."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    return f"{int(match['hour']):02d}:{match['minute']}"


def with_schedule(
    subscription: Subscription, schedule: DigestSchedule, at: str | None = None
) -> Subscription:
    """The subscription on another schedule; a daily one keeps (or takes) its time."""
    daily_at = at or subscription.daily_at or (DEFAULT_DAILY if schedule == "daily" else None)
    return subscription.model_copy(update={"schedule": schedule, "daily_at": daily_at})


ZONE_EXAMPLES = ("Asia/Ho_Chi_Minh", "Asia/Seoul", "Europe/London", "America/New_York", "UTC")


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone name this system knows, by its lower-case spelling."""
    return {name.lower(): name for name in available_timezones()}


def find_zone(text: str) -> str | None:
    """The IANA zone a name means, in any case; a city alone when only one zone has it."""
    wanted = "_".join(text.strip().split()).lower()
    zones = _zones()
    if wanted in zones:
        return zones[wanted]
    by_city = [name for lower, name in zones.items() if lower.rsplit("/", 1)[-1] == wanted]
    canonical = [name for name in by_city if "/" in name and not name.startswith("Etc/")]
    return canonical[0] if len(canonical) == 1 else None


def zone_examples() -> str:
    """How to name a time zone."""
    return "Use an IANA time zone name, e.g. " + ", ".join(ZONE_EXAMPLES) + "."


# --- describing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """When digests go out for one chat, as the Telegram layer's scheduler knows it."""

    cron: str  # BRIEFBOT_DIGEST_CRON, for the standard schedule
    timezone: str  # the chat's zone (its own, or BRIEFBOT_TZ)
    default_zone: bool  # whether that zone is BRIEFBOT_TZ, not one the chat chose
    next_run: datetime | None


def _when_line(subscription: Subscription, timing: Timing) -> str:
    when = (
        f" (next: {timing.next_run:%d %b %Y, %H:%M} {timing.timezone})" if timing.next_run else ""
    )
    if subscription.schedule == "instant":
        return "Digests go out soon after new entries arrive (instant)."
    if subscription.schedule == "daily":
        return f"A digest goes out every day at {subscription.daily_at} {timing.timezone}{when}."
    return (
        f"Digests go out on the schedule “{timing.cron}” in {timing.timezone}{when}, "
        "and soon after new entries arrive."
    )


def _filter_lines(reference: Reference, subscription: Subscription) -> list[str]:
    filters = filters_of(reference, subscription)
    if not filters:
        return ["This chat gets every new dialogue (no filters)."]
    lines = ["This chat gets new dialogues matching any of:"]
    for kind, heading in (
        ("topic", "Topics"),
        ("person", "People"),
        ("series", "Series"),
        ("keyword", "Keywords"),
    ):
        labels = [f.label for f in filters if f.kind == kind]
        if labels:
            lines.append(f"{heading}: {', '.join(labels)}")
    return lines


def describe(
    reference: Reference,
    subscription: Subscription | None,
    timing: Timing,
    *,
    title: str = "Subscriptions",
    notes: Sequence[str] = (),
) -> NoticeView:
    """What this chat gets, and when."""
    if subscription is None:
        return NoticeView(
            title=title,
            lines=(
                *notes,
                "This chat has no subscription.",
                "Send /subscribe for every new dialogue, or name what to follow, separated by "
                "commas: /subscribe maritime, Phan Van Giang, defence policy dialogue, corvette",
            ),
        )
    zone = f"Time zone: {timing.timezone}" + (" (the default)" if timing.default_zone else "")
    return NoticeView(
        title=title,
        lines=(
            *notes,
            *_filter_lines(reference, subscription),
            _when_line(subscription, timing),
            zone,
        ),
    )


def near_topic(reference: Reference, keyword: str) -> Topic | None:
    """The topic a keyword nearly names ("maritme", "navy ships"), to point out; None if none."""
    return resolve_topic(reference, keyword).match


def added_notes(choice: Choice, reference: Reference | None = None) -> list[str]:
    """One line per item /subscribe read: "keyword: corvette"; refused items said so."""
    lines = []
    for item in choice.filters:
        near = near_topic(reference, item.value) if reference and item.kind == "keyword" else None
        # No "/subscribe x": Telegram links only "/subscribe"; a tap would subscribe to everything.
        hint = f" (for the topic {near.label}, subscribe to “{near.id}”)" if near else ""
        lines.append(f"Added {item.shown}{hint}")
    lines += [
        f"Not added: “{item}” (a keyword needs letters or digits, at most {MAX_KEYWORD})"
        for item in choice.refused
    ]
    for name, people in choice.ambiguous:
        lines.append(f"Not added: “{name}” could be {len(people)} people. Subscribe to one of:")
        lines += [f"• {p.name} ({p.id})" for p in people]
    return lines


@dataclass(frozen=True)
class Action:
    """A settings button: its label and what it does ("rm <key>", "mode instant", "stop")."""

    label: str
    data: str


def settings_actions(reference: Reference, subscription: Subscription | None) -> list[Action]:
    """Buttons under /subscriptions: drop a filter, switch the schedule, stop."""
    if subscription is None:
        return []
    actions = [Action(f"✕ {f.label}", f"rm {f.key}") for f in filters_of(reference, subscription)]
    daily = subscription.daily_at or DEFAULT_DAILY
    modes: list[tuple[DigestSchedule, str]] = [
        ("instant", "Instant digests"),
        ("daily", f"Daily at {daily}"),
        ("standard", "Standard schedule"),
    ]
    actions += [Action(label, f"mode {m}") for m, label in modes if m != subscription.schedule]
    actions.append(Action("Stop all digests", "stop"))
    return actions


def notice(*lines: str, title: str | None = None) -> NoticeView:
    """A plain status reply."""
    return NoticeView(lines=tuple(lines), title=title)
