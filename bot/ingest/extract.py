"""Pull one dialogue out of an article: when, where, who, what, and the sentences behind it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from rapidfuzz import fuzz

from bot.domain.models import (
    Commitment,
    Country,
    Dialogue,
    EventDate,
    Evidence,
    Participant,
    Person,
    PositionHit,
    Role,
    Source,
    SourceRef,
    TopicHit,
)
from bot.domain.reference import Reference
from bot.domain.text import fold, slugify, squash
from bot.ingest.article import ArticleError, RawArticle
from bot.ingest.clean import (
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    Dateline,
    clean_text,
    find_dateline,
    fix_encoding,
    is_date_line,
    normalise_whitespace,
    paragraphs,
    sentences,
    split_title,
)

# The lead: where news style puts the who, what, when and where.
LEAD_PARAGRAPHS = 2
SUMMARY_MAX = 3


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, for the long lists below."""
    return tuple(text.split())


@dataclass(frozen=True)
class Extraction:
    """What one article yields: its source record, its dialogue, and the people it names."""

    source: Source
    dialogue: Dialogue
    people: list[Person]


def extract(article: RawArticle, reference: Reference) -> Extraction:
    """Extract the dialogue an article reports; every fact keeps its sentence and source id.

    Raises ArticleError when cleaning leaves no text.
    """
    clean = clean_text(article.body)
    if not clean:
        raise ArticleError(f"{article.file}: nothing left after removing page furniture")
    source_id = hashlib.sha256(clean.encode("utf-8")).hexdigest()[:16]
    title, body = split_title(clean)
    body_sentences = sentences(body)
    lead = paragraphs(body)[:LEAD_PARAGRAPHS]
    lead_sentences = sentences("\n".join(lead))
    datelines, stamps = _front_matter(article.body)

    anchor = article.published or next(filter(None, map(_full_date, stamps)), None)
    when = find_event_date(lead_sentences, anchor)
    place = find_place(lead_sentences, datelines)
    mechanism, edition = find_mechanism(lead, reference)
    participants, people = find_people(body_sentences, reference, source_id, when)
    topics = find_topics(body_sentences, reference, source_id)
    positions = find_positions(body_sentences, reference, source_id)
    commitments = find_commitments(body_sentences, source_id)
    summary = choose_summary(body_sentences, reference, source_id)

    dialogue_id = _dialogue_id(when, mechanism, place, source_id)
    source = Source(
        id=source_id,
        file=article.file,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        title=title,
        text=clean,
        dialogue_id=dialogue_id,
    )
    dialogue = Dialogue(
        id=dialogue_id,
        title=title or _generated_title(mechanism, edition, place, reference),
        date=when,
        place=place,
        mechanism=mechanism,
        edition=edition,
        participants=participants,
        topics=topics,
        positions=positions,
        commitments=commitments,
        summary=summary,
        sources=[
            SourceRef(
                id=source_id,
                file=article.file,
                outlet=article.outlet,
                url=article.url,
                published=article.published,
            )
        ],
    )
    return Extraction(source=source, dialogue=dialogue, people=people)


def _front_matter(body: str) -> tuple[list[Dateline], list[str]]:
    """Datelines and lone date stamps, which cleaning removes but dating and placing need."""
    lines = normalise_whitespace(fix_encoding(body)).split("\n")
    datelines = [d for d in map(find_dateline, lines) if d]
    stamps = [d.date for d in datelines if d.date] + [line for line in lines if is_date_line(line)]
    return datelines, stamps


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        _words("jan feb mar apr may jun jul aug sep oct nov dec"), start=1
    )
}
_M = rf"(?P<month>{MONTH_PATTERN})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_END = r"\s*(?:[-–—]|to)\s*(?P<end>\d{1,2})(?!\d)"
_YEAR = r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
# Longest forms first, so "March 27-29" wins over "March 27" at the same place.
_DATE_FORMS = (
    re.compile(rf"\b{_M}\s+{_DAY}{_END}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}{_END}\s+(?:of\s+)?{_M}{_YEAR}"),
    re.compile(rf"\b{_M}\s+{_DAY}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_M}{_YEAR}"),
)
_WEEKDAY = re.compile(rf"\b(?:on\s+)?(?P<weekday>{WEEKDAY_PATTERN})\b")


@dataclass(frozen=True)
class _DateMention:
    """A month-day mention in text, with whatever year and end day it states."""

    start: int
    phrase: str
    month: int
    day: int
    end_day: int | None
    year: int | None


def _date_mentions(text: str) -> list[_DateMention]:
    """Valid month-day mentions in `text`, in order; at one position the longest wins."""
    found: dict[int, _DateMention] = {}
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            groups = match.groupdict()
            month = _MONTHS[match["month"][:3].lower()]
            year = int(groups["year"]) if groups.get("year") else None
            end = int(groups["end"]) if groups.get("end") else None
            if not _valid(year or 2000, month, int(match["day"]), end):
                continue
            mention = _DateMention(match.start(), match[0], month, int(match["day"]), end, year)
            if match.start() not in found or len(found[match.start()].phrase) < len(match[0]):
                found[match.start()] = mention
    return [found[k] for k in sorted(found)]


def _valid(year: int, month: int, day: int, end: int | None) -> bool:
    """True when the day (and end day) exist in that month; 2000 stands in for an unknown year."""
    try:
        date(year, month, day)
        if end is not None:
            date(year, month, end)
    except ValueError:
        return False
    return end is None or end > day


def _full_date(text: str) -> date | None:
    """A complete calendar date in `text` ("April 24, 2024", "12 August 2025"), if any."""
    for mention in _date_mentions(text):
        if mention.year:
            return date(mention.year, mention.month, mention.day)
    return None


def _resolve_year(month: int, day: int, anchor: date | None) -> int | None:
    """The latest year in which month/day exists and is not after the anchor; None without one."""
    if anchor is None:
        return None
    year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    # February 29 belongs to the latest leap year, not to a year that lacks it.
    while not _valid(year, month, day, None):
        year -= 1
    return year


def find_event_date(lead: Sequence[str], anchor: date | None) -> EventDate:
    """Date the event from the lead: the first month-day, else a weekday; never a guessed year."""
    for sentence in lead:
        mentions = _date_mentions(sentence)
        if mentions:
            first = mentions[0]
            year = first.year or _resolve_year(first.month, first.day, anchor)
            return EventDate(
                year=year,
                month=first.month,
                day=first.day,
                end_day=first.end_day,
                precision="day" if year else "month_day",
                phrase=first.phrase,
            )
    for sentence in lead:
        match = _WEEKDAY.search(sentence)
        if match:
            return EventDate(precision="none", phrase=match["weekday"])
    return EventDate()


def _iso(when: EventDate) -> str | None:
    """ISO form of a fully known (start) date, else None."""
    if when.year and when.month and when.day:
        return date(when.year, when.month, when.day).isoformat()
    return None


# --- place --------------------------------------------------------------------------------------

# Folded spellings of cities dialogues are held in, to their canonical English names.
CITIES = {
    "hanoi": "Hanoi",
    "ha noi": "Hanoi",
    "ho chi minh city": "Ho Chi Minh City",
    "hcm city": "Ho Chi Minh City",
    "da nang": "Da Nang",
    "danang": "Da Nang",
    "hai phong": "Hai Phong",
    "haiphong": "Hai Phong",
    "nha trang": "Nha Trang",
    "seoul": "Seoul",
    "busan": "Busan",
    "incheon": "Incheon",
    "jeju": "Jeju",
    "singapore": "Singapore",
    "jakarta": "Jakarta",
    "vientiane": "Vientiane",
    "phnom penh": "Phnom Penh",
    "bangkok": "Bangkok",
    "kuala lumpur": "Kuala Lumpur",
    "manila": "Manila",
    "new york": "New York",
}
_IN_CITY = re.compile(
    r"\b(?:in|at)\s+(?P<city>" + "|".join(sorted(map(re.escape, CITIES), key=len)[::-1]) + r")\b"
)


def normalise_place(place: str) -> str:
    """Canonical city name: "HÀ NỘI", "Hà Nội" -> "Hanoi"; unknown places keep their words."""
    known = CITIES.get(fold(place))
    if known:
        return known
    return place.title() if place.isupper() else place


def find_place(lead: Sequence[str], datelines: Sequence[Dateline]) -> str | None:
    """The city the lead says the event was "in", else the dateline's place."""
    for sentence in lead:
        match = _IN_CITY.search(fold(sentence))
        if match:
            return CITIES[match["city"]]
    return normalise_place(datelines[0].place) if datelines else None


# --- mechanism ----------------------------------------------------------------------------------

_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        _words(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
            "twentieth"
        ),
        start=1,
    )
}
_ORDINAL = re.compile(
    r"\b(?:(?P<number>\d{1,3})(?:st|nd|rd|th)|(?P<word>" + "|".join(_ORDINAL_WORDS) + r"))\b",
    re.IGNORECASE,
)
# How far before the mechanism's name an ordinal may stand ("11th Vietnam-RoK (RoK) defence ...").
_ORDINAL_REACH = 60


def _pattern(text: str) -> re.Pattern[str]:
    """Compile a reference pattern as a case-insensitive regex, or literally if it is not one."""
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(text), re.IGNORECASE)


def _edition(before: str) -> int | None:
    """The ordinal closest before a mechanism's name: "11th" -> 11, "second" -> 2."""
    matches = list(_ORDINAL.finditer(before[-_ORDINAL_REACH:]))
    if not matches:
        return None
    last = matches[-1]
    return int(last["number"]) if last["number"] else _ORDINAL_WORDS[last["word"].lower()]


def find_mechanism(lead: Sequence[str], reference: Reference) -> tuple[str | None, int | None]:
    """The first reference mechanism (in reference order) the lead names, and its edition."""
    for mechanism in reference.mechanisms:
        for text in mechanism.patterns:
            pattern = _pattern(text)
            for paragraph in lead:
                match = pattern.search(paragraph)
                if match:
                    return mechanism.id, _edition(paragraph[: match.start()])
    return None, None


def _ordinal(number: int) -> str:
    """11 -> "11th", 2 -> "2nd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _generated_title(
    mechanism: str | None, edition: int | None, place: str | None, reference: Reference
) -> str:
    """A title for an untitled article: "11th Defence policy dialogue, Hanoi"."""
    known = reference.mechanism_by_id.get(mechanism) if mechanism else None
    label = known.label if known else "Vietnam–RoK dialogue"
    if edition:
        label = f"{_ordinal(edition)} {label}"
    return f"{label}, {place}" if place else label


def _dialogue_id(when: EventDate, mechanism: str | None, place: str | None, source: str) -> str:
    """A stable slug of date, mechanism and place; the source id is added when those are weak."""
    day = f"{when.month:02d}-{when.day:02d}" if when.month and when.day else None
    if day and when.year:
        day = f"{when.year:04d}-{day}"
    parts = [day, mechanism, place]
    if day is None or mechanism is None:
        parts.append(source)
    return slugify(" ".join(p for p in parts if p))


# --- people -------------------------------------------------------------------------------------

_KOREA = r"(?:the\s+)?(?:Republic\s+of\s+Korea(?:\s*\(RoK\))?|RoK|South\s+Korea|Korea)"
_VIETNAM = r"(?:Vietnam|Viet\s+Nam|Việt\s+Nam)"
_NATION = rf"(?:{_KOREA}|{_VIETNAM}|South\s+Korean|Korean|Vietnamese)"
_COUNTERPART = re.compile(
    rf"(?:(?P<pre>{_NATION})\s+)?counterpart(?:\s+from\s+(?P<from>{_KOREA}|{_VIETNAM}))?\s*,?$"
)
_COUNTRY_SUFFIX = re.compile(rf",?\s+of\s+(?P<nation>{_KOREA}|{_VIETNAM})$")
_DEMONYM_PREFIX = re.compile(r"^(?:South\s+Korean|Korean|Vietnamese)\s+")
# Tokens walking back from a name: a parenthesis group, a word (with "Gen."-style dot), or a mark.
_ROLE_TOKEN = re.compile(r"\([^()]*\)|[^\W_]+(?:[-’'.][^\W_]+)*\.?|[^\w\s]")
_CONNECTORS = frozenset({"of", "the", "for"})
_RANKS = frozenset(
    _words(
        "gen gen. general lieutenant lt lt. senior major maj maj. colonel col col. admiral adm "
        "adm. rear brigadier brig"
    )
)
_OPENERS = frozenset(
    _words(
        "the in on at during regarding both as for with after before meanwhile earlier later "
        "also and but when while under from to by of according"
    )
)
_ROLE_HEADS = frozenset(
    _words(
        "minister president secretary general gen. ambassador chairman chairwoman chair director "
        "director-general premier chief commander spokesperson spokesman speaker governor mayor "
        "admiral colonel officer envoy head leader vice-chairman"
    )
)
# Capitalised words that are never part of a person's name.
_NOT_NAME = frozenset(
    fold(word)
    for word in _words(
        "Minister Ministry Deputy Vice First Second Permanent Senior Lieutenant General Gen "
        "Major Colonel Admiral Secretary President Prime Foreign Affairs Defence Defense National "
        "Party Communist Central Committee Government Assembly Republic Korea Korean Vietnam "
        "Vietnamese Viet Việt RoK South North ASEAN United Nations UN Army People Navy Air "
        "Force Forces Chairman Chair Director Ambassador Embassy Office State Security Public "
        "Commander Chief Spokesperson Speaker The His Her Their Both In On At During Regarding "
        "Hanoi Seoul January February March April May June July August September October "
        "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_MAX_NAME_WORDS = 4
_FUZZY_NAME = 92
_VN_SURNAMES = frozenset(
    _words(
        "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly to trinh dinh "
        "mai truong luong lam cao doan ta chu quach"
    )
)
_KR_SURNAMES = frozenset(
    _words(
        "kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han "
        "oh seo shin kwon hwang ahn song yoo hong jeon ko moon yang son bae baek heo noh"
    )
)


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


def _nation(text: str | None) -> Country | None:
    """VN or KR from a phrase naming the country ("RoK", "Vietnamese", "Republic of Korea")."""
    if not text:
        return None
    folded = f" {fold(text)} "
    if any(k in folded for k in (" rok ", " korea ", " korean ")):
        return "KR"
    if any(k in folded for k in (" vietnam ", " viet nam ", " vietnamese ")):
        return "VN"
    return None


def _other(country: Country | None) -> Country | None:
    """The other side of a Vietnam–RoK pair."""
    return {"VN": "KR", "KR": "VN", None: None}[country]


def _role_before(left: str) -> tuple[str | None, Country | None, bool]:
    """The title written just before a name: (role, country it names, is it "counterpart")."""
    left = left.rstrip()
    counterpart = _COUNTERPART.search(left)
    if counterpart:
        return "counterpart", _nation(counterpart["pre"] or counterpart["from"]), True
    left = left.removesuffix(",").rstrip()
    tokens = list(_ROLE_TOKEN.finditer(left))
    taken: list[re.Match[str]] = []
    for token in reversed(tokens):
        text = token[0]
        if text.startswith("(") or text in _CONNECTORS or text[0].isupper():
            taken.append(token)
            continue
        break
    while taken and taken[-1][0] in _CONNECTORS:
        taken.pop()
    if not taken:
        return None, None, False
    role, country = _tidy_role(left[taken[-1].start() : taken[0].end()])
    return role, country, False


def _tidy_role(phrase: str) -> tuple[str | None, Country | None]:
    """Split openers, country words and trailing military ranks off a title phrase."""
    country = _nation(phrase)
    words = _COUNTRY_SUFFIX.sub("", phrase).split()
    # A capitalised sentence opener is not part of the title: "Both Minister Giang and ...".
    while len(words) > 1 and words[0].lower() in _OPENERS:
        words.pop(0)
    role = _DEMONYM_PREFIX.sub("", " ".join(words))
    words = role.split()
    # "Deputy Defence Minister Senior Lieutenant General" -> "Deputy Defence Minister".
    while len(words) > 1 and words[-1].lower() in _RANKS:
        words.pop()
    if not any(w.lower() in _ROLE_HEADS for w in words):
        return None, country
    return " ".join(words), country


def _alias_index(reference: Reference) -> list[tuple[tuple[str, ...], str]]:
    """(folded words, person id) for every name and alias, longest first."""
    index = {
        (tuple(fold(alias).split()), person.id)
        for person in reference.people
        for alias in (person.name, *person.aliases)
        if fold(alias)
    }
    return sorted(index, key=lambda item: -len(item[0]))


def _folded_words(sentence: str) -> list[tuple[str, int, int]]:
    """Folded words of a sentence with their character spans in the original."""
    words: list[tuple[str, int, int]] = []
    for match in re.finditer(r"[^\W_]+", sentence):
        words.extend((w, match.start(), match.end()) for w in fold(match[0]).split())
    return words


def _reference_spans(
    sentence: str, aliases: list[tuple[tuple[str, ...], str]]
) -> list[tuple[int, int, str]]:
    """Spans where a reference name or alias is written, as (start, end, person id)."""
    words = _folded_words(sentence)
    keys = [w for w, _, _ in words]
    spans: list[tuple[int, int, str]] = []
    for alias, person_id in aliases:
        size = len(alias)
        for i in range(len(keys) - size + 1):
            if tuple(keys[i : i + size]) != alias:
                continue
            start, end = words[i][1], words[i + size - 1][2]
            # Names are capitalised; "to Lam Dong" is not "To Lam".
            first = sentence[start]
            if first.isalpha() and first.isascii() and not first.isupper():
                continue
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, person_id))
    return sorted(spans)


def _name_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of 2-4 capitalised words, separated by single spaces, that could be a name."""
    runs: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        if 2 <= len(current) <= _MAX_NAME_WORDS:
            runs.append((current[0].start(), current[-1].end()))
        current.clear()

    for token in _NAME_TOKEN.finditer(sentence):
        word = token[0]
        is_name = word[0].isupper() and not _NOT_NAME.intersection(fold(word).split())
        joined = bool(current) and sentence[current[-1].end() : token.start()] == " "
        if is_name and (joined or not current):
            current.append(token)
            continue
        close()
        if is_name:
            current.append(token)
    close()
    return runs


def _new_person_id(name: str, reference: Reference) -> str:
    """The reference id for a spelling close to a known name, else a slug of the name."""
    key = squash(name)
    for person in reference.people:
        for alias in (person.name, *person.aliases):
            other = squash(alias)
            same_surname = fold(alias).split()[:1] == fold(name).split()[:1]
            if key == other or (same_surname and fuzz.ratio(key, other) >= _FUZZY_NAME):
                return person.id
    return slugify(name)


def _surname_country(name: str) -> Country | None:
    """A last-resort guess from the name's form: hyphenated given names and surnames."""
    words = fold(name).split()
    if "-" in name:
        return "KR"
    if words and words[0] in _VN_SURNAMES:
        return "VN"
    if words and words[0] in _KR_SURNAMES:
        return "KR"
    return None


def _mentions(sentences_: Sequence[str], reference: Reference) -> list[_Mention]:
    """Every person mention: reference names anywhere, unknown names only after a title."""
    aliases = _alias_index(reference)
    by_id = {p.id: p for p in reference.people}
    found: list[_Mention] = []
    for index, sentence in enumerate(sentences_):
        known = _reference_spans(sentence, aliases)
        for start, _end, person_id in known:
            role, country, counterpart = _role_before(sentence[:start])
            person = by_id[person_id]
            found.append(
                _Mention(
                    person_id,
                    person.name,
                    index,
                    start,
                    role,
                    person.country or country,
                    counterpart,
                )
            )
        for start, end in _name_runs(sentence):
            if any(start < e and s < end for s, e, _ in known):
                continue
            role, country, counterpart = _role_before(sentence[:start])
            if role is None:
                continue
            name = sentence[start:end]
            person_id = _new_person_id(name, reference)
            known_person = by_id.get(person_id)
            found.append(
                _Mention(
                    person_id,
                    known_person.name if known_person else name,
                    index,
                    start,
                    role,
                    (known_person.country if known_person else None) or country,
                    counterpart,
                )
            )
    return sorted(found, key=lambda m: (m.sentence, m.start))


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
        country = mention.country or _other(partner.country if partner else None)
        country = country or _surname_country(mention.name)
        resolved.append(replace(mention, role=role, country=country, counterpart=False))
    return resolved


def find_people(
    sentences_: Sequence[str], reference: Reference, source_id: str, when: EventDate
) -> tuple[list[Participant], list[Person]]:
    """Participants in order of first mention, and their Person records with the role seen."""
    mentions = _resolve_counterparts(_mentions(sentences_, reference))
    by_id = {p.id: p for p in reference.people}
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
        country = mention.country or _surname_country(mention.name)
        participants.append(
            Participant(person_id=person_id, name=mention.name, country=country, role=mention.role)
        )
        roles = (
            [Role(title=mention.role, country=country, since=_iso(when), source_id=source_id)]
            if mention.role
            else []
        )
        known = by_id.get(person_id)
        if known:
            people.append(known.model_copy(update={"roles": roles}))
        else:
            people.append(Person(id=person_id, name=mention.name, country=country, roles=roles))
    return participants, people


# --- topics and positions -----------------------------------------------------------------------


def _hits(keywords: Iterable[str], folded: Sequence[str]) -> list[int]:
    """Indexes of folded sentences containing any keyword as whole words."""
    needles = [f" {fold(k)} " for k in keywords if fold(k)]
    return [i for i, text in enumerate(folded) if any(n in text for n in needles)]


def _padded(sentences_: Sequence[str]) -> list[str]:
    """Sentences folded and space-padded, so substring tests respect word boundaries."""
    return [f" {fold(s)} " for s in sentences_]


def find_topics(sentences_: Sequence[str], reference: Reference, source_id: str) -> list[TopicHit]:
    """Reference topics whose keywords occur, each with the sentences that name them."""
    folded = _padded(sentences_)
    hits: list[TopicHit] = []
    for topic in reference.topics:
        found = _hits(topic.keywords, folded)
        if found:
            evidence = [Evidence(sentence=sentences_[i], source_id=source_id) for i in found]
            hits.append(TopicHit(id=topic.id, evidence=evidence))
    return hits


def find_positions(
    sentences_: Sequence[str], reference: Reference, source_id: str
) -> list[PositionHit]:
    """Reference positions whose keywords occur, each with the sentences that state them."""
    folded = _padded(sentences_)
    hits: list[PositionHit] = []
    for position in reference.positions:
        found = _hits(position.keywords, folded)
        if found:
            evidence = [Evidence(sentence=sentences_[i], source_id=source_id) for i in found]
            hits.append(PositionHit(id=position.id, evidence=evidence))
    return hits


# --- commitments --------------------------------------------------------------------------------

_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "₩": "KRW",
    "krw": "KRW",
    "won": "KRW",
    "vnd": "VND",
    "dong": "VND",
}
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s*(?P<scale{n}>thousand|million|billion|trillion|bn|m)\b)?"
_MONEY = re.compile(
    rf"(?P<pre>US\$|\$|€|₩|(?:USD|EUR|KRW|VND)\s?)\s?(?P<num1>{_NUMBER}){_SCALE.format(n=1)}"
    rf"|(?P<num2>{_NUMBER}){_SCALE.format(n=2)}\s+(?P<post>US dollars|dollars|USD|euros?|EUR"
    rf"|won|KRW|VND|dong)\b",
    re.IGNORECASE,
)
# Figures joined into one pledge: "US$100 billion, even $150 billion".
_MONEY_JOIN = re.compile(r"^\s*,?\s*(?:and\s+|or\s+)?(?:even|up to|or|to|and)?\s*$")
_BY_YEAR = re.compile(r"^\s+(?:in|by)\s+(?P<year>\d{4})\b")
_TARGET = re.compile(
    r"\b(?P<verb>lift(?:ing)?|rais(?:e|ing)|increas(?:e|ing)|boost(?:ing)?|bring(?:ing)?)\s+"
    r"(?P<what>[\w-]+(?:\s+[\w-]+){0,3}?)\s+to\s+$",
    re.IGNORECASE,
)
# Verbs that introduce an aim: "addressing wartime bomb clearance" -> "wartime bomb clearance".
_AIM_VERB = re.compile(
    r"^(?:address|support|fund|financ|improv|promot|develop|help|boost|strengthen|enhanc"
    r"|implement|assist)ing\s+",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"^\s+(?:towards?|for|to)\s+(?P<rest>[^,;]+)")


def _amount(match: re.Match[str]) -> tuple[float, str]:
    """Value and ISO currency of one money match."""
    number = match["num1"] or match["num2"]
    # "1,500,000" groups thousands; "1,5" is a decimal comma.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        value = float(number.replace(",", ""))
    else:
        value = float(number.replace(",", "."))
    scale = (match["scale1"] or match["scale2"] or "").lower()
    currency = _CURRENCIES[(match["pre"] or match["post"]).strip().lower()]
    return value * _SCALES.get(scale, 1.0), currency


def _purpose_phrase(rest: str) -> str:
    """ "two projects aimed at addressing wartime bomb clearance in Vietnam" -> the aim."""
    aim = re.split(r"\baimed at\b|\bin order to\b|\bto help\b", rest)[-1].strip(" .")
    aim = _AIM_VERB.sub("", aim)
    aim = re.sub(r"\s+in\s+[A-Z][\w ]*$", "", aim)
    aim = re.sub(r"^(?:the|a|an)\s+", "", aim)
    return aim.strip(" .")


def _commitment(sentence: str, source_id: str) -> Commitment | None:
    """The pledge in a sentence stating money, or None. Amount is the first (firm) figure."""
    figures = list(_MONEY.finditer(sentence))
    if not figures:
        return None
    chain_end = figures[0].end()
    for previous, figure in pairwise(figures):
        if not _MONEY_JOIN.match(sentence[previous.end() : figure.start()]):
            break
        chain_end = figure.end()
    amount, currency = _amount(figures[0])
    evidence = Evidence(sentence=sentence, source_id=source_id)
    year = _BY_YEAR.match(sentence[chain_end:])
    if year:
        chain_end += year.end()
    target = _TARGET.search(sentence[: figures[0].start()])
    if target:
        purpose = f"{target['what']} target" + (f" for {year['year']}" if year else "")
        text = sentence[target.start() : chain_end]
        return Commitment(
            text=text, amount=amount, currency=currency, purpose=purpose, evidence=evidence
        )
    support = _PURPOSE.match(sentence[chain_end:])
    if support:
        text = sentence[figures[0].start() : chain_end + support.end()].rstrip(" .")
        purpose = _purpose_phrase(support["rest"])
        return Commitment(
            text=text, amount=amount, currency=currency, purpose=purpose, evidence=evidence
        )
    return Commitment(text=sentence, amount=amount, currency=currency, evidence=evidence)


def find_commitments(sentences_: Sequence[str], source_id: str) -> list[Commitment]:
    """Money and targets pledged, one per sentence that states a figure."""
    return [c for s in sentences_ if (c := _commitment(s, source_id))]


# --- summary ------------------------------------------------------------------------------------


def choose_summary(
    sentences_: Sequence[str], reference: Reference, source_id: str
) -> list[Evidence]:
    """The lead sentence plus the most topic-dense others, in article order (2-3 sentences)."""
    if not sentences_:
        return []
    folded = _padded(sentences_)
    score = [0] * len(sentences_)
    keyword_lists = [t.keywords for t in reference.topics] + [
        p.keywords for p in reference.positions
    ]
    for keywords in keyword_lists:
        for i in _hits(keywords, folded):
            score[i] += 1
    chosen = {0}
    for i in sorted(range(1, len(sentences_)), key=lambda i: (-score[i], i)):
        if len(chosen) >= SUMMARY_MAX or (score[i] == 0 and len(chosen) >= 2):
            break
        chosen.add(i)
    return [Evidence(sentence=sentences_[i], source_id=source_id) for i in sorted(chosen)]
