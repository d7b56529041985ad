"""Who said each sentence: one participant, one side, both sides, or the article's narration.

A sentence is credited to a person only when its subject (the words before its speech verb)
names exactly one participant, by full name, by a title and surname ("Minister Cho", "이
차관은") or by a given name the article uses ("Deputy Minister Chiến"); "He" or "She" carries on
the person credited in the sentence before. "Both sides", "hai bên", "양측" are both sides; "the
RoK side", "phía Việt Nam" one side. Anything less sure is left to the narration: a wrong
speaker is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.models import Country, Evidence, Participant, Person, Side
from bot.domain.register import hangul_key, is_hangul
from bot.domain.text import fold
from bot.ingest.extract.sides import DPRK, KOREA, VIETNAM

# Korean titles that may follow a surname used alone ("이 장관", "찌엔 차관").
_KO_TITLES = (
    "장관",
    "차관",
    "대통령",
    "총리",
    "부총리",
    "의장",
    "대사",
    "청장",
    "총장",
    "위원장",
    "서기장",
    "주석",
    "사령관",
    "실장",
    "차장",
    "국장",
    "대표",
    "부장",
)
_EN_VERB = re.compile(
    r"\b(?:said|says|stated|states|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|affirmed|"
    r"affirms|reaffirmed|noted|notes|highlighted|highlights|proposed|proposes|suggested|"
    r"suggests|expressed|expresses|thanked|thanks|conveyed|asked|asks|urged|urges|called|calls|"
    r"welcomed|welcomes|pledged|pledges|reiterated|hoped|hopes|wished|underlined|appreciated|"
    r"praised|informed|briefed|requested|requests|invited|extended|agreed|agree|vowed|added|"
    r"told|voiced|spoke|recalled|acknowledged|assured|wants|want|believed|believes|shared|"
    r"shares|reviewed|reviews|discussed|exchanged)\b"
)
_VI_VERB = re.compile(
    r"\b(?:cho\s+biết|khẳng\s+định|nhấn\s+mạnh|đề\s+nghị|bày\s+tỏ|cảm\s+ơn|mong\s+muốn|"
    r"đánh\s+giá|hoan\s+nghênh|đề\s+xuất|chia\s+sẻ|thông\s+báo|nêu\s+rõ|tin\s+tưởng|cam\s+kết|"
    r"chúc\s+mừng|gửi\s+lời|nhất\s+trí|đồng\s+ý|ghi\s+nhận|yêu\s+cầu|phát\s+biểu|cho\s+rằng|"
    r"trân\s+trọng|mời|khẳng\s+định|đã\s+trao\s+đổi|thống\s+nhất)\b",
    re.IGNORECASE,
)
_KO_VERB = re.compile(
    r"(?:밝혔|말했|강조했|요청했|제안했|당부했|평가했|설명했|전했|표명했|화답했|약속했|감사|"
    r"희망|기대|언급했|촉구했|공감했|합의했|논의했|환영했|지지)"
)
# Korean subjects: the words before a topic or subject particle at a clause start.
_KO_SUBJECT = re.compile(r"(?:^|[,.]\s*|고\s+|며\s+)(?P<subject>[^,.]{1,30}?)(?:은|는|이|가)\s")
_BOTH = re.compile(
    r"^(?:both\s+(?:sides|ministers|leaders|countries|officials|parties|deputy\s+ministers|"
    r"vice\s+ministers|men|sides')|the\s+two\s+(?:sides|ministers|leaders|countries|officials|"
    r"deputy\s+ministers|vice\s+ministers|chairs)|they|the\s+two|both)\b"
    r"|^(?:hai\s+bên|hai\s+bộ\s+trưởng|hai\s+thứ\s+trưởng|hai\s+nước|hai\s+lãnh\s+đạo)"
    r"|^(?:양측|양국|두\s*차관|두\s*장관|양\s*차관|양\s*장관|양국\s*\S+|두\s*정상|양\s*정상)",
    re.IGNORECASE,
)
_SIDE_WORDS = re.compile(
    r"\b(?:side|phía|official|minister|government|delegation|leader|FM|host|guest)\b|측|정부",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:he|she|ông|bà|ông\s+ấy|그는|그녀는)\b", re.IGNORECASE)
_MAX_SUBJECT = 160


@dataclass(frozen=True)
class Voice:
    """Who said a sentence: a person id, else a side, else (None, None) for narration."""

    said_by: str | None = None
    side: Side | None = None


class _Speakers:
    """Participants and the ways an article refers to each of them."""

    def __init__(self, participants: Sequence[Participant], people: Sequence[Person]) -> None:
        aliases = {p.id: p.aliases for p in people}
        self.full: list[tuple[tuple[str, ...], str]] = []
        self.hangul: list[tuple[str, str]] = []
        short: dict[str, set[str]] = {}
        for p in participants:
            for spelling in (p.name, *aliases.get(p.person_id, [])):
                if is_hangul(spelling):
                    key = hangul_key(spelling)
                    self.hangul.append((key, p.person_id))
                    # "찌엔 차관" (given name) and "이 차관" (surname) in Korean.
                    last = spelling.split()[-1]
                    short.setdefault(last if " " in spelling else key[:1], set()).add(p.person_id)
                    continue
                words = tuple(fold(spelling).split())
                if not words:
                    continue
                self.full.append((words, p.person_id))
                # Vietnamese names go by their last word, Korean ones by the surname.
                if p.country in ("VN", "KR") and len(words) > 1:
                    word = words[-1] if p.country == "VN" else words[0]
                    short.setdefault(word, set()).add(p.person_id)
        self.short = {k: next(iter(v)) for k, v in short.items() if len(v) == 1}

    def named(self, subject: str) -> set[str]:
        """Participants a subject phrase names."""
        found: set[str] = set()
        words = fold(subject).split()
        for alias, person_id in self.full:
            size = len(alias)
            if any(tuple(words[i : i + size]) == alias for i in range(len(words) - size + 1)):
                found.add(person_id)
        if is_hangul(subject):
            key = hangul_key(subject)
            found |= {pid for h, pid in self.hangul if h and h in key}
            tokens = subject.split()
            for i, token in enumerate(tokens):
                # A one-syllable surname ("이") is also a common word ("이 자리에서": "on this
                # occasion"): it names someone only beside a title ("이 장관", "김대통령",
                # "도 무오이서기장").
                glued = self.short.get(token[:1]) if token.endswith(_KO_TITLES) else None
                pid = self.short.get(token) or glued
                after = tokens[i + 1] if i + 1 < len(tokens) else ""
                titled = after.startswith(_KO_TITLES) or after.endswith(_KO_TITLES)
                if pid and ((len(token) > 1 and pid != glued) or titled or glued):
                    found.add(pid)
        if not found:
            # A short form counts only after a title or alone: "Deputy Minister Chiến", "Son".
            for word in words:
                pid = self.short.get(word)
                if pid and word[:1].isalpha():
                    found.add(pid)
        return found


def voices(
    sentences_: Sequence[str],
    lang: str,
    participants: Sequence[Participant],
    people: Sequence[Person],
) -> list[Voice]:
    """The voice of each sentence, in order."""
    speakers = _Speakers(participants, people)
    found: list[Voice] = []
    previous = Voice()
    for sentence in sentences_:
        voice = _voice(sentence, lang, speakers, previous)
        found.append(voice)
        previous = voice
    return found


def _voice(sentence: str, lang: str, speakers: _Speakers, previous: Voice) -> Voice:
    """Who says one sentence, or narration."""
    subjects = _subjects(sentence, lang)
    if not subjects:
        return Voice()
    persons: set[str] = set()
    sides: set[Side] = set()
    for subject in subjects:
        subject = subject.strip(" “”\"'‘’(")
        if _BOTH.match(subject):
            sides.add("both")
            continue
        if _PRONOUN.match(subject):
            if previous.said_by is None:
                return Voice()
            persons.add(previous.said_by)
            continue
        named = speakers.named(subject)
        if len(named) == 1:
            persons |= named
            continue
        if named:
            return Voice()
        side = _side(subject)
        if side is None:
            continue
        sides.add(side)
    if persons and not sides and len(persons) == 1:
        return Voice(said_by=next(iter(persons)))
    if sides and not persons and len(sides) == 1:
        return Voice(side=next(iter(sides)))
    return Voice()


def _subjects(sentence: str, lang: str) -> list[str]:
    """The subject phrases before the speech verbs of a sentence."""
    if lang == "ko":
        if not _KO_VERB.search(sentence):
            return []
        return [m["subject"] for m in _KO_SUBJECT.finditer(sentence)][:2]
    verb = (_VI_VERB if lang == "vi" else _EN_VERB).search(sentence)
    if verb is None or verb.start() > _MAX_SUBJECT:
        return []
    subject = sentence[: verb.start()]
    # A clause before the subject ("In his speech, ...", "Tại buổi tiếp, ...") is not it.
    return [re.split(r",\s+(?=\S)", subject.strip())[-1]] if subject.strip() else []


def _side(subject: str) -> Country | None:
    """The side a phrase such as "the RoK side" or "phía Việt Nam" speaks for."""
    if not _SIDE_WORDS.search(subject) or DPRK.search(subject):
        return None
    korea, vietnam = bool(KOREA.search(subject)), bool(VIETNAM.search(subject))
    if korea == vietnam:
        return None
    return "KR" if korea else "VN"


def attributed(evidence: Evidence, voice: Voice, lang: str | None) -> Evidence:
    """Evidence with its speaker, side and language."""
    return evidence.model_copy(update={"said_by": voice.said_by, "side": voice.side, "lang": lang})
