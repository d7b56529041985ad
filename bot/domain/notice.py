"""Short status replies: subscriptions, permissions, uploads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.domain.briefings import Ref, View


@dataclass(frozen=True)
class NoticeView(View):
    """A short status reply (subscriptions, permissions, uploads), always escaped."""

    template: ClassVar[str] = "notice.html.j2"
    lines: tuple[str, ...]
    title: str | None = None
    suggestions: tuple[Ref, ...] = ()

    @property
    def links(self) -> tuple[Ref, ...]:
        """Buttons to related briefings, if any."""
        return self.suggestions
