"""Spellings that name one thing (the register's people, spellings.yaml): one search finds all."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.domain.models import Person
from bot.domain.text import fold, squash
from bot.resources import REFERENCE

SPELLINGS_FILE = REFERENCE / "spellings.yaml"
Words = tuple[str, ...]
# Korean particles written onto a noun ("베트남과", "한국은"), longest first.
_PARTICLE_LIST = (
    "은 는 이 가 을 를 과 와 의 에 도 로 으로 에서 에게 까지 부터 만 와의 과의 에서의 이랑 랑"
)
_PARTICLES = sorted(_PARTICLE_LIST.split(), key=len, reverse=True)
_SYLLABLE = re.compile(r"[가-힣]")
# The particles folded, as they follow a folded Hangul name ("hangug" + "eun"), longest first.
FOLDED_PARTICLES = tuple(sorted({fold(p) for p in _PARTICLES}, key=len, reverse=True))


def korean_stem(word: str) -> str | None:
    """A Hangul word without the particle it ends in, if at least two syllables remain."""
    for particle in _PARTICLES:
        stem = word.removesuffix(particle)
        if stem != word and len(stem) >= 2 and all(_SYLLABLE.fullmatch(c) for c in stem):
            return stem
    return None


@dataclass(frozen=True)
class Equivalents:
    """Squashed spelling -> every spelling of the same thing, as folded words."""

    groups: dict[str, tuple[Words, ...]]
    longest: int  # most words in one spelling: how far a query is scanned for one
    hangul: frozenset[Words] = frozenset()  # spellings written in Hangul: a particle may follow

    @classmethod
    def of(cls, groups: Iterable[Sequence[str]]) -> Equivalents:
        """Index groups of spellings; a spelling in two different groups is left out of both."""
        owners: dict[str, set[int]] = {}
        members: list[list[Words]] = []
        hangul: set[Words] = set()
        for number, group in enumerate(groups):
            words = [tuple(fold(s).split()) for s in group]
            hangul.update(w for s, w in zip(group, words, strict=True) if _SYLLABLE.search(s))
            members.append([w for w in dict.fromkeys(words) if w])
            for spelling in members[-1]:
                owners.setdefault("".join(spelling), set()).add(number)
        single = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
        out = {
            key: tuple(w for w in members[number] if single.get("".join(w)) == number)
            for key, number in single.items()
        }
        out = {k: v for k, v in out.items() if len(v) > 1}
        longest = max((len(w) for v in out.values() for w in v), default=1)
        return cls(out, longest, frozenset(hangul))

    def names(self, text: str) -> bool:
        """Whether `text` (or the noun before its Korean particle) is a spelling of a group."""
        stem = korean_stem(text.strip())
        return squash(text) in self.groups or (stem is not None and squash(stem) in self.groups)

    def spellings(self, text: str) -> tuple[Words, ...]:
        """Every spelling of what `text` names, itself first; just itself when unknown."""
        own = tuple(fold(text).split())
        if not own:
            return ()
        known = self.groups.get(squash(text), ())
        stem = korean_stem(text.strip())
        # "베트남과" ("with Vietnam") is also "베트남", and so every spelling of Vietnam.
        more = self.spellings(stem) if stem else ()
        return tuple(dict.fromkeys((own, *known, *more)))


def load_groups(path: Path = SPELLINGS_FILE) -> list[list[str]]:
    """The groups of spellings.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [[str(s) for s in group] for group in data]


def equivalents(people: Iterable[Person], path: Path = SPELLINGS_FILE) -> Equivalents:
    """The file's groups plus each person's name and aliases."""
    groups = load_groups(path)
    groups.extend([p.name, *p.aliases] for p in people)
    return Equivalents.of(groups)
