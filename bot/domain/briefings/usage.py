"""How a command is used, as a view: its usage line and what was wrong with the arguments."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.views import UsageView
from bot.domain.commands import COMMAND_BY_NAME


def usage(name: str, error: str | None = None, suggestions: tuple[Ref, ...] = ()) -> UsageView:
    """Usage of /`name`, with an error to show and things to pick from, if any."""
    spec = COMMAND_BY_NAME.get(name)
    return UsageView(
        command=name,
        usage=spec.usage if spec else f"/{name}",
        description=spec.description if spec else "",
        error=error,
        suggestions=suggestions,
    )
