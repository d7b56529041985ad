"""Sources and items as short lines of text, for `briefbot sources` and the admin commands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.watch.catalog import Watched
from bot.watch.models import ItemRecord, SourceState

MAX_ITEM_LINES = 20


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def status_of(spec_enabled: bool, state: SourceState) -> str:
    """One phrase: disabled, not checked yet, ok, failing or broken, with the last error."""
    if not spec_enabled:
        return "disabled"
    if state.broken:
        return f"BROKEN since {_when(state.failing_since)}: {state.last_error}"
    if state.last_error:
        return (
            f"failing since {_when(state.failing_since)} ({state.failures}×): "
            f"{state.last_error}; next try {_when(state.next_due)}"
        )
    if state.last_checked is None:
        return "not checked yet"
    return f"ok, checked {_when(state.last_checked)}"


def source_lines(watched: Sequence[Watched]) -> list[str]:
    """One line per source: id, outlet, language and kind, status, counts."""
    if not watched:
        return ["No sources are watched. Add one with /addsource <url>."]
    lines = []
    for w in watched:
        spec, state = w.spec, w.state
        mine = ", added by an operator" if spec.origin == "operator" else ""
        counts = f" · {state.kept} kept, {state.refused} refused" if state.last_ok else ""
        lines.append(
            f"{spec.id} — {spec.name} ({spec.language}, {spec.kind}{mine}): "
            f"{status_of(spec.enabled, state)}{counts}"
        )
    return lines


def item_lines(items: Sequence[ItemRecord], limit: int = MAX_ITEM_LINES) -> list[str]:
    """The newest items: kept or refused, title, URL, and why."""
    if not items:
        return ["No items seen yet."]
    lines = []
    for item in items[:limit]:
        title = item.title or "(no title)"
        why = f" — {item.reason}" if item.reason else ""
        lines.append(f"{item.outcome}: {title} <{item.url}>{why}")
    if len(items) > limit:
        lines.append(f"… and {len(items) - limit} older item(s).")
    return lines
