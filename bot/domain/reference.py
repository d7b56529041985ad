"""Curated reference data from data/reference/*.yaml: topics, positions, mechanisms, people."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Self, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from bot.domain.models import Person
from bot.resources import REFERENCE

T = TypeVar("T")

DEFAULT_REFERENCE_DIR = REFERENCE


class Topic(BaseModel):
    """One entry of the topics taxonomy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    keywords: list[str]
    synonyms: list[str] = Field(default_factory=list)


class Position(BaseModel):
    """A policy position and its points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    origin: str
    points: list[str]
    keywords: list[str]
    synonyms: list[str] = Field(default_factory=list)


class Mechanism(BaseModel):
    """A dialogue mechanism and the phrases that name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    patterns: list[str]


class Reference(BaseModel):
    """All reference data, loaded once and shared read-only."""

    model_config = ConfigDict(frozen=True)

    topics: list[Topic]
    positions: list[Position]
    mechanisms: list[Mechanism]
    people: list[Person]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose lookups are built from its own lists, not carried over from this one."""
        copied = super().model_copy(update=update, deep=deep)
        for name, member in vars(Reference).items():
            if isinstance(member, cached_property):
                copied.__dict__.pop(name, None)
        return copied

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        """Topics keyed by id."""
        return {t.id: t for t in self.topics}

    @cached_property
    def position_by_id(self) -> dict[str, Position]:
        """Positions keyed by id."""
        return {p.id: p for p in self.positions}

    @cached_property
    def mechanism_by_id(self) -> dict[str, Mechanism]:
        """Mechanisms keyed by id."""
        return {m.id: m for m in self.mechanisms}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        """People keyed by id."""
        return {p.id: p for p in self.people}


def _load_list(path: Path, model: type[T]) -> list[T]:
    """Validate a YAML list file against `model`."""
    # libyaml's safe loader when built in: the same data, seven times faster (the register is
    # most of a cold start's reading).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    return TypeAdapter(list[model]).validate_python(data)  # type: ignore[valid-type]


REFERENCE_FILES = ("topics.yaml", "positions.yaml", "mechanisms.yaml", "people.yaml")


def load_reference(directory: Path = DEFAULT_REFERENCE_DIR) -> Reference:
    """The four reference files in `directory`, validated; read again only once they change."""
    stamps: list[tuple[int, int] | None] = []
    for name in REFERENCE_FILES:
        try:
            stat = (directory / name).stat()
        except OSError:
            stamps.append(None)  # reading it says what is wrong
        else:
            stamps.append((stat.st_mtime_ns, stat.st_size))
    return _read_reference(directory, tuple(stamps))


@lru_cache(maxsize=8)
def _read_reference(directory: Path, _stamps: tuple[object, ...]) -> Reference:
    # Frozen and shared: each caller (the bot, the terminal, every ingest worker) gets one object.
    return Reference(
        topics=_load_list(directory / "topics.yaml", Topic),
        positions=_load_list(directory / "positions.yaml", Position),
        mechanisms=_load_list(directory / "mechanisms.yaml", Mechanism),
        people=_load_list(directory / "people.yaml", Person),
    )
