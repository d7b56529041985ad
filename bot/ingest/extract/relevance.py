"""Whether an article reports a Vietnam–RoK meeting at all, so stray and decoy texts are refused.

An article must name both sides (in English, Vietnamese or Korean). Its lead (title and first
paragraphs) must not make North Korea or a third country the counterpart: a Vietnam–DPRK or a
Vietnam–Japan meeting that mentions the RoK in passing is not a Vietnam–RoK dialogue, while a
meeting of the two on the sidelines of ASEAN, APEC or the G20 is. Finally its lead names a
dialogue mechanism or someone takes part under a title: a page that merely mentions a known
name, such as a README, reports no meeting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.models import Participant
from bot.ingest.extract.sides import DPRK, KOREA, VIETNAM, count, third_countries

# Words that say people met, in the three languages.
_MEETING = re.compile(
    r"\b(?:met|meets?|meeting|talks|received|receives|receiving|hosted|hosts|visit(?:s|ed|ing)?"
    r"|calls?\s+on|called\s+on|co-chaired|chaired|discussed|held)\b"
    r"|\b(?:hội\s+đàm|hội\s+kiến|tiếp|gặp|thăm|điện\s+đàm|đối\s+thoại|làm\s+việc\s+với|chủ\s+trì)\b"
    r"|회담|면담|접견|예방|만나|만났|방문|통화|대화|회의",
    re.IGNORECASE,
)
# How much of the lead names the counterpart: its first sentences, not the background after.
_LEAD_CHARS = 400
_DPRK_MAJORITY = 2
_SEOUL = re.compile(r"\bSeoul\b")
_DPRK_REASON = "its counterpart is North Korea (the DPRK), not the Republic of Korea"


def missing_sides(clean: str, lead: str | None = None) -> str | None:
    """Why the text is not about Vietnam and the RoK, or None; cheap, so it runs first."""
    lead = (clean if lead is None else lead)[:_LEAD_CHARS]
    has_vietnam = bool(VIETNAM.search(clean))
    # Seoul names the RoK in the body, not in the lead, where it is often only a dateline.
    has_korea = bool(KOREA.search(clean) or _SEOUL.search(clean))
    if not has_korea and DPRK.search(clean):
        return _DPRK_REASON
    lead_vietnam, lead_korea = bool(VIETNAM.search(lead)), bool(KOREA.search(lead))
    # A lead that names North Korea and not the RoK, or far more often, is about the DPRK;
    # one that mentions the DPRK beside the RoK (its nuclear issue, say) is not.
    dprk, korea = count(DPRK, lead), count(KOREA, lead)
    if dprk and (korea == 0 or dprk > _DPRK_MAJORITY * korea):
        return _DPRK_REASON
    if has_vietnam and has_korea and lead_vietnam and lead_korea:
        return None
    others = third_countries(lead)
    if others and not (lead_vietnam and lead_korea):
        side = "Vietnam" if lead_vietnam else "the RoK" if lead_korea else None
        with_whom = f"{side} and {others[0]}" if side else others[0]
        return f"it reports on {with_whom}, not a Vietnam–RoK meeting"
    if has_vietnam and has_korea:
        return None
    return "it does not mention both Vietnam and Korea"


def missing_meeting(
    mechanism: str | None, participants: Sequence[Participant], lead: str | None = None
) -> str | None:
    """Why the extraction shows no meeting, or None.

    Without a named mechanism, someone must take part under a title and the lead must say that
    people met: a seminar or an anniversary feature quoting two ambassadors reports no meeting.
    """
    if mechanism is not None:
        return None
    if not any(p.role for p in participants):
        return "it names no dialogue mechanism and no official taking part"
    if lead is not None and not _MEETING.search(lead):
        return "it reports no meeting between the two sides"
    return None
