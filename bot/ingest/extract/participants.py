"""Who took part: person mentions with their titles and countries, merged per person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.domain.caching import identity_cached
from bot.domain.models import Country, EventDate, Participant, Person, Role
from bot.domain.reference import Reference
from bot.domain.register import alias_index, hangul_key, office_of
from bot.ingest.extract.countries import other_side, surname_country
from bot.ingest.extract.name_finder import name_runs, new_person_id, reference_spans
from bot.ingest.extract.passing import in_passing
from bot.ingest.extract.roles import role_after, role_before
from bot.ingest.extract.sides import DPRK, third_countries
from bot.ingest.extract.titles import KoreanName, Title, korean_names, vietnamese_title


@dataclass(frozen=True)
class _Mention:
    """One place a sentence names a person, with the role and country written around it."""

    person_id: str
    name: str
    sentence: int
    start: int
    role: str | None
    country: Country | None
    counterpart: bool
    passing: bool = False  # the sentence puts them at another or later event


def _mention(
    person_id: str,
    written: str,
    sentence: str,
    index: int,
    span: tuple[int, int],
    known: Person | None,
) -> _Mention:
    """A mention at `span`; a known person's own name and country beat what is written."""
    start, end = span
    role, country, counterpart = role_before(sentence[:start])
    if role is None and not counterpart:
        role, country = role_after(sentence[end:])
    return _Mention(
        person_id,
        known.name if known else written,
        index,
        start,
        role,
        (known.country if known else None) or country,
        counterpart,
    )


def _titled(
    person_id: str, written: str, index: int, start: int, title: Title, known: Person | None
) -> _Mention:
    """A mention whose title was read in Vietnamese or Korean."""
    counterpart = title.counterpart and title.country is None
    return _Mention(
        person_id,
        known.name if known else written,
        index,
        start,
        title.text,
        (known.country if known else None) or title.country,
        counterpart,
    )


def _mentions(
    sentences_: Sequence[str],
    reference: Reference,
    by_id: Mapping[str, Person],
    lang: str,
    when: EventDate,
) -> list[_Mention]:
    """Every person mention: reference names anywhere, unknown names only after a title."""
    aliases = alias_index(reference)
    found: list[_Mention] = []

    def add(mention: _Mention, sentence: str, end: int) -> None:
        passing = in_passing(sentence, mention.start, end, lang, when)
        found.append(replace(mention, passing=passing))

    # Hangul spellings an article gave with a Latin one ("호앙 쑤언 찌엔(Hoàng Xuân Chiến)").
    spelled: dict[str, str] = {}
    for index, sentence in enumerate(sentences_):
        known = reference_spans(sentence, aliases)
        korean = korean_names(sentence) if lang == "ko" else []
        for start, end, person_id in known:
            person = by_id[person_id]
            if _possessive(sentence, end):
                continue
            if lang == "vi":
                title = vietnamese_title(sentence, start, end)
                if not title.foreign:
                    add(_titled(person_id, person.name, index, start, title, person), sentence, end)
            elif lang == "ko":
                near = [k for k in korean if k.start < end + 12 and start < k.end + 1]
                title = near[0].title if near else Title(None, None, foreign=False)
                if not title.foreign:
                    add(_titled(person_id, person.name, index, start, title, person), sentence, end)
            else:
                add(
                    _mention(person_id, person.name, sentence, index, (start, end), person),
                    sentence,
                    end,
                )
        if lang == "ko":
            for mention, end in _korean_unknowns(korean, known, reference, by_id, index, spelled):
                add(mention, sentence, end)
            continue
        for start, end in name_runs(sentence):
            if any(start < e and s < end for s, e, _ in known):
                continue
            if _possessive(sentence, end):
                continue
            name = sentence[start:end]
            person_id = new_person_id(name, reference)
            if lang == "vi":
                title = vietnamese_title(sentence, start, end)
                if title.text is None or title.foreign:
                    continue
                add(
                    _titled(person_id, name, index, start, title, by_id.get(person_id)),
                    sentence,
                    end,
                )
                continue
            mention = _mention(person_id, name, sentence, index, (start, end), by_id.get(person_id))
            if mention.role is not None and not _foreign_role(sentence[:start]):
                add(mention, sentence, end)
    return sorted(found, key=lambda m: (m.sentence, m.start))


def _korean_unknowns(
    korean: Sequence[KoreanName],
    known: Sequence[tuple[int, int, str]],
    reference: Reference,
    by_id: Mapping[str, Person],
    index: int,
    spelled: dict[str, str],
) -> list[tuple[_Mention, int]]:
    """Names a Korean sentence writes before a title that the register does not hold, with
    where each ends."""
    found = []
    for name in korean:
        if name.title.foreign or any(name.start < e and s < name.end for s, e, _ in known):
            continue
        key = hangul_key(name.hangul)
        person_id = spelled.get(key) or new_person_id(name.written, reference)
        if name.written != name.hangul:
            spelled.setdefault(key, person_id)
        found.append(
            (
                _titled(
                    person_id, name.written, index, name.start, name.title, by_id.get(person_id)
                ),
                name.end,
            )
        )
    return found


def _without_passers_by(mentions: list[_Mention]) -> list[_Mention]:
    """Drop people every mention of whom is in passing, or goes on about that other event right
    after one in passing (the same or the next sentence: "TTXVN quoted Prime Minister Lee ...")."""
    first: dict[str, _Mention] = {}
    for mention in mentions:
        first.setdefault(mention.person_id, mention)
    dropped = set()
    for person_id, opening in first.items():
        if not opening.passing:
            continue
        where = {m.sentence for m in mentions if m.person_id == person_id and m.passing}
        if all(
            m.passing or m.sentence in where or m.sentence - 1 in where
            for m in mentions
            if m.person_id == person_id
        ):
            dropped.add(person_id)
    return [m for m in mentions if m.person_id not in dropped]


def _possessive(sentence: str, end: int) -> bool:
    """True for "Moon Jae-in's policy": a person named as an owner is not taking part there."""
    return sentence[end : end + 2] in ("'s", "’s")


def _foreign_role(left: str) -> bool:
    """True when the words just before a name make it a North Korean or third-country official."""
    window = left[-60:]
    cut = max(window.rfind(","), window.rfind("."), window.rfind(";"))
    window = window[cut + 1 :]
    return bool(DPRK.search(window) or third_countries(window))


def _resolve_counterparts(mentions: list[_Mention]) -> list[_Mention]:
    """Give a "counterpart" the title and opposite country of the person they partner."""
    resolved: list[_Mention] = []
    for mention in mentions:
        if not mention.counterpart:
            resolved.append(mention)
            continue
        partners = [
            m
            for m in mentions
            if m.sentence == mention.sentence and m.start < mention.start and not m.counterpart
        ]
        partner = partners[-1] if partners else None
        role = partner.role if partner and partner.role else mention.role
        country = mention.country or other_side(partner.country if partner else None)
        country = country or surname_country(mention.name)
        resolved.append(replace(mention, role=role, country=country, counterpart=False))
    return resolved


def find_people(
    sentences_: Sequence[str],
    reference: Reference,
    source_id: str,
    when: EventDate,
    lang: str = "en",
) -> tuple[list[Participant], list[Person]]:
    """Participants in order of first mention, and their Person records with the role seen."""
    # Keyed by the reference object: a copy with other people (a test's register) is its own.
    by_id = identity_cached("people", (reference,), lambda: {p.id: p for p in reference.people})
    mentions = _resolve_counterparts(_mentions(sentences_, reference, by_id, lang, when))
    mentions = _without_passers_by(mentions)
    first: dict[str, _Mention] = {}
    for mention in mentions:
        seen = first.get(mention.person_id)
        # The first mention that carries a title wins; a bare name only holds the place.
        if seen is None or (seen.role is None and mention.role is not None):
            first[mention.person_id] = mention
    order = list(dict.fromkeys(m.person_id for m in mentions))
    participants: list[Participant] = []
    people: list[Person] = []
    for person_id in order:
        mention = first[person_id]
        country = mention.country or surname_country(mention.name)
        participants.append(
            Participant(person_id=person_id, name=mention.name, country=country, role=mention.role)
        )
        roles = (
            [
                Role(
                    title=mention.role,
                    country=country,
                    office=office_of(mention.role),
                    as_of=when.iso() if when.year else None,
                    source_id=source_id,
                )
            ]
            if mention.role
            else []
        )
        known = by_id.get(person_id)
        if known:
            people.append(known.model_copy(update={"roles": roles}))
        else:
            people.append(Person(id=person_id, name=mention.name, country=country, roles=roles))
    return participants, people
