"""Who said a quoted sentence, as briefings name them: a person, one side, both, or no one."""

from __future__ import annotations

import re

from bot.domain.briefings.formatting import country_name
from bot.domain.caching import identity_cached
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Evidence, Person
from bot.domain.reference import Reference
from bot.domain.resolve import known_people

# A sentence opening on one of these is someone's words whose speaker was not resolved: on a
# person's page it could read as theirs.
_PRONOUN = re.compile(r"^\W*(?:he|she|his|her|ông|bà|그는|그녀는)(?![\w])", re.IGNORECASE)
_SIDES = {"VN": "Vietnam", "KR": "The RoK", "both": "Both sides"}
_TAGGED = frozenset({"vi", "ko"})


def people_by_id(corpus: Corpus, ref: Reference | None) -> dict[str, Person]:
    """Everyone the corpus or reference knows, by id, built once per pair."""

    def build() -> dict[str, Person]:
        return {p.id: p for p in known_people(corpus, ref)}

    return identity_cached("people-by-id", (corpus, ref), build)


def speaker(
    corpus: Corpus,
    ref: Reference | None,
    dialogue: Dialogue | None,
    evidence: Evidence,
    *,
    sided: bool = False,
) -> str | None:
    """The speaker's name ("Phan Văn Giang (Vietnam)" when `sided`), a side, or None."""
    if evidence.said_by is not None:
        known = people_by_id(corpus, ref).get(evidence.said_by)
        named = (
            next((p for p in dialogue.participants if p.person_id == evidence.said_by), None)
            if dialogue
            else None
        )
        name = known.name if known else named.name if named else None
        if name is None:
            # An id nobody knows names no one we can show; fall back on the side, never a guess.
            return _SIDES.get(evidence.side or "")
        country = country_name(
            (named.country if named else None) or (known.country if known else None)
        )
        return f"{name} ({country})" if sided and country else name
    return _SIDES.get(evidence.side or "")


def language_tag(lang: str | None) -> str | None:
    """ "vi" or "ko" for a quote not in English; None for English or not known."""
    return lang if lang in _TAGGED else None


def every_evidence(dialogue: Dialogue) -> list[Evidence]:
    """Every sentence the record quotes: summary, topics, positions, then commitments."""
    return [
        *dialogue.summary,
        *(e for hit in dialogue.topics for e in hit.evidence),
        *(e for hit in dialogue.positions for e in hit.evidence),
        *(c.evidence for c in dialogue.commitments),
    ]


def attributed(dialogue: Dialogue) -> bool:
    """True when any sentence of the dialogue names a speaker or side (records since issue 7)."""
    return any(e.said_by is not None or e.side is not None for e in every_evidence(dialogue))


def said_by_or_with(evidence: Evidence, person_id: str, *, narration: bool) -> bool:
    """Whether a sentence belongs on a person's page: theirs, joint, or (if allowed) narration."""
    if evidence.said_by is not None:
        return evidence.said_by == person_id
    if evidence.side is not None:
        return evidence.side == "both"
    return narration


def unresolved(evidence: Evidence) -> bool:
    """True for narration that opens on "He", "She", "Ông"…: someone's words, speaker unknown."""
    return (
        evidence.said_by is None
        and evidence.side is None
        and bool(_PRONOUN.match(evidence.sentence))
    )
