"""How a command is used, as a view: its usage line and what was wrong with the arguments."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.pages import Page
from bot.domain.briefings.views import UsageView
from bot.domain.commands.registry import catalogue


def usage(name: str, error: str | None = None, suggestions: tuple[Ref, ...] = ()) -> UsageView:
    """Usage of /`name`, with an error to show and things to pick from, if any."""
    spec = catalogue().get(name)
    return UsageView(
        command=name,
        usage=spec.usage if spec else f"/{name}",
        description=spec.description if spec else "",
        error=error,
        suggestions=suggestions,
    )


def past_the_end(name: str, page: Page) -> UsageView | None:
    """Usage of /`name` saying how many pages there are, when `page` is beyond the last."""
    if not page.past_end:
        return None
    there = "there is only 1 page" if page.count == 1 else f"there are {page.count} pages"
    return usage(name, f"Page {page.number} is past the end: {there}.")
