"""Subscription wording and topic choice, independent of Telegram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.briefings import Ref
from bot.domain.models import Subscription
from bot.domain.notice import NoticeView
from bot.domain.reference import Reference
from bot.domain.resolve import resolve_topic
from bot.domain.text import fold

MAX_SUGGESTIONS = 6


@dataclass(frozen=True)
class TopicChoice:
    """Topic ids the words named, and the words that named none."""

    ids: tuple[str, ...]
    unknown: tuple[str, ...]


def choose_topics(reference: Reference, terms: Sequence[str]) -> TopicChoice:
    """Resolve each term to a topic; the whole phrase is tried when the words alone fail."""
    ids: list[str] = []
    unknown: list[str] = []
    for term in terms:
        found = resolve_topic(reference, term).match
        if found is None:
            unknown.append(term)
        elif found.id not in ids:
            ids.append(found.id)
    if unknown and len(terms) > 1:
        phrase = fold(" ".join(terms))
        whole = resolve_topic(reference, phrase).match
        # Only a phrase the topic is really called ("south china sea"), not one that merely
        # contains a topic word ("maritime zzz").
        if whole is not None and phrase in {
            fold(name) for name in (whole.id, whole.label, *whole.keywords, *whole.synonyms)
        }:
            return TopicChoice(ids=(whole.id,), unknown=())
    return TopicChoice(ids=tuple(ids), unknown=tuple(unknown))


def _topic_refs(reference: Reference, ids: Sequence[str]) -> tuple[Ref, ...]:
    return tuple(
        Ref("topic", t, reference.topic_by_id[t].label) for t in ids if t in reference.topic_by_id
    )


def _schedule_line(cron: str, timezone: str, next_run: datetime | None) -> str:
    when = f" (next: {next_run:%d %b %Y, %H:%M} {timezone})" if next_run else ""
    return (
        f"Digests go out on the schedule “{cron}” in {timezone}{when}, "
        "and soon after new entries arrive."
    )


def describe(
    reference: Reference,
    subscription: Subscription | None,
    *,
    cron: str,
    timezone: str,
    next_run: datetime | None,
    title: str = "Subscriptions",
) -> NoticeView:
    """What this chat gets, and when."""
    if subscription is None:
        return NoticeView(
            title=title,
            lines=(
                "This chat has no subscription.",
                "Send /subscribe for every new dialogue, or /subscribe maritime cyber-security "
                "for some topics only.",
            ),
        )
    labels = [r.label for r in _topic_refs(reference, subscription.topics)]
    what = ", ".join(labels) if labels else "every topic"
    return NoticeView(
        title=title,
        lines=(
            f"This chat gets new dialogues on: {what}.",
            _schedule_line(cron, timezone, next_run),
        ),
        suggestions=_topic_refs(reference, subscription.topics),
    )


def unknown_topics(reference: Reference, unknown: Sequence[str]) -> NoticeView:
    """Topic words that named nothing: say which, and list what exists."""
    return NoticeView(
        title="Unknown topic",
        lines=(
            f"No topic called {', '.join(repr(u) for u in unknown)}. Nothing was changed.",
            "Topics: " + ", ".join(t.id for t in reference.topics),
        ),
        suggestions=_topic_refs(reference, [t.id for t in reference.topics][:MAX_SUGGESTIONS]),
    )


def notice(*lines: str, title: str | None = None) -> NoticeView:
    """A plain status reply."""
    return NoticeView(lines=tuple(lines), title=title)
