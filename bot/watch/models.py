"""What the watcher keeps: each source's definition and state, and each item it has seen."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.domain.models import Language
from bot.watch.netsafety import url_problem

SourceKind = Literal["feed", "listing"]
Outcome = Literal["kept", "refused"]
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MIN_INTERVAL, MAX_INTERVAL = 60.0, 7 * 86400.0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_assignment=True)


class SourceSpec(_Model):
    """One source to watch: a feed (RSS, Atom) or a listing page whose links are articles."""

    id: str
    name: str = Field(min_length=1, max_length=100)
    language: Language
    url: str = Field(max_length=2000)
    kind: SourceKind = "feed"
    include: list[str] = Field(default_factory=list)  # any of these, when given, must occur
    exclude: list[str] = Field(default_factory=list)  # none of these may occur
    enabled: bool = True
    interval: float | None = Field(default=None, ge=MIN_INTERVAL, le=MAX_INTERVAL)
    origin: Literal["default", "operator"] = "default"

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        """Lower-case letters, digits and dashes: ids are typed in commands."""
        if not SOURCE_ID.match(value):
            raise ValueError(f"source id {value!r}: use lower-case letters, digits and dashes")
        return value

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        """Only http(s) URLs with a host."""
        problem = url_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("include", "exclude")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        """Keywords are matched case-insensitively; blanks mean nothing."""
        return [k.strip() for k in value if k.strip()]


class SourceState(_Model):
    """How a source's polling went: validators for conditional GET, errors and back-off."""

    etag: str | None = None
    last_modified: str | None = None
    validators_for: str | None = None  # the URL the validators belong to
    last_checked: datetime | None = None
    last_ok: datetime | None = None
    last_error: str | None = Field(default=None, max_length=300)
    failing_since: datetime | None = None
    failures: int = Field(default=0, ge=0)
    next_due: datetime | None = None
    broken: bool = False
    kept: int = Field(default=0, ge=0)
    refused: int = Field(default=0, ge=0)


class SourceRecord(_Model):
    """A source's row in the store: an operator's definition (or a removed default) and state."""

    spec: SourceSpec | None = None  # operator-added sources only; defaults live in sources.yaml
    removed: bool = False  # a default source the operator removed
    state: SourceState = Field(default_factory=SourceState)


class ItemRecord(_Model):
    """One item a source listed, and what became of it, so it is never fetched twice."""

    source_id: str
    url: str = Field(max_length=2000)
    title: str | None = Field(default=None, max_length=500)
    content_hash: str | None = None
    outcome: Outcome
    reason: str | None = Field(default=None, max_length=300)
    dialogue_id: str | None = None
    when: datetime
