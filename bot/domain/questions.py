"""Plain questions ("What did Vietnam say about the East Sea?") read as a briefing command.

Matching is against the register only: people (names and aliases), topics, positions,
mechanisms and years, in English, Vietnamese (with or without diacritics) and a little Korean.
One clear reading gives a command; none, or several equally good, give up to three choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.in_period import dated, with_period
from bot.domain.caching import identity_cached
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Person
from bot.domain.periods import Period, split_period
from bot.domain.reference import Mechanism, Reference
from bot.domain.register import is_hangul
from bot.domain.resolve import (
    known_people,
    resolve_person,
    resolve_position,
    resolve_topic,
)
from bot.domain.text import fold

MAX_CHOICES = 3
MAX_QUESTION = 300  # characters read; a question is a sentence, not an article
MAX_NAME_WORDS = 4
# Briefings that take a period after their argument ("/topic maritime 2024"): a question's year
# or period is kept for these.
YEAR_AWARE = frozenset({"topic", "position", "person", "series"})
FUZZY_WORD = 85  # a misspelt word ("maritme") still points at its topic or person
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# The word just before a year that makes it the time asked about, in English and Vietnamese.
_TIME_WORD = re.compile(
    r"(?:\b(?:in|during|since|from|after|before|until|till|through|between|and|to|of|năm|nam"
    r"|từ|tu|đến|den|trước|truoc|sau|tới|toi)\s+|[-–]\s*)$",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\b([1-9]|10)\b")

# Vietnamese (folded) and Korean words for register terms, put into English before matching.
_GLOSSARY: dict[str, str] = {
    "an ninh hang hai": "maritime security",
    "hang hai": "maritime",
    "hai quan": "navy",
    "canh sat bien": "coast guard",
    "bien dong": "east sea",
    "an ninh mang": "cyber security",
    "khong gian mang": "cyber",
    "quan y": "military medicine",
    "hau qua chien tranh": "war legacy",
    "chien tranh": "war legacy",
    "bom min": "bombs mines",
    "chat doc da cam": "agent orange",
    "da cam": "agent orange",
    "gin giu hoa binh": "peacekeeping",
    "cong nghiep quoc phong": "defence industry",
    "dao tao": "training",
    "giao duc": "education",
    "thuong mai": "trade",
    "dau tu": "investment",
    "ban dao trieu tien": "korean peninsula",
    "trieu tien": "north korea",
    "phi hat nhan hoa": "denuclearisation",
    "hat nhan": "nuclear",
    "an ninh phi truyen thong": "non traditional security",
    "khung bo": "terrorism",
    "cuop bien": "piracy",
    "tinh bao": "intelligence",
    "giao luu nhan dan": "people to people",
    "du lich": "tourism",
    "bon khong": "four nos",
    "4 khong": "four nos",
    "sach trang quoc phong": "white paper",
    "doi thoai chinh sach quoc phong": "defence policy dialogue",
    "doi thoai chien luoc quoc phong": "strategic defence dialogue",
    "tham cap nha nuoc": "state visit",
}
_KOREAN: dict[str, str] = {
    "남중국해": " south china sea ",
    "남해": " east sea ",
    "해양안보": " maritime security ",
    "해양": " maritime ",
    "사이버": " cyber ",
    "방위산업": " defence industry ",
    "방산": " defence industry ",
    "평화유지": " peacekeeping ",
    "비핵화": " denuclearisation ",
    "한반도": " korean peninsula ",
    "교육훈련": " training ",
    "국방정책실무회의": " defence policy dialogue ",
    "국방정책": " defence policy dialogue ",
    "전략대화": " strategic dialogue ",
    "국빈방문": " state visit ",
    "최신": " latest ",
    "최근": " latest ",
    "뉴스": " news ",
    "누구": " who is ",
    "입장": " stance ",
    "뭐라고": " say ",
    "만났": " meet ",
    "회담": " talks ",
    "언제": " when ",
    "마지막": " last ",
    "도움말": " help ",
}

# Intents, as folded word sequences (English, Vietnamese without diacritics).
_SAY = (
    "say",
    "said",
    "says",
    "stance",
    "position",
    "view",
    "views",
    "think",
    "stand on",
    "opinion",
    "noi gi",
    "noi ve",
    "lap truong",
    "quan diem",
    "phat bieu",
)
_MEET = (
    "meet",
    "met",
    "meeting",
    "meetings",
    "talks",
    "talked",
    "visit",
    "visited",
    "gap",
    "hoi dam",
    "tiep",
)
_RECENT = (
    "last",
    "latest",
    "recent",
    "recently",
    "newest",
    "lan cuoi",
    "gan day",
    "gan nhat",
    "moi nhat",
)
_WHEN = ("when", "khi nao", "bao gio", "luc nao")
_WHO = ("who is", "who s", "who was", "who are", "tell me about", "ai la", "la ai", "la nguoi")
_NEWS = (
    "news",
    "latest",
    "what s new",
    "whats new",
    "anything new",
    "updates",
    "tin moi",
    "tin tuc",
    "moi nhat",
    "co gi moi",
)
_HELP = ("help", "what can you do", "how do i", "commands", "giup", "huong dan", "tro giup")
_GREETING = ("hi", "hello", "hey", "good morning", "xin chao", "chao", "chao ban", "start")
_WHAT_HAPPENED = ("what happened", "timeline", "chuyen gi", "dien ra", "su kien")
_LISTS = (
    (("topics", "chu de"), "/topics"),
    (("positions", "policies", "cac lap truong"), "/positions"),
    (("people", "persons", "who s who", "officials", "nhan vat"), "/people"),
)
# Words that may be name parts but in a sentence are almost always something else; such a word
# names a person only when written with a capital.
_LOWERCASE_WORDS = frozenset({"to", "son", "lam", "vu", "ho", "chien", "vinh", "kim", "lee"})
# Name parts that are everyday Vietnamese words (Việt, Nam, Hà, Hàn, Sơn, năm, trường, gặp …):
# a capital proves nothing (sentences and place names start with one), so on its own such a
# word is a name only when it is the whole message.
_EVERYDAY_WORDS = frozenset(
    {
        *("viet", "nam", "ha", "han", "son", "hai", "quoc", "trung", "hoa", "binh", "an"),
        *("truong", "tan", "sang", "gap", "tin", "thang", "tien", "ban", "dao", "quan", "nhan"),
        *("phong", "dung", "hung", "cuong", "long", "thanh", "minh", "duc", "chinh", "tam"),
    }
)
# Place names whose words are also name parts; read as one place, never as a person.
_PLACES = {
    "viet nam": "vietnam",
    "han quoc": "korea",
    "dai han": "korea",
    "trung quoc": "china",
    "ha noi": "hanoi",
    "nam trieu tien": "south korea",
}
# Both as word lists, the longest phrase first so it wins over the shorter ones inside it.
_RENAMES = tuple(
    (old.split(), new.split())
    for old, new in sorted(
        {**_PLACES, **_GLOSSARY}.items(), key=lambda kv: len(kv[0]), reverse=True
    )
)


@dataclass(frozen=True)
class Reading:
    """What a question asks for: one command, or up to three choices when it is unclear."""

    command: ParsedCommand | None = None
    choices: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class _Words:
    """The question as folded words, each with how it was written."""

    folded: tuple[str, ...]
    written: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.folded)


@dataclass(frozen=True)
class _Phrases:
    """The reference's phrases as questions are matched against them, each folded once."""

    mechanisms: tuple[tuple[Mechanism, tuple[str, ...]], ...]  # each series and its names
    topics: tuple[str, ...]  # every topic's label, keywords and synonyms
    topic_words: tuple[tuple[str, Ref], ...]  # each word of a topic's label and keywords

    @classmethod
    def of(cls, ref: Reference) -> _Phrases:
        """Folded from the reference data."""
        mechanisms = []
        for mechanism in ref.mechanisms:
            phrases = [fold(p) for p in mechanism.label.split("/")]
            phrases += [fold(p) for p in mechanism.patterns if re.fullmatch(r"[\w ,'-]+", p)]
            mechanisms.append((mechanism, tuple(p for p in phrases if p)))
        topics = (fold(p) for t in ref.topics for p in (t.label, *t.keywords, *t.synonyms))
        words = [
            (w, Ref("topic", t.id, t.label))
            for t in ref.topics
            for phrase in (t.label, *t.keywords)
            for w in fold(phrase).split()
        ]
        return cls(tuple(mechanisms), tuple(p for p in topics if p), tuple(words))


def _phrases(ref: Reference) -> _Phrases:
    # Questions come one at a time, but the phrases are the same for every one of them.
    return identity_cached("question-phrases", (ref,), lambda: _Phrases.of(ref))


@dataclass(frozen=True)
class _Names:
    """Everyone the corpus or reference knows and the folded words of their names."""

    people: tuple[Person, ...]  # most active first
    words: frozenset[str]  # every word of every name
    targets: tuple[tuple[str, Ref], ...]  # each word of a person's names, with the person

    @classmethod
    def of(cls, people: tuple[Person, ...]) -> _Names:
        """The names of `people`, folded."""
        targets = [(w, Ref("person", p.id, p.name)) for p in people for w in _name_tokens(p)]
        return cls(people, frozenset(w for w, _ref in targets), tuple(targets))


def _names(corpus: Corpus, ref: Reference) -> _Names:
    # Folding every name is most of a question's cost: once per corpus, not per question.
    return identity_cached(
        "question-names", (corpus, ref), lambda: _Names.of(known_people(corpus, ref))
    )


def _has(text: str, phrases: Iterable[str]) -> bool:
    """Whether the folded `text` holds one of the folded phrases as whole words."""
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def _words(raw: str) -> _Words:
    """Each written word with its folded form; Korean and Vietnamese terms put into English."""
    for korean, english in _KOREAN.items():
        raw = raw.replace(korean, english)
    written: list[str] = []
    folded: list[str] = []
    for word in re.split(r"[\s,.;:!?()\"“”«»]+", raw):
        for part in fold(word).split():
            written.append(word)
            folded.append(part)
    for old, new in _RENAMES:
        _replace(folded, written, old, new)
    return _Words(tuple(folded), tuple(written))


def _replace(folded: list[str], written: list[str], old: list[str], new: list[str]) -> None:
    """Replace every run of `old` words by `new` words, in place, in both lists."""
    i = 0
    while i <= len(folded) - len(old):
        if folded[i : i + len(old)] == old:
            folded[i : i + len(old)] = new
            written[i : i + len(old)] = new
            i += len(new)
        else:
            i += 1


def _name_tokens(person: Person) -> set[str]:
    """Folded words of a person's Latin-script names (Hangul ones are matched as written)."""
    return {
        t
        for name in (person.name, *person.aliases)
        if not is_hangul(name)
        for t in fold(name).split()
    }


def _in_dialogues(corpus: Corpus, person: Person) -> bool:
    return bool(corpus.by_person.get(person.id))


def _person_span(
    corpus: Corpus, ref: Reference, words: _Words, start: int, size: int
) -> tuple[Person | None, tuple[Person, ...]]:
    """The person words[start:start+size] name exactly (no typo guessing), or those it may name."""
    folded = words.folded[start : start + size]
    written = " ".join(words.written[start : start + size])
    # A capital says "name" mid-sentence only; a word sent on its own is meant as a name.
    as_name = len(words.folded) == 1 or (start > 0 and written[:1].isupper())
    alone = len(words.folded) == size
    if size == 1 and folded[0] in _LOWERCASE_WORDS and not as_name:
        return None, ()
    if size == 1 and not alone and (folded[0] in _EVERYDAY_WORDS or len(folded[0]) < 3):
        return None, ()
    found = resolve_person(corpus, " ".join(folded), ref)
    # One word of a sentence names only people with stored dialogues; someone known only from
    # the register needs more of their name, or a message that is nothing but the name.
    if found.match is not None:
        named = set(folded) <= _name_tokens(found.match)
        if named and (size > 1 or alone or _in_dialogues(corpus, found.match)):
            return found.match, ()
        return None, ()
    if found.ambiguous and all(set(folded) <= _name_tokens(p) for p in found.suggestions):
        if size > 1 or alone:
            return None, found.suggestions
        active = tuple(p for p in found.suggestions if _in_dialogues(corpus, p))
        return None, active
    return None, ()


def _find_people(
    corpus: Corpus, ref: Reference, raw: str, words: _Words
) -> tuple[list[Person], tuple[Person, ...], set[int]]:
    """People named in the question, people it may name ("Lee"), and the word positions used."""
    named: dict[str, Person] = {}
    maybe: tuple[Person, ...] = ()
    used: set[int] = set()
    names = _names(corpus, ref)
    # Names written in Hangul carry particles ("이종섭은"), so they are looked for as substrings.
    for person in names.people:
        for name in (person.name, *person.aliases):
            if is_hangul(name) and name in raw:
                named.setdefault(person.id, person)
    # Only runs of words that occur in some name are looked up: exact names, no typo guessing.
    name_words = names.words
    for size in range(MAX_NAME_WORDS, 0, -1):
        for start in range(len(words.folded) - size + 1):
            span = set(range(start, start + size))
            if span & used or not set(words.folded[start : start + size]) <= name_words:
                continue
            match, suggestions = _person_span(corpus, ref, words, start, size)
            if match is not None:
                named.setdefault(match.id, match)
                used |= span
            elif suggestions and not maybe:
                maybe = suggestions
                used |= span
    return list(named.values()), maybe, used


def _period(raw: str) -> Period | None:
    """The period a question names: "in 2019", "since 2020", "between 2019 and 2023"."""
    found = None
    for year in _YEAR.finditer(raw):
        # "the 2019 White Paper", "the 2030 target": a year naming a thing is no period. A year
        # counts after a word that makes it a time, with "년", or at the end of the question.
        after = raw[year.end() :]
        timed = (
            _TIME_WORD.search(raw[: year.start()])
            or after.lstrip().startswith("년")
            or not any(ch.isalnum() for ch in after)
        )
        if timed:
            # The period that ends on this year, if any: the last one the question names wins.
            found = split_period(raw[: year.end()], strict=False).period or found
    return found


def _in(period: Period | None, dialogue: Dialogue) -> bool:
    return period is None or period.holds(dialogue.date.year)


def _mechanism_dialogue(
    corpus: Corpus, ref: Reference, text: str, year: Period | None, person_id: str | None = None
) -> Ref | None:
    """The newest dialogue (in `year`, with `person_id`, if given) of a series the text names."""
    for mechanism, phrases in _phrases(ref).mechanisms:
        if not _has(text, phrases):
            continue
        # The series' own index: only its dialogues are read, newest first.
        for dialogue in corpus.by_mechanism.get(mechanism.id, ()):
            wanted = person_id is None or any(
                p.person_id == person_id for p in dialogue.participants
            )
            if wanted and _in(year, dialogue):
                return _dialogue_ref(dialogue)
    return None


def _dialogue_ref(dialogue: Dialogue) -> Ref:
    return Ref("dialogue", dialogue.id, dialogue.title[:60])


def _subject(ref: Reference, text: str, says: bool) -> tuple[Ref | None, tuple[Ref, ...]]:
    """The topic or position the text names; a stance question prefers the position."""
    if not text.strip():
        return None, ()
    topic = resolve_topic(ref, text)
    position = resolve_position(ref, text)
    position_match = position.match
    if says and position_match is None and topic.match is not None:
        # "What did Vietnam say about Biển Đông?": the topic's own name leads to the stance.
        bridge = resolve_position(ref, topic.match.id.replace("-", " "))
        position_match = bridge.match
    if position_match is not None and (says or topic.match is None):
        return Ref("position", position_match.id, position_match.label), ()
    if topic.match is not None:
        return Ref("topic", topic.match.id, topic.match.label), ()
    if topic.suggestions and _contains_any_phrase(ref, text):
        # Two topics named equally well ("south china sea" as a synonym of two): offer both.
        return None, tuple(Ref("topic", t.id, t.label) for t in topic.suggestions[:MAX_CHOICES])
    return None, ()


def _contains_any_phrase(ref: Reference, text: str) -> bool:
    """Whether a topic phrase is written out in the text (not merely a fuzzy neighbour)."""
    return _has(text, _phrases(ref).topics)


def _close_words(corpus: Corpus, ref: Reference, words: Iterable[str]) -> tuple[Ref, ...]:
    """Briefings with a name close to a misspelt word of the question, best first."""
    targets = (*_phrases(ref).topic_words, *_names(corpus, ref).targets)
    scored: dict[Ref, float] = {}
    for word in (w for w in words if len(w) >= 6):
        for target, item in targets:
            if len(target) >= 6:
                score = fuzz.ratio(word, target)
                if score >= FUZZY_WORD and score > scored.get(item, 0.0):
                    scored[item] = score
    return tuple(sorted(scored, key=lambda r: -scored[r])[:MAX_CHOICES])


def _command(text: str) -> ParsedCommand:
    parsed = parse_command(text)
    assert parsed is not None  # built here from a known command name
    return parsed


def _fallback(corpus: Corpus, ref: Reference, words: _Words) -> Reading:
    """No register entry named: say so with the closest briefings, or the usual starting points."""
    close = _close_words(corpus, ref, words.folded)
    return Reading(
        choices=close
        or (
            Ref("command", "latest", "Latest dialogue"),
            Ref("command", "topics", "All topics"),
            Ref("command", "people", "People"),
        )
    )


def _shared_dialogue(corpus: Corpus, people: list[Person], year: Period | None) -> Dialogue | None:
    """The newest dialogue (in `year`, if given) every one of these people took part in."""
    ids = [{d.id for d in corpus.by_person.get(p.id, ())} for p in people]
    common = set.intersection(*ids)
    return next((d for d in corpus.dialogues if d.id in common and _in(year, d)), None)


def _choices(refs: Iterable[Ref], year: Period | None) -> tuple[Ref, ...]:
    """Up to three choices; those of a briefing that takes a period keep the question's."""
    chosen = tuple(dict.fromkeys(refs))[:MAX_CHOICES]
    return tuple(dated((r,), year if r.kind in YEAR_AWARE else None)[0] for r in chosen)


def _person_reading(
    corpus: Corpus, person: Person, text: str, year: Period | None
) -> ParsedCommand:
    """/person, or the newest dialogue with them when asked when they last met someone."""
    in_year = corpus.within(year, corpus.by_person.get(person.id, ()))
    meets = _has(text, _MEET)
    if in_year and meets and (_has(text, _RECENT) or _has(text, _WHEN)):
        return _command(f"/dialogue {in_year[0].id}")
    # No meeting in the period asked about: their briefing of that period, which says so,
    # rather than a meeting from another year.
    return _command(with_period(f"/person {person.id}", year))


def read_question(corpus: Corpus, ref: Reference, question: str) -> Reading:
    """The briefing a plain-language question asks for, or up to three choices."""
    raw = question[:MAX_QUESTION].strip()
    words = _words(raw)
    text = words.text
    year = _period(raw)
    people, maybe_people, used = _find_people(corpus, ref, raw, words)
    rest = " ".join(
        w for i, w in enumerate(words.folded) if i not in used and not _YEAR.fullmatch(w)
    )
    says = _has(text, _SAY)
    subject, subject_choices = _subject(ref, rest, says)
    mechanism = _mechanism_dialogue(corpus, ref, rest, year)
    if mechanism is not None and len(people) == 1:
        # "Tô Lâm state visit": that person's newest dialogue of that series, when there is one.
        mechanism = _mechanism_dialogue(corpus, ref, rest, year, people[0].id) or mechanism
        if mechanism.id in {d.id for d in corpus.by_person.get(people[0].id, ())}:
            people = []
    if mechanism is not None and subject is not None and subject.kind == "topic":
        # "defence policy dialogue" also holds topic words; the series is the stronger reading.
        subject = None
    shared = _shared_dialogue(corpus, people, year) if len(people) > 1 else None
    if shared is not None and subject is None and mechanism is None:
        # "What did Lee Jae-myung and To Lam agree?": the newest dialogue they both attended.
        return Reading(_command(f"/dialogue {shared.id}"))
    found: list[Ref] = [Ref("person", p.id, p.name) for p in people]
    found += [r for r in (mechanism, subject) if r is not None]
    if len(found) > 1:
        return Reading(choices=_choices(found, year))
    if maybe_people or subject_choices:
        options = (*found, *(Ref("person", p.id, p.name) for p in maybe_people), *subject_choices)
        return Reading(choices=_choices(options, year))
    if people:
        return Reading(_person_reading(corpus, people[0], text, year))
    if found:
        only = found[0]
        return Reading(
            _command(with_period(only.command, year if only.kind in YEAR_AWARE else None))
        )
    return _without_entity(corpus, ref, words, year, says)


def _without_entity(
    corpus: Corpus, ref: Reference, words: _Words, year: Period | None, says: bool
) -> Reading:
    """Questions naming no person, topic, position or series: years, news, help, lists."""
    text = words.text
    if year is not None:
        return Reading(_command(with_period("/timeline", year)))
    if _has(text, _NEWS) or (_has(text, _RECENT) and not _has(text, _WHO)):
        count = _COUNT.search(text)
        return Reading(_command(f"/latest {count.group(1)}" if count else "/latest"))
    if _has(text, _HELP):
        return Reading(_command("/help"))
    if _has(text, _WHAT_HAPPENED):
        return Reading(_command("/timeline"))
    for words_for_list, listing in _LISTS:
        if _has(text, words_for_list):
            return Reading(_command(listing))
    if _has(text, _WHO) or _has(text, _MEET):
        return Reading(_command("/people"))
    if says:
        return Reading(_command("/positions"))
    if text in _GREETING or (len(words.folded) <= 2 and _has(text, _GREETING)):
        return Reading(_command("/start"))
    return _fallback(corpus, ref, words)
