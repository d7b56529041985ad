"""What list briefings share about a period: commands that keep it, "nothing in it", the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.pages import PAGE_DIALOGUES, Page
from bot.domain.briefings.usage import past_the_end
from bot.domain.briefings.variants import CALLBACK_LIMIT, sized
from bot.domain.briefings.views import NotFoundView, UsageView
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue
from bot.domain.periods import Period


def with_period(command: str, period: Period | None) -> str:
    """A command (no slash) that keeps the period, so page buttons stay in it: "topic x 2024"."""
    return f"{command} {period.token}" if period is not None else command


def dated(refs: Iterable[Ref], period: Period | None) -> tuple[Ref, ...]:
    """`refs` whose buttons keep the period asked for: "/person x 2024" for a dated /person."""
    if period is None:
        return tuple(refs)
    narrowed = (replace(r, period=period.token) for r in refs)
    # Button data has 64 bytes: one that cannot keep the period opens every year, not nothing.
    return tuple(
        r if len(r.command.encode()) <= CALLBACK_LIMIT else replace(r, period="") for r in narrowed
    )


def unmatched(
    kind: str,
    query: str,
    close: Iterable[Ref],
    period: Period | None,
    hint: str,
    *,
    ambiguous: bool = False,
) -> NotFoundView:
    """No `kind` (or several) named by `query`: the close ones, whose buttons keep the period."""
    return NotFoundView(
        kind=kind, query=query, hint=hint, suggestions=dated(close, period), ambiguous=ambiguous
    )


def nothing_in(subject: str, command: str, period: Period) -> NotFoundView:
    """No dialogue of `subject` in `period`: says so and offers the same briefing, every year."""
    return NotFoundView(
        kind="period",
        query=f"{subject}, {period.label}",
        suggestions=(Ref("command", command, f"/{command}"),),
    )


@dataclass(frozen=True)
class Listing:
    """A subject's dialogues in a period, and the page of them a briefing shows."""

    dialogues: Sequence[Dialogue]  # on every page
    page: Page
    command: str  # with the period, without size or page: "topic maritime 2024"

    @property
    def shown(self) -> tuple[Dialogue, ...]:
        """This page's dialogues."""
        return self.page.cut(self.dialogues)


def listing(
    corpus: Corpus,
    dialogues: Sequence[Dialogue],
    subject: str,
    command: str,
    number: int,
    period: Period | None,
    *,
    size: int = PAGE_DIALOGUES,
    order: Callable[[Dialogue], Any] | None = None,
    full: bool = False,
) -> Listing | NotFoundView | UsageView:
    """Page `number` of those of `dialogues` in `period`, as `command` lists them ("topic x")."""
    # None in the period says so; a page past the last gives the usage.
    within = corpus.within(period, dialogues)
    if order is not None:
        # After picking the period's out: a lazy corpus parses only those.
        within = sorted(within, key=order)
    if period is not None and not within:
        return nothing_in(subject, command, period)
    listed = with_period(command, period)
    # A full page's buttons keep it full.
    page = Page(number, size, len(within), sized(listed, full=full, paged=True))
    return past_the_end(command.split(maxsplit=1)[0], page) or Listing(within, page, listed)
