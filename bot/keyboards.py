"""Inline keyboards that lead from a briefing to related briefings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.domain.briefings import ListView, NotFoundView, Ref, UsageView, View

MAX_BUTTONS = 8  # related briefings under a briefing
MAX_CHOICES = 24  # a list to pick from (bare /person, "did you mean"): every item it names
BUTTONS_PER_ROW = 2
MAX_LABEL = 30
CALLBACK_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # bytes
# Views whose links are the very list the text offers to pick from: every item gets a button.
CHOICE_VIEWS = (UsageView, NotFoundView, ListView)


def _label(ref: Ref) -> str:
    text = ref.label if len(ref.label) <= MAX_LABEL else ref.label[: MAX_LABEL - 1] + "…"
    return text


def _every_kind(refs: Sequence[Ref], limit: int) -> list[Ref]:
    """The first `limit` refs, except that each kind keeps its first one; order is kept."""
    # Without this, a briefing with many topics leaves its positions or sources buttonless.
    if len(refs) <= limit:
        return list(refs)
    first_of_kind: dict[str, int] = {}
    for index, ref in enumerate(refs):
        first_of_kind.setdefault(ref.kind, index)
    kept = set(list(first_of_kind.values())[:limit])
    for index in range(len(refs)):
        if len(kept) == limit:
            break
        kept.add(index)
    return [refs[index] for index in sorted(kept)]


def keyboard_for(refs: Iterable[Ref], *, limit: int = MAX_BUTTONS) -> InlineKeyboardMarkup | None:
    """Buttons whose callback data is the command that opens the related briefing."""
    fitting = [ref for ref in refs if len(ref.command.encode()) <= CALLBACK_LIMIT]
    buttons = [
        InlineKeyboardButton(_label(ref), callback_data=ref.command)
        for ref in _every_kind(fitting, limit)
    ]
    if not buttons:
        return None
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


def briefing_keyboard(view: View) -> InlineKeyboardMarkup | None:
    """The buttons under a briefing: each choice it offers, else its first few related ones."""
    limit = MAX_CHOICES if isinstance(view, CHOICE_VIEWS) else MAX_BUTTONS
    return keyboard_for(view.links, limit=limit)
