"""Which entries a subscribed chat has not had yet, and the digest messages that carry them."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from bot.domain.briefings import DialogueCard, Ref, View, dialogue_card
from bot.domain.caching import identity_cached
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Subscription
from bot.domain.reference import Reference
from bot.domain.register import is_hangul
from bot.domain.resolve import MARKED_WORDS, MAX_ACRONYM
from bot.domain.spellings import Equivalents, equivalents, korean_stem
from bot.domain.text import clip, fold, squash

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


def _sentences(dialogue: Dialogue) -> Iterator[tuple[str, int]]:
    """Every sentence a dialogue record quotes, and its title, each with when it joined."""
    yield dialogue.title, dialogue.seq
    for kind, about, evidence in dialogue.facts():
        arrival = dialogue.source_arrival(evidence.source_id)
        if kind == "commitment":
            yield about, arrival  # the pledge's own text
        yield evidence.sentence, arrival


@dataclass(frozen=True)
class _Word:
    """A word of a sentence: as written (case and diacritics kept), and the folded forms it has."""

    written: str
    forms: frozenset[str]  # folded; a Korean word also without its particle ("훈련을": 훈련)
    folded: str


def _words_of(sentence: str) -> list[_Word]:
    words = []
    for written in MARKED_WORDS.split(unicodedata.normalize("NFC", sentence)):
        folded = squash(written)
        if not folded:
            continue
        stem = korean_stem(written) if is_hangul(written) else None
        forms = {folded, squash(stem)} if stem else {folded}
        words.append(_Word(written, frozenset(forms), folded))
    return words


def _names_in(words: Sequence[_Word], names: Equivalents) -> list[tuple[int, int, frozenset[str]]]:
    """Where the sentence writes a known name of two words or more, and that name's spellings."""
    spans = []
    for start in range(len(words)):
        for end in range(start + 2, min(len(words), start + names.longest) + 1):
            group = names.groups.get("".join(w.folded for w in words[start:end]))
            if group:
                spans.append((start, end, frozenset("".join(g) for g in group)))
    return spans


@dataclass(frozen=True)
class _Keyword:
    """A keyword as it is looked for: every spelling of what it names, or as written if short."""

    squashed: str
    spellings: tuple[tuple[str, ...], ...]  # folded words
    written: tuple[str, ...] | None  # a short keyword ("UN", "Han"): its words as written
    cased: bool  # whether a short keyword's case counts ("UN" is no "un")

    @classmethod
    def of(cls, keyword: str, names: Equivalents) -> _Keyword:
        words = tuple(fold(keyword).split())
        spellings = names.spellings(keyword)
        if len(words) > 1:
            spellings = (*spellings, ("".join(words),))  # "Viet Nam" also as "Vietnam"
        written = None
        if not is_hangul(keyword) and len(squash(keyword)) <= MAX_ACRONYM:
            text = unicodedata.normalize("NFC", keyword)
            written = tuple(w for w in MARKED_WORDS.split(text) if w)
        cased = any(c.isupper() for c in keyword)
        return cls(squash(keyword), tuple(dict.fromkeys(spellings)), written, cased)

    def _as_written(self, written: str, typed: str) -> bool:
        """Whether a word is a short keyword as written: "RoK" is "ROK", "Un" is no "UN"."""
        if not self.cased:
            return written.lower() == typed.lower()
        acronym = typed.isupper() and any(c.isupper() for c in written[1:])
        return written == typed or (acronym and written.upper() == typed)

    def _at(self, words: Sequence[_Word], start: int) -> int | None:
        """Where a match starting at `start` ends, if there is one."""
        if self.written is not None:
            end = start + len(self.written)
            seen = [w.written for w in words[start:end]]
            if len(seen) == len(self.written) and all(
                self._as_written(w, t) for w, t in zip(seen, self.written, strict=True)
            ):
                return end
        for spelling in self.spellings:
            end = start + len(spelling)
            if self.written is not None and len("".join(spelling)) <= MAX_ACRONYM:
                continue  # a short spelling counts only as written (above)
            if end <= len(words) and all(
                s in w.forms for s, w in zip(spelling, words[start:end], strict=True)
            ):
                return end
        return None

    def in_sentence(self, words: Sequence[_Word], names: Equivalents) -> bool:
        """Whether the sentence holds the keyword as whole words."""
        hits = [(i, end) for i in range(len(words)) if (end := self._at(words, i)) is not None]
        if not hits or self.written is None:
            return bool(hits)
        # "Nam" is not the "Nam" of "Viet Nam", nor "Han" the "Hàn" of "Hàn Quốc".
        others = [(a, b) for a, b, g in _names_in(words, names) if self.squashed not in g]
        return any(
            not any(a <= i and end <= b and b - a > end - i for a, b in others) for i, end in hits
        )


NO_NAMES = Equivalents({}, 1)


def spelling_names(reference: Reference) -> Equivalents:
    """Spellings that name one thing (spellings.yaml and the register), built once per reference."""
    return identity_cached("digest-spellings", (reference,), lambda: equivalents(reference.people))


def keyword_arrival(
    dialogue: Dialogue, keywords: Collection[str], names: Equivalents = NO_NAMES
) -> int | None:
    """When a sentence of the dialogue first held a keyword in any of its spellings, whole words.

    Case and accents do not count, and a Korean word may carry its particle; a keyword of three
    letters or fewer ("UN", "Han") is matched as written and never inside another known name.
    None: no sentence holds one.
    """
    wanted = [_Keyword.of(k, names) for k in keywords if fold(k)]
    first: int | None = None
    if not wanted:
        return first
    for sentence, arrival in _sentences(dialogue):
        if first is not None and arrival >= first:
            continue
        words = _words_of(sentence)
        if any(k.in_sentence(words, names) for k in wanted):
            first = arrival
            if first == dialogue.seq:  # nothing joined earlier
                break
    return first


def keyword_hits(
    dialogue: Dialogue, keywords: Collection[str], names: Equivalents = NO_NAMES
) -> bool:
    """Whether a sentence of the dialogue holds a keyword (see `keyword_arrival`)."""
    return keyword_arrival(dialogue, keywords, names) is not None


def _person_arrival(dialogue: Dialogue, people: Collection[str]) -> int | None:
    """When one of these people was first named (taking part or quoted); None: never."""
    if not people:
        return None
    named = dialogue.people_named()
    return min((dialogue.person_arrival(p) for p in people if p in named), default=None)


def arrival_for(
    dialogue: Dialogue, subscription: Subscription, names: Equivalents = NO_NAMES
) -> int | None:
    """When a dialogue became news for a chat (any filter matching; all when none); None: never."""
    if not subscription.filtered:
        return dialogue.seq
    # From the moment its first wanted topic, person or keyword joined: a later report adding
    # one makes it news.
    wanted = set(subscription.topics)
    joined = [dialogue.topic_arrival(t.id) for t in dialogue.topics if t.id in wanted]
    if dialogue.mechanism in subscription.series:
        joined.append(dialogue.seq)
    for arrival in (
        _person_arrival(dialogue, subscription.people),
        keyword_arrival(dialogue, subscription.keywords, names),
    ):
        if arrival is not None:
            joined.append(arrival)
    return min(joined, default=None)


def pending(
    corpus: Corpus, subscription: Subscription, names: Equivalents = NO_NAMES
) -> list[Pending]:
    """Entries that became news for the chat after its last digest, oldest arrival first."""
    fresh = (
        Pending(d, arrival)
        for d in corpus.arrived_after(subscription.last_seq)
        if (arrival := arrival_for(d, subscription, names)) is not None
        and arrival > subscription.last_seq
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
