"""Whether an article reports a Vietnam–RoK dialogue at all, so stray text files are refused.

An article must name both countries, and either its lead names a dialogue mechanism or someone
takes part under a title ("Minister …", "RoK counterpart …"): a page that merely mentions a
known name, such as a README, reports no meeting.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import Participant
from bot.domain.text import fold

# Folded, space-padded names of each side; one of each must occur somewhere in the article.
_VIETNAM = (" vietnam ", " viet nam ", " vietnamese ")
_KOREA = (" korea ", " korean ", " rok ")


def missing_sides(clean: str) -> str | None:
    """Why the text is not about Vietnam and Korea, or None; cheap, so it runs first."""
    folded = f" {fold(clean)} "
    if any(n in folded for n in _VIETNAM) and any(n in folded for n in _KOREA):
        return None
    return "it does not mention both Vietnam and Korea"


def missing_meeting(mechanism: str | None, participants: Sequence[Participant]) -> str | None:
    """Why the extraction shows no meeting, or None."""
    if mechanism is None and not any(p.role for p in participants):
        return "it names no dialogue mechanism and no official taking part"
    return None
