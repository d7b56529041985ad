"""Which entries a subscribed chat has not had yet, and the digest messages that carry them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from bot.domain.briefings import DialogueCard, Ref, View, dialogue_card
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Evidence, Subscription
from bot.domain.reference import Reference
from bot.domain.text import clip, fold

DIGEST_SUMMARY_FACTS = 1
# What an entry too long for one message keeps, step by step: its button opens the rest.
SHORT_SOURCES = 3
SHORT_LIST = 6
SHORT_TITLE = 300


@dataclass(frozen=True)
class Pending:
    """An entry a chat has not had, and the arrival number that made it new for that chat."""

    dialogue: Dialogue
    arrival: int


def _hit_evidence(dialogue: Dialogue) -> Iterator[Evidence]:
    for topic in dialogue.topics:
        yield from topic.evidence
    for position in dialogue.positions:
        yield from position.evidence


def _sentences(dialogue: Dialogue) -> Iterator[str]:
    """Every sentence a dialogue record quotes, and its title."""
    yield dialogue.title
    for evidence in dialogue.summary:
        yield evidence.sentence
    for evidence in _hit_evidence(dialogue):
        yield evidence.sentence
    for commitment in dialogue.commitments:
        yield commitment.text
        yield commitment.evidence.sentence


def keyword_hits(dialogue: Dialogue, keywords: Collection[str]) -> bool:
    """Whether any keyword is in the dialogue's sentences as whole words (case, accents aside)."""
    wanted = [f" {k} " for k in (fold(k) for k in keywords) if k]
    if not wanted:
        return False
    # "|" never survives folding, so a phrase cannot run from one sentence into the next.
    text = " | ".join(fold(s) for s in _sentences(dialogue))
    return any(k in f" {text} " for k in wanted)


def _names_people(dialogue: Dialogue, people: Collection[str]) -> bool:
    """Whether one of these people took part or is quoted."""
    if any(p.person_id in people for p in dialogue.participants):
        return True
    return any(e.said_by in people for e in (*dialogue.summary, *_hit_evidence(dialogue)))


def arrival_for(dialogue: Dialogue, subscription: Subscription) -> int | None:
    """When a dialogue became news for a chat (any filter matching; all when none); None: never."""
    if not subscription.filtered:
        return dialogue.seq
    # From the moment its first wanted topic joined: a later report adding one makes it news.
    wanted = set(subscription.topics)
    joined = [dialogue.topic_arrival(t.id) for t in dialogue.topics if t.id in wanted]
    if (
        dialogue.mechanism in subscription.series
        or _names_people(dialogue, set(subscription.people))
        or keyword_hits(dialogue, subscription.keywords)
    ):
        joined.append(dialogue.seq)
    return min(joined, default=None)


def pending(corpus: Corpus, subscription: Subscription) -> list[Pending]:
    """Entries that became news for the chat after its last digest, oldest arrival first."""
    fresh = (
        Pending(d, arrival)
        for d in corpus.arrived_after(subscription.last_seq)
        if (arrival := arrival_for(d, subscription)) is not None and arrival > subscription.last_seq
    )
    return sorted(fresh, key=lambda p: p.arrival)


@dataclass(frozen=True)
class DigestView(View):
    """A digest message: new entries since the last one, each a short, cited card."""

    template: ClassVar[str] = "digest.html.j2"
    cards: tuple[DialogueCard, ...]
    topics: tuple[str, ...] = ()
    part: int = 1

    @property
    def links(self) -> tuple[Ref, ...]:
        """A button to the full briefing of each entry."""
        return tuple(c.dialogue.ref for c in self.cards)


@dataclass(frozen=True)
class DigestChunk:
    """One message's worth of a digest and the arrival number it brings the chat up to."""

    view: DigestView
    messages: list[str]
    through_seq: int


def chunk_digest(
    corpus: Corpus,
    reference: Reference,
    entries: Sequence[Pending],
    *,
    topic_labels: Sequence[str],
    render: Callable[[View], list[str]],
) -> list[DigestChunk]:
    """Pack whole entries into messages, so the delivered position can advance per message."""
    chunks: list[DigestChunk] = []
    cards: list[DialogueCard] = []
    last_seq = 0

    def view_of(items: list[DialogueCard]) -> DigestView:
        return DigestView(cards=tuple(items), topics=tuple(topic_labels), part=len(chunks) + 1)

    for entry in entries:
        card = dialogue_card(corpus, reference, entry.dialogue, DIGEST_SUMMARY_FACTS)
        card = _fitting(card, lambda c: len(render(view_of([c]))) == 1)
        if cards and len(render(view_of([*cards, card]))) > 1:
            view = view_of(cards)
            chunks.append(DigestChunk(view, render(view), last_seq))
            cards = []
        cards.append(card)
        last_seq = entry.arrival
    if cards:
        view = view_of(cards)
        chunks.append(DigestChunk(view, render(view), last_seq))
    return chunks


def _shorter(card: DialogueCard) -> Iterator[DialogueCard]:
    """Ever shorter forms of a card: fewer sources, no pledges, shorter lists."""
    yield replace(card, sources=card.sources[:SHORT_SOURCES])
    yield replace(card, sources=card.sources[:SHORT_SOURCES], pledges=())
    shortest = replace(
        card,
        sources=card.sources[:1],
        pledges=(),
        participants=card.participants[:SHORT_LIST],
        topics=card.topics[:SHORT_LIST],
    )
    yield shortest
    title = clip(card.dialogue.title, SHORT_TITLE)
    yield replace(shortest, dialogue=replace(card.dialogue, title=title))


def _fitting(card: DialogueCard, fits: Callable[[DialogueCard], bool]) -> DialogueCard:
    """The card whole when it fits one message, else its first shorter form that does."""
    # A card split over messages could leave one holding only "Source: …" or a bare heading.
    if fits(card):
        return card
    forms = list(_shorter(card))
    return next((form for form in forms if fits(form)), forms[-1])
