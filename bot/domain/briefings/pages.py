"""Long list briefings cut into pages, each ending with how many more there are and a link on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.domain.briefings.blocks import Ref

T = TypeVar("T")

PAGE_DIALOGUES = 8  # /topic, /position, /person: dialogues with their sentences
PAGE_LINES = 15  # /timeline: one line per dialogue
PAGE_SENTENCES = 10  # /search


@dataclass(frozen=True)
class Page:
    """Which slice of a long list a briefing shows, and the command that lists it."""

    number: int
    size: int
    total: int
    command: str  # without the slash or the page, e.g. "topic maritime"
    noun: str = "dialogue"

    @property
    def count(self) -> int:
        """How many pages the list has (one when it is empty)."""
        return max(1, -(-self.total // self.size))

    @property
    def remaining(self) -> int:
        """Items after this page."""
        return max(0, self.total - self.number * self.size)

    @property
    def past_end(self) -> bool:
        """True when the page asked for is beyond the last one."""
        return self.number > self.count

    @property
    def bounds(self) -> tuple[int, int]:
        """Where this page's share of the list starts and ends (a slice's start and stop)."""
        start = (self.number - 1) * self.size
        return start, start + self.size

    def cut(self, items: Sequence[T]) -> tuple[T, ...]:
        """This page's share of `items`."""
        start, stop = self.bounds
        return tuple(items[start:stop])

    def command_for(self, number: int) -> str:
        """The command (without the slash) that shows page `number`."""
        # Page 1 is named too: paging back is not asking afresh (no second /timeline chart).
        return f"{self.command} page {number}"

    @property
    def next(self) -> Ref | None:
        """A link to the next page, when there is one."""
        if not self.remaining:
            return None
        number = self.number + 1
        return Ref("command", self.command_for(number), f"Next page ({number}/{self.count}) ▶")

    @property
    def previous(self) -> Ref | None:
        """A link to the page before, when this is not the first."""
        if self.number == 1 or self.past_end:
            return None
        return Ref("command", self.command_for(self.number - 1), f"◀ Page {self.number - 1}")

    @property
    def links(self) -> tuple[Ref, ...]:
        """Next, then previous: the buttons that move through the list."""
        return tuple(r for r in (self.next, self.previous) if r is not None)
