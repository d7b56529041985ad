"""A dialogue as briefings show it: heading, attendees, pledges, the full card, cited entries."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain.briefings.blocks import (
    Attendee,
    CitedDialogue,
    DialogueCard,
    DialogueRef,
    Entry,
    Pledge,
    Ref,
    unique_refs,
)
from bot.domain.briefings.citations import MAX_FACTS, citation, fact, facts
from bot.domain.briefings.formatting import country_name, format_event_date
from bot.domain.briefings.ranking import COMPACT_STATEMENTS, Candidate, pick, ranked
from bot.domain.briefings.roles import role_on
from bot.domain.briefings.speakers import people_by_id
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Evidence, Person, PositionHit, TopicHit
from bot.domain.reference import Reference
from bot.domain.text import ordinal

EvidenceTest = Callable[[Evidence], bool]

MAX_SUGGESTIONS = 5
MAX_CACHED_CARDS = 2048  # of the corpus in use; a few MB
FULL_STATEMENTS = 6  # "What was said" on a card opened in full


def dialogue_ref(ref: Reference | None, dialogue: Dialogue) -> DialogueRef:
    """Heading of a dialogue; the mechanism is named only when reference data is at hand."""
    mechanism = ref.mechanism_by_id.get(dialogue.mechanism or "") if ref else None
    label = mechanism.label if mechanism else None
    if label and dialogue.edition:
        label = f"{ordinal(dialogue.edition)} {label[:1].lower()}{label[1:]}"
    return DialogueRef(
        id=dialogue.id,
        title=dialogue.title.strip() or label or "Untitled dialogue",
        date=format_event_date(dialogue.date),
        place=dialogue.place,
        mechanism=label,
    )


def cited_dialogue(corpus: Corpus, ref: Reference | None, dialogue: Dialogue) -> CitedDialogue:
    """A dialogue's heading cited with its first source (outlet and date)."""
    first = dialogue.sources[0].id if dialogue.sources else ""
    return CitedDialogue(
        dialogue=dialogue_ref(ref, dialogue),
        citation=citation(corpus, dialogue, first),
        more_sources=max(0, len(dialogue.sources) - 1),
    )


def newest_dialogue_refs(corpus: Corpus, ref: Reference) -> tuple[Ref, ...]:
    """The newest dialogues as buttons, for when none was named."""
    return tuple(dialogue_ref(ref, d).ref for d in corpus.dialogues[:MAX_SUGGESTIONS])


def topic_ref(ref: Reference, topic_id: str) -> Ref:
    """A topic as a button, labelled from the reference when it knows the id."""
    topic = ref.topic_by_id.get(topic_id)
    return Ref("topic", topic_id, topic.label if topic else topic_id)


def position_ref(ref: Reference, position_id: str) -> Ref:
    """A position as a button, labelled from the reference when it knows the id."""
    position = ref.position_by_id.get(position_id)
    return Ref("position", position_id, position.label if position else position_id)


def person_ref(person: Person) -> Ref:
    """A person as a button."""
    return Ref("person", person.id, person.name)


def attendees(corpus: Corpus, ref: Reference | None, dialogue: Dialogue) -> tuple[Attendee, ...]:
    """Each participant once, named as the corpus knows them, with the post held that day."""
    # The article's own words first, else the register's term covering the meeting's date:
    # never today's title for a past meeting.
    known_by_id = people_by_id(corpus, ref)
    seen: dict[str, Attendee] = {}
    for p in dialogue.participants:
        known = known_by_id.get(p.person_id)
        role = p.role or (role_on(known.roles, dialogue.date) if known else None)
        country = p.country or (known.country if known else None)
        seen.setdefault(
            p.person_id,
            Attendee(
                person_id=p.person_id,
                name=known.name if known else p.name,
                role=role,
                country=country_name(country),
            ),
        )
    return tuple(seen.values())


def pledges(
    corpus: Corpus,
    ref: Reference | None,
    dialogue: Dialogue,
    keep: Callable[[Evidence], bool] = lambda _e: True,
) -> tuple[Pledge, ...]:
    """The dialogue's commitments whose sentence `keep` accepts: pledges first, then background."""
    kept = [c for c in dialogue.commitments if keep(c.evidence)]
    ordered = sorted(kept, key=lambda c: c.kind == "background")
    return tuple(
        Pledge(
            text=c.text,
            fact=fact(corpus, dialogue, c.evidence, ref),
            background=c.kind == "background",
        )
        for c in ordered
    )


def _every(_evidence: Evidence) -> bool:
    return True


def statement_candidates(
    dialogue: Dialogue,
    keep: EvidenceTest = _every,
    stated: EvidenceTest | None = None,
    *,
    pledged: bool = False,
    summary_backs: bool = True,
) -> list[Candidate]:
    """Each sentence a card could quote as said, once: the summary's, positions', then topics'."""
    # `keep` picks the summary's sentences, `stated` (default `keep`) those of positions and
    # topics. A card shows a commitment's sentence with the commitment, so not as a statement
    # too (`pledged` lets it in). A person's page weighs a summary sentence as summary even
    # where it also backs a position (`summary_backs` False); a card, as a position's.
    pass_on = stated or keep
    skipped = set() if pledged else {c.evidence.sentence.strip() for c in dialogue.commitments}
    summary = [e for e in dialogue.summary if keep(e)]
    backing = [e for hit in dialogue.positions for e in hit.evidence if pass_on(e)]
    raised = [e for hit in dialogue.topics for e in hit.evidence if pass_on(e)]
    summarised = {e.sentence.strip() for e in summary}
    positional = {e.sentence.strip() for e in backing}
    if not summary_backs:
        positional -= summarised
    lead = dialogue.summary[0].sentence.strip() if dialogue.summary else None
    seen: set[str] = set()
    out: list[Candidate] = []
    for e in (*summary, *backing, *raised):
        text = e.sentence.strip()
        if not text or text in seen or text in skipped:
            continue
        seen.add(text)
        copy = e if text == e.sentence else e.model_copy(update={"sentence": text})
        out.append(
            Candidate(copy, position=text in positional, lead=text == lead and text in summarised)
        )
    return out


@dataclass
class _CardCache:
    """The cards made from one corpus: a corpus never changes, so neither do they."""

    # Weak: the cache never keeps a corpus the store has replaced alive.
    corpus: weakref.ref[Corpus] | None = None
    ref: weakref.ref[Reference] | None = None
    cards: dict[tuple[str, int, int, int], DialogueCard] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def holds(self, corpus: Corpus, ref: Reference) -> bool:
        """Whether the cached cards are this corpus's, read with this reference data."""
        return (
            self.corpus is not None
            and self.corpus() is corpus
            and self.ref is not None
            and self.ref() is ref
        )


# Only the newest corpus's cards are kept: a store change makes a new corpus, and the cache
# then starts afresh.
_CARDS = _CardCache()


def dialogue_card(
    corpus: Corpus,
    ref: Reference,
    dialogue: Dialogue,
    summary_limit: int = MAX_FACTS,
    highlight_limit: int = COMPACT_STATEMENTS,
) -> DialogueCard:
    """Everything about one dialogue, each sentence cited; its best statements ranked first."""
    # /latest, digests and pages ask for the same cards again and again until the store changes.
    key = (dialogue.id, dialogue.seq, summary_limit, highlight_limit)
    with _CARDS.lock:
        if _CARDS.holds(corpus, ref) and key in _CARDS.cards:
            return _CARDS.cards[key]
    card = _card(corpus, ref, dialogue, summary_limit, highlight_limit)
    with _CARDS.lock:
        if not _CARDS.holds(corpus, ref):
            _CARDS.corpus, _CARDS.ref = weakref.ref(corpus), weakref.ref(ref)
            _CARDS.cards = {}
        if len(_CARDS.cards) < MAX_CACHED_CARDS:
            _CARDS.cards[key] = card
    return card


def _card(
    corpus: Corpus,
    ref: Reference,
    dialogue: Dialogue,
    summary_limit: int,
    highlight_limit: int,
) -> DialogueCard:
    """`dialogue_card`, made anew."""
    outcomes = pledges(corpus, ref, dialogue)
    ranking = ranked(statement_candidates(dialogue))
    best = pick(ranking, highlight_limit)
    rest = [s for s in ranking if s not in best]
    full = [*best, *rest][: max(FULL_STATEMENTS, len(best))]
    return DialogueCard(
        dialogue=dialogue_ref(ref, dialogue),
        participants=attendees(corpus, ref, dialogue),
        summary=facts(corpus, dialogue, dialogue.summary, summary_limit, ref),
        highlights=tuple(fact(corpus, dialogue, s.candidate.evidence, ref) for s in best),
        statements=tuple(fact(corpus, dialogue, s.candidate.evidence, ref) for s in full),
        pledges=tuple(p for p in outcomes if not p.background),
        background=tuple(p for p in outcomes if p.background),
        topics=unique_refs(topic_ref(ref, t.id) for t in dialogue.topics),
        positions=unique_refs(position_ref(ref, p.id) for p in dialogue.positions),
        sources=tuple(citation(corpus, dialogue, s.id) for s in dialogue.sources),
    )


def entries_on(
    corpus: Corpus,
    ref: Reference,
    dialogues: Sequence[Dialogue],
    hits: Callable[[Dialogue], Iterable[TopicHit | PositionHit]],
    item_id: str,
    limit: int,
) -> tuple[Entry, ...]:
    """Each dialogue with up to `limit` of its sentences on one topic or position."""
    # Out of a dialogue's context, a speaker is named with their side: who stated what.
    entries = []
    for d in dialogues:
        evidence = [e for hit in hits(d) if hit.id == item_id for e in hit.evidence]
        entries.append(
            Entry(dialogue_ref(ref, d), facts(corpus, d, evidence, limit, ref, sided=True))
        )
    return tuple(entries)
