"""What list briefings share about a period: commands that keep it, and "nothing in it"."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.views import NotFoundView
from bot.domain.periods import Period


def with_period(command: str, period: Period | None) -> str:
    """A command (no slash) that keeps the period, so page buttons stay in it: "topic x 2024"."""
    return f"{command} {period.token}" if period is not None else command


def nothing_in(subject: str, command: str, period: Period) -> NotFoundView:
    """No dialogue of `subject` in `period`: says so and offers the same briefing, every year."""
    return NotFoundView(
        kind="period",
        query=f"{subject}, {period.label}",
        suggestions=(Ref("command", command, f"/{command}"),),
    )
