"""Finding where a sentence writes a person's name: reference aliases and unknown names."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from bot.domain.reference import Reference
from bot.domain.register import Spellings, alias_index, is_hangul
from bot.domain.text import MAX_PERSON_ID, fold, short_slug, squash
from bot.ingest.extract.words import word_list

# Capitalised words that are never part of a person's name.
_NOT_NAME = frozenset(
    fold(word)
    for word in word_list(
        "Minister Ministry Deputy Vice First Second Permanent Senior Lieutenant General Gen "
        "Major Colonel Admiral Secretary President Prime Foreign Affairs Defence Defense National "
        "Party Communist Central Committee Government Assembly Republic Korea Korean Vietnam "
        "Vietnamese Viet Việt RoK South North ASEAN United Nations UN Army People Navy Air "
        "Force Forces Chairman Chair Director Ambassador Embassy Office State Security Public "
        "Commander Chief Spokesperson Speaker The His Her Their Both In On At During Regarding "
        "Hanoi Seoul January February March April May June July August September October "
        "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
        "Commission Committee Council Agency Department Bureau Institute Academy Association "
        "Corporation Group University Operations Centre Center Forum Summit Conference Naval "
        "Boundary Border Guard Coast Police Ministry's Photo VNA Yonhap KCNA"
    )
)
# Vietnamese titles, bodies and places written capitalised, lower-cased in a working copy so
# they never join a name ("Thứ trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min" -> "Park Jae-Min").
_VI_NOT_NAME = re.compile(
    r"\b(?:Việt\s+Nam|Hàn\s+Quốc|Nam\s+Hàn|Triều\s+Tiên|Hà\s+Nội|Hồ\s+Chí\s+Minh|Liên\s+hợp\s+quốc"
    r"|Bộ\s+Quốc\s+phòng|Bộ\s+Ngoại\s+giao|Bộ\s+Công\s+[Aa]n|Công\s+[Aa]n|Bộ\s+trưởng|Thứ\s+trưởng"
    r"|(?:Phó\s+)?Thủ\s+tướng|(?:Phó\s+)?Chủ\s+tịch|(?:Phó\s+)?Tổng\s+thống|Tổng\s+Bí\s+thư"
    r"|(?:Thượng|Đại|Trung|Thiếu)\s+tướng|Đô\s+đốc|Đại\s+sứ|Đại\s+tá|Ủy\s+viên|Trung\s+ương"
    r"|Bộ\s+Chính\s+trị|Quân\s+ủy|Đảng|Quốc\s+hội|Chính\s+phủ|Nhà\s+nước|Cảnh\s+sát\s+biển"
    r"|Tư\s+lệnh|Tổng\s+cục|Cục|Học\s+viện|Quân\s+khu|Quân\s+đội|Nhân\s+dân|Đoàn\s+đại\s+biểu|Ngài|Ông|Bà"
    r"|Đối\s+thoại|Hội\s+nghị|Hội\s+đàm|Trung\s+tâm|Tại|Ngày|Hôm|Sáng|Chiều|Theo|Hai\s+bên|Trong|Về"
    r"|Thành\s+phố|Seoul|Bình\s+Nhưỡng|Đông\s+Nam\s+Á|ASEAN|TTXVN|Ảnh)\b"
)
_POSSESSIVE = re.compile(r"[’']s$")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_WORD = re.compile(r"[^\W_]+")
_MAX_NAME_WORDS = 4
_FUZZY_NAME = 92


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> tuple[str, ...]:
    # Words recur across sentences and articles: each is transliterated once.
    return tuple(fold(word).split())


@lru_cache(maxsize=1 << 16)
def _latin_word(word: str) -> tuple[str, ...]:
    # Hangul words are matched by _hangul_spans, not by their transliteration.
    return () if is_hangul(word) else _fold_word(word)


def _folded_words(sentence: str) -> list[tuple[str, int, int]]:
    """Folded words of a sentence with their character spans in the original."""
    words: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(sentence):
        folded = _latin_word(match[0])
        if folded:
            words.extend((w, match.start(), match.end()) for w in folded)
    return words


def reference_spans(sentence: str, spellings: Spellings) -> list[tuple[int, int, str]]:
    """Spans where a reference name or alias is written, as (start, end, person id)."""
    spans: list[tuple[int, int, str]] = []
    words = _folded_words(sentence)
    keys = [w for w, _, _ in words]
    for i, key in enumerate(keys):
        for alias, person_id in spellings.latin.get(key, ()):
            size = len(alias)
            if tuple(keys[i : i + size]) != alias:
                continue
            start, end = words[i][1], words[i + size - 1][2]
            # Names are capitalised; "to Lam Dong" is not "To Lam".
            first = sentence[start]
            if first.isalpha() and first.isascii() and not first.isupper():
                continue
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, person_id))
            break
    if spellings.hangul and is_hangul(sentence):
        spans.extend(_hangul_spans(sentence, spellings, spans))
    return sorted(spans)


def _hangul_spans(
    sentence: str, spellings: Spellings, taken: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Hangul spellings written in a sentence, spaces ignored ("응웬치빙" = "응웬 치 빙")."""
    letters = [(i, c) for i, c in enumerate(sentence) if c.isalnum()]
    text = "".join(c for _, c in letters)
    found: list[tuple[int, int, str]] = []
    for key in spellings.hangul_longest_first:
        at = text.find(key)
        while at >= 0:
            start, end = letters[at][0], letters[at + len(key) - 1][0] + 1
            # A name starts a word: "김선호" but not the tail of "이김선호".
            before = sentence[start - 1] if start else " "
            clear = all(end <= s or start >= e for s, e, _ in [*taken, *found])
            if not is_hangul(before) and clear:
                found.append((start, end, spellings.hangul[key]))
            at = text.find(key, at + 1)
    return found


def name_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of 2-4 capitalised words, separated by single spaces, that could be a name."""
    sentence = _VI_NOT_NAME.sub(lambda m: m[0].lower(), sentence)
    runs: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        if 2 <= len(current) <= _MAX_NAME_WORDS:
            last = current[-1]
            # "Vo Van Thuong's" is Vo Van Thuong.
            end = last.start() + len(_POSSESSIVE.sub("", last[0]))
            runs.append((current[0].start(), end))
        current.clear()

    for token in _NAME_TOKEN.finditer(sentence):
        word = token[0]
        parts = _fold_word(word)
        # A hyphenated given name ("In-Mu") is a name unless every part is not ("Vietnam-RoK").
        excluded = set(parts) <= _NOT_NAME if "-" in word else bool(_NOT_NAME.intersection(parts))
        is_name = word[0].isupper() and not excluded
        joined = bool(current) and sentence[current[-1].end() : token.start()] == " "
        if is_name and (joined or not current):
            current.append(token)
            continue
        close()
        if is_name:
            current.append(token)
    close()
    return runs


def new_person_id(name: str, reference: Reference) -> str:
    """The reference id for a spelling close to a known name, else a (short) slug of the name."""
    spellings = alias_index(reference)
    exact = spellings.find(name)
    if exact is not None:
        return exact
    key = squash(name)
    surname = fold(name).split()[:1]
    for other, person_id in spellings.by_surname.get(surname[0], []) if surname else []:
        if fuzz.ratio(key, other) >= _FUZZY_NAME:
            return person_id
    return short_slug(name, MAX_PERSON_ID)
