"""Spellings that name one thing (the register's people, spellings.yaml): one search finds all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.domain.models import Person
from bot.domain.text import fold, squash
from bot.resources import REFERENCE

SPELLINGS_FILE = REFERENCE / "spellings.yaml"
Words = tuple[str, ...]


@dataclass(frozen=True)
class Equivalents:
    """Squashed spelling -> every spelling of the same thing, as folded words."""

    groups: dict[str, tuple[Words, ...]]
    longest: int  # most words in one spelling: how far a query is scanned for one

    @classmethod
    def of(cls, groups: Iterable[Sequence[str]]) -> Equivalents:
        """Index groups of spellings; a spelling in two different groups is left out of both."""
        owners: dict[str, set[int]] = {}
        members: list[list[Words]] = []
        for number, group in enumerate(groups):
            words = [tuple(fold(s).split()) for s in group]
            members.append([w for w in dict.fromkeys(words) if w])
            for spelling in members[-1]:
                owners.setdefault("".join(spelling), set()).add(number)
        single = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
        out = {
            key: tuple(w for w in members[number] if single.get("".join(w)) == number)
            for key, number in single.items()
        }
        out = {k: v for k, v in out.items() if len(v) > 1}
        return cls(out, max((len(w) for v in out.values() for w in v), default=1))

    def spellings(self, text: str) -> tuple[Words, ...]:
        """Every spelling of what `text` names, itself first; just itself when unknown."""
        own = tuple(fold(text).split())
        known = self.groups.get(squash(text), ())
        return tuple(dict.fromkeys((own, *known))) if own else ()


def load_groups(path: Path = SPELLINGS_FILE) -> list[list[str]]:
    """The groups of spellings.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [[str(s) for s in group] for group in data]


def equivalents(people: Iterable[Person], path: Path = SPELLINGS_FILE) -> Equivalents:
    """The file's groups plus each person's name and aliases."""
    groups = load_groups(path)
    groups.extend([p.name, *p.aliases] for p in people)
    return Equivalents.of(groups)
