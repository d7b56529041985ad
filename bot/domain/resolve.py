"""Turning what people type into a person, topic or position, or into close suggestions.

Names match regardless of case, diacritics, hyphens and Korean or Western name order; a lone
surname or given name matches when only one person bears it; typos fall back on rapidfuzz.
Topics and positions match their id, label, keywords and synonyms. When one phrase names
several topics, the strongest kind of match wins: id or label, then keyword, then synonym.
So "South China Sea" (a keyword of east-sea, only a synonym of maritime) resolves to east-sea
and offers maritime as the first suggestion. A query found only inside a longer phrase names an
item when the item's label holds it ("peninsula"); inside a keyword or synonym alone it is just
a suggestion ("Seoul", from "Seoul Defence Dialogue").
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

# Re-exported: briefings, digest and ingest modules import it from here.
from bot.domain.caching import identity_cached
from bot.domain.corpus import Corpus
from bot.domain.merge import combine_roles
from bot.domain.models import Person
from bot.domain.reference import Position, Reference, Topic
from bot.domain.register import hangul_key, is_hangul
from bot.domain.text import fold, slugify

T = TypeVar("T")
N = TypeVar("N", Topic, Position)

ACCEPT_SCORE = 85.0
MAX_SUGGESTIONS = 5
_ANSWERS = 256  # queries whose resolution each people index keeps

# Leading words that are titles, not names: "Gen. Phan Van Giang", "President Lee Jae-myung".
_TITLE_WORDS = (
    "gen general senior lieutenant lt colonel col major maj admiral adm minister deputy vice "
    "first permanent president secretary party foreign defence defense national mr mrs ms "
    "madam dr prof he comrade chairman ambassador prime"
)
_TITLES = frozenset(_TITLE_WORDS.split())
# Vietnamese titles, folded, longest first: "Đại tướng Phan Văn Giang", "Tổng Bí thư Tô Lâm".
# Only whole phrases: "Trương" alone is a surname, so "truong" is never dropped by itself.
_VI_TITLES = (
    "tong bi thu, chu tich nuoc, pho thu tuong, pho chu tich, bo quoc phong, bo ngoai giao, "
    "bo cong an, dai tuong, thuong tuong, trung tuong, thieu tuong, bo truong, thu truong, "
    "tong thong, chu tich, thu tuong, ngoai truong, dai su, dong chi, tuong, ong"
)
_TITLE_PHRASES = tuple(
    sorted((tuple(p.split()) for p in _VI_TITLES.split(",")), key=len, reverse=True)
)
# Korean titles follow the name: "이종섭 장관", "이재명 대통령" (folded, as names are).
_KO_TITLES = "장관 국방장관 외교장관 차관 대통령 총리 주석 서기장 대사 의장 사령관 총장"
_TRAILING_TITLES = frozenset(fold(t) for t in _KO_TITLES.split())


@dataclass(frozen=True)
class Resolution(Generic[T]):
    """The item a query names, or the closest candidates (best first) when it names none."""

    query: str
    match: T | None = None
    suggestions: tuple[T, ...] = ()
    ambiguous: bool = False  # the query names each suggestion equally well ("Lee")

    @property
    def found(self) -> bool:
        """True when the query named exactly one item."""
        return self.match is not None


# --- people -----------------------------------------------------------------------------------


def _drop_title(tokens: list[str]) -> bool:
    """Drop one leading title word or phrase, if one leaves a name behind."""
    if len(tokens) > 1 and tokens[0] in _TITLES:
        del tokens[0]
        return True
    for phrase in _TITLE_PHRASES:
        if len(tokens) > len(phrase) and tuple(tokens[: len(phrase)]) == phrase:
            del tokens[: len(phrase)]
            return True
    return False


def _name_tokens(text: str) -> list[str]:
    """Folded name tokens without titles before or (Korean) after (unless nothing is left)."""
    tokens = fold(text).split()
    while _drop_title(tokens):
        pass
    while len(tokens) > 1 and tokens[-1] in _TRAILING_TITLES:
        tokens.pop()
    return tokens


def _hangul_parts(name: str) -> tuple[str, str] | None:
    """Surname and given name of a Korean name written in three Hangul syllables."""
    key = hangul_key(name)
    return (key[0], key[1:]) if is_hangul(key) and len(key) == 3 else None


def _full_keys(tokens: list[str]) -> set[str]:
    """The whole name as typed, given name first ("Jong-sup Lee"), or called name first."""
    keys = {"".join(tokens)}
    if len(tokens) >= 2:
        keys.add("".join(tokens[1:] + tokens[:1]))
        keys.add("".join(tokens[-1:] + tokens[:1]))
    return keys


def _partial_keys(tokens: list[str]) -> set[str]:
    """Surname, called name and whole given name: "Lee", "Giang", "Jongsup"."""
    if len(tokens) < 2:
        return set()
    return {tokens[0], tokens[-1], "".join(tokens[1:])}


@dataclass(frozen=True)
class _Fuzzy:
    """Every written name as rapidfuzz choices, with arrays that map scores to people."""

    people: tuple[str, ...]  # person ids, in the order their first name was written
    tiebreak: np.ndarray[Any, np.dtype[np.intp]]  # each person's place: most active, then name
    squashed: tuple[str, ...]  # each folded name without spaces
    sorted_words: tuple[str, ...]  # the same name, its words sorted (token_sort_ratio's form)
    owner: np.ndarray[Any, np.dtype[np.intp]]  # the person of each name
    parts: tuple[str, ...]  # each distinct word of a name
    part_of: np.ndarray[Any, np.dtype[np.intp]]  # (word, person) pairs: the word ...
    part_owner: np.ndarray[Any, np.dtype[np.intp]]  # ... and the person whose name holds it


@dataclass(frozen=True)
class _PeopleIndex:
    """Lookup tables over every way the corpus and reference write each person's name."""

    people: dict[str, Person]
    weight: Mapping[str, int]
    full: dict[str, frozenset[str]]
    partial: dict[str, frozenset[str]]
    fuzzy: _Fuzzy
    hangul: dict[str, frozenset[str]]  # a Korean surname or given name in Hangul -> people
    # What recent queries resolved to: a query is typed again (and paged) far more often than
    # the register changes, and a misspelt one costs a fuzzy pass over every written name.
    answers: OrderedDict[str, Resolution[Person]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ranked(self, ids: Iterable[str]) -> list[str]:
        """Most active first, then alphabetical."""
        return sorted(ids, key=lambda i: (-self.weight.get(i, 0), fold(self.people[i].name)))


def _merge_reference_people(corpus: Corpus, ref: Reference | None) -> dict[str, Person]:
    """Corpus people completed by reference people: aliases add up, curated roles come first."""
    people = dict(corpus.people)
    for known in ref.people if ref else ():
        stored = people.get(known.id)
        if stored is None:
            people[known.id] = known
            continue
        aliases = list(dict.fromkeys([*stored.aliases, known.name, *known.aliases]))
        people[known.id] = stored.model_copy(
            update={
                "aliases": [a for a in aliases if a != stored.name],
                "roles": combine_roles(known.roles, stored.roles),
                "country": stored.country or known.country,
            }
        )
    return people


def _build_people_index(corpus: Corpus, ref: Reference | None) -> _PeopleIndex:
    people = _merge_reference_people(corpus, ref)
    variants: dict[str, set[str]] = {pid: {p.name, *p.aliases} for pid, p in people.items()}
    for person_id, spellings in corpus.participant_names().items():
        if person_id in variants:
            variants[person_id].update(spellings)
    full: dict[str, set[str]] = defaultdict(set)
    partial: dict[str, set[str]] = defaultdict(set)
    fuzzy: list[tuple[list[str], str]] = []  # (folded name words, person id)
    hangul: dict[str, set[str]] = defaultdict(set)
    for pid, names in variants.items():
        full[pid.replace("-", "")].add(pid)
        for name in names:
            parts = _hangul_parts(name) if people[pid].country == "KR" else None
            for part in parts or ():
                hangul[part].add(pid)
            tokens = _name_tokens(name)
            if not tokens:
                continue
            for key in _full_keys(tokens):
                full[key].add(pid)
            for key in _partial_keys(tokens):
                partial[key].add(pid)
            fuzzy.append((tokens, pid))
    counts = corpus.person_counts()
    weight = {pid: counts.get(pid, 0) for pid in people}
    return _PeopleIndex(
        people=people,
        weight=weight,
        full={k: frozenset(v) for k, v in full.items()},
        partial={k: frozenset(v) for k, v in partial.items()},
        fuzzy=_fuzzy_choices(fuzzy, lambda i: (-weight.get(i, 0), people[i].name)),
        hangul={k: frozenset(v) for k, v in hangul.items()},
    )


def _fuzzy_choices(
    names: list[tuple[list[str], str]], tiebreak: Callable[[str], tuple[int, str]]
) -> _Fuzzy:
    """(folded name words, person id) as choice lists for rapidfuzz's process."""
    number = {pid: n for n, pid in enumerate(dict.fromkeys(pid for _words, pid in names))}
    pairs = dict.fromkeys((word, number[pid]) for words, pid in names for word in words)
    parts = {word: n for n, word in enumerate(dict.fromkeys(word for word, _n in pairs))}
    # Equal scores rank the more active person first, then by name, then as first written.
    people = tuple(number)
    places = sorted(range(len(people)), key=lambda n: tiebreak(people[n]))
    return _Fuzzy(
        people=people,
        tiebreak=np.argsort(np.array(places, dtype=np.intp)),
        squashed=tuple("".join(words) for words, _pid in names),
        sorted_words=tuple(" ".join(sorted(words)) for words, _pid in names),
        owner=np.array([number[pid] for _words, pid in names], dtype=np.intp),
        parts=tuple(parts),
        part_of=np.array([parts[word] for word, _n in pairs], dtype=np.intp),
        part_owner=np.array([n for _word, n in pairs], dtype=np.intp),
    )


def _people_index(corpus: Corpus, ref: Reference | None) -> _PeopleIndex:
    return identity_cached("people", (corpus, ref), lambda: _build_people_index(corpus, ref))


def known_people(corpus: Corpus, ref: Reference | None = None) -> tuple[Person, ...]:
    """Everyone the corpus or reference knows, most active first."""
    index = _people_index(corpus, ref)
    return tuple(index.people[i] for i in index.ranked(index.people))


def dialogue_count(corpus: Corpus, ref: Reference | None, person_id: str) -> int:
    """How many dialogues a person took part in."""
    return _people_index(corpus, ref).weight.get(person_id, 0)


def _fuzzy_ranking(fuzzy: _Fuzzy, tokens: list[str]) -> tuple[list[str], list[float]]:
    """People ranked by their best fuzzy score for the folded query, and those scores."""
    if not fuzzy.people:
        return [], []
    squashed, sorted_words = "".join(tokens), " ".join(sorted(tokens))

    def score(query: str, choices: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        # One C loop over every choice: the same scores fuzz.ratio gives one at a time.
        found = process.cdist([query], choices, scorer=fuzz.ratio, dtype=np.float64)
        return found[0]  # type: ignore[no-any-return]

    best = np.full(len(fuzzy.people), -1.0)
    # Each name's whole spelling, squashed and with its words in any order (token_sort_ratio).
    np.maximum.at(best, fuzzy.owner, score(squashed, fuzzy.squashed))
    np.maximum.at(best, fuzzy.owner, score(sorted_words, fuzzy.sorted_words))
    # A lone surname or given name with a typo still points at its bearer.
    np.maximum.at(best, fuzzy.part_owner, score(squashed, fuzzy.parts)[fuzzy.part_of] - 5)
    order = np.lexsort((fuzzy.tiebreak, -best))[: max(MAX_SUGGESTIONS, 2)]
    return [fuzzy.people[n] for n in order], [float(best[n]) for n in order]


def resolve_person(corpus: Corpus, query: str, ref: Reference | None = None) -> Resolution[Person]:
    """The person `query` names, else suggestions (never empty when anyone is known)."""
    index = _people_index(corpus, ref)
    with index.lock:
        found = index.answers.get(query)
        if found is not None:
            index.answers.move_to_end(query)
            return found
    found = _resolve_person(index, query)
    with index.lock:
        index.answers[query] = found
        while len(index.answers) > _ANSWERS:
            index.answers.popitem(last=False)
    return found


def _resolve_person(index: _PeopleIndex, query: str) -> Resolution[Person]:
    """What `query` names, worked out afresh: exact keys first, then the fuzzy ranking."""
    people = index.people
    if query.strip() in people or slugify(query) in people:
        pid = query.strip() if query.strip() in people else slugify(query)
        return Resolution(query, match=people[pid])
    tokens = _name_tokens(query)
    if not tokens:
        top = index.ranked(people)[:MAX_SUGGESTIONS]
        return Resolution(query, suggestions=tuple(people[i] for i in top))
    squashed = "".join(tokens)
    # A Korean surname or given name written in Hangul ("이", "종섭") is looked up as written.
    hangul = index.hangul.get(hangul_key(query), frozenset()) if is_hangul(query) else frozenset()
    partial = hangul or index.partial.get(squashed, frozenset())
    for ids in (index.full.get(squashed, frozenset()), partial):
        if len(ids) == 1:
            return Resolution(query, match=people[next(iter(ids))])
        if ids:
            ranked = tuple(people[i] for i in index.ranked(ids))
            return Resolution(query, suggestions=ranked, ambiguous=True)
    order, scores = _fuzzy_ranking(index.fuzzy, tokens)
    best = order[0] if order else None
    runner_up = scores[1] if len(order) > 1 else 0.0
    if best is not None and scores[0] >= ACCEPT_SCORE and scores[0] - runner_up >= 5:
        return Resolution(query, match=people[best])
    return Resolution(query, suggestions=tuple(people[i] for i in order[:MAX_SUGGESTIONS]))


# --- topics and positions ---------------------------------------------------------------------

_TIER_NAME, _TIER_KEYWORD, _TIER_SYNONYM = 3, 2, 1


MAX_ACRONYM = 3  # a phrase this short ("DOC", "UN") is an acronym, not a word of another language
MARKED_WORDS = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    """Folded words; Korean stays in Hangul, so a romanised Korean word never meets English."""
    if is_hangul(text):
        return " ".join(k for k in (hangul_key(w) for w in text.split()) if k)
    return fold(text)


def _marked(text: str) -> str:
    """Lower-case words with their diacritics: "chất độc" holds no "doc"."""
    return MARKED_WORDS.sub(" ", text.lower()).strip()


def _term_key(text: str) -> str:
    """Squashed form with plural "s" dropped, so "navies"/"bombs"/"four no's" meet their kin."""
    tokens = _words(text).split()
    return "".join(_singular(t) for t in tokens)


def _singular(token: str) -> str:
    """Crude English singular: enough for keyword lists, never applied to short words."""
    return (
        token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token
    )


@dataclass(frozen=True)
class _TermIndex(Generic[T]):
    """Phrases naming each item, with how strongly each phrase names it."""

    items: dict[str, T]
    exact: dict[str, dict[str, int]]
    phrases: tuple[tuple[str, str, int], ...]  # (folded phrase, item id, tier)
    keys: tuple[tuple[str, str], ...]  # (term key, item id), for typo matching


def _build_term_index(items: Iterable[tuple[str, T, dict[str, int]]]) -> _TermIndex[T]:
    by_id: dict[str, T] = {}
    exact: dict[str, dict[str, int]] = defaultdict(dict)
    phrases: list[tuple[str, str, int]] = []
    for item_id, item, names in items:
        by_id[item_id] = item
        for phrase, tier in names.items():
            key = _term_key(phrase)
            if key and tier > exact[key].get(item_id, 0):
                exact[key][item_id] = tier
            phrases.append((_words(phrase), item_id, tier))
    keys = tuple(dict.fromkeys((_term_key(p), item_id) for p, item_id, _tier in phrases))
    return _TermIndex(items=by_id, exact=dict(exact), phrases=tuple(phrases), keys=keys)


def _names(item_id: str, label: str, keywords: list[str], synonyms: list[str]) -> dict[str, int]:
    names: dict[str, int] = {}
    for phrases, tier in ((synonyms, _TIER_SYNONYM), (keywords, _TIER_KEYWORD)):
        names.update(dict.fromkeys(phrases, tier))
    names.update({item_id: _TIER_NAME, label: _TIER_NAME})
    # Labels like 'The "Four No\'s" defence policy' are also typed without the framing words.
    for quoted in re.findall(r'"([^"]+)"', label):
        names[quoted] = _TIER_NAME
    return names


def _named_index(kind: str, ref: Reference, items: Sequence[N]) -> _TermIndex[N]:
    """The term index of the reference's topics or positions, built once per reference."""
    return identity_cached(
        kind,
        (ref,),
        lambda: _build_term_index(
            (i.id, i, _names(i.id, i.label, i.keywords, i.synonyms)) for i in items
        ),
    )


def _topic_index(ref: Reference) -> _TermIndex[Topic]:
    return _named_index("topics", ref, ref.topics)


def _position_index(ref: Reference) -> _TermIndex[Position]:
    return _named_index("positions", ref, ref.positions)


def _phrases_within(index: _TermIndex[T], query: str, written: str) -> dict[str, int]:
    """Items with a phrase inside the query ("maritime cooperation" holds "maritime")."""
    strengths: dict[str, int] = {}
    marked = f" {_marked(written)} "
    for phrase, item_id, tier in index.phrases:
        if phrase and f" {phrase} " in f" {query} ":
            if len(phrase) <= MAX_ACRONYM and f" {phrase} " not in marked:
                continue  # "DOC" is not the "độc" of "chất độc da cam" (Agent Orange)
            # The longest, strongest phrase is the most specific reading of the query.
            strengths[item_id] = max(strengths.get(item_id, 0), tier * 1000 + len(phrase))
    return strengths


def _phrases_around(index: _TermIndex[T], query: str) -> dict[str, int]:
    """Items with a phrase containing the query ("peninsula" is in "Korean Peninsula")."""
    strengths: dict[str, int] = {}
    if len(query) < 4:
        return strengths
    for phrase, item_id, tier in index.phrases:
        if f" {query} " in f" {phrase} ":
            strengths[item_id] = max(strengths.get(item_id, 0), tier * 1000 - len(phrase))
    return strengths


def _label_holds(index: _TermIndex[T], item_id: str, query: str) -> bool:
    """Whether the item's id or label holds the query as whole words."""
    # Only a containment match in the label names the item outright: the label is the item's
    # own name, so each of its words points at it ("peninsula" in "Korean Peninsula"). Words of
    # keywords and synonyms often name something else: "Seoul" in the keyword "Seoul Defence
    # Dialogue" of multilateral fora means the city, so such a word only suggests the item.
    return any(
        owner == item_id and tier == _TIER_NAME and f" {query} " in f" {phrase} "
        for phrase, owner, tier in index.phrases
    )


def _resolve_terms(index: _TermIndex[T], query: str) -> Resolution[T]:
    """Exact phrase, then containment, then typo-tolerant match; ties yield suggestions."""
    items = index.items
    if not _term_key(query):
        return Resolution(query, suggestions=tuple(items.values()))
    words = _words(query)
    hits = index.exact.get(_term_key(query), {}) or _phrases_within(index, words, query)
    if not hits:
        wider = _phrases_around(index, words)
        if len(wider) == 1 and _label_holds(index, next(iter(wider)), words):
            return Resolution(query, match=items[next(iter(wider))])
        if wider:
            return Resolution(
                query, suggestions=_ids(items, sorted(wider, key=lambda i: -wider[i]))
            )
    if hits:
        order = sorted(hits, key=lambda i: -hits[i])
        if len(order) == 1 or hits[order[0]] > hits[order[1]]:
            return Resolution(query, match=items[order[0]], suggestions=_ids(items, order[1:]))
        return Resolution(query, suggestions=_ids(items, order))
    squashed = _term_key(query)
    scores: dict[str, float] = {}
    for key, item_id in index.keys:
        score = fuzz.ratio(squashed, key)
        scores[item_id] = max(scores.get(item_id, 0.0), score)
    order = sorted(scores, key=lambda i: -scores[i])
    if not order:
        return Resolution(query)
    leader = scores[order[0]]
    runner_up = scores[order[1]] if len(order) > 1 else 0.0
    if len(squashed) >= 4 and leader >= ACCEPT_SCORE and leader > runner_up:
        return Resolution(query, match=items[order[0]], suggestions=_ids(items, order[1:3]))
    return Resolution(query, suggestions=_ids(items, order[:MAX_SUGGESTIONS]))


def _ids(items: dict[str, T], ids: Iterable[str]) -> tuple[T, ...]:
    return tuple(items[i] for i in ids)


def resolve_topic(ref: Reference, query: str) -> Resolution[Topic]:
    """The topic `query` names (by id, label, keyword, synonym or near spelling)."""
    return _resolve_terms(_topic_index(ref), query)


def resolve_position(ref: Reference, query: str) -> Resolution[Position]:
    """The policy position `query` names ("four no's", "4 nos", "unclos", ...)."""
    return _resolve_terms(_position_index(ref), query)
