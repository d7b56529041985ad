"""Mentions in passing: a sentence that clearly puts a named person at another or later event."""

from __future__ import annotations

import re

from bot.domain.models import EventDate

# The clause before an English name says the meeting with them is still to come.
_EN_FUTURE = re.compile(
    r"\b(?:(?:is|was|are|were)\s+(?:due|scheduled|expected|set|slated)\s+to|will|plans?\s+to"
    r"|planned\s+to)(?:\s+also)?"
    r"\s+(?:call\s+on|pay\s+(?:a\s+)?(?:courtesy\s+)?(?:call|visit)s?\s+(?:on|to))\b"
    r"[^.;,]{0,60}$",
    re.IGNORECASE,
)
# "signed during the state visit of President Yoon Suk Yeol to Viet Nam in June last year".
_EN_PAST_VISIT = re.compile(
    r"\b(?:during|at)\s+the\s+(?:[\w-]+\s+){0,3}?(?:visit|summit|meeting|talks)\s+(?:of|by)\s+"
    r"[^.;,]{0,60}$",
    re.IGNORECASE,
)
_EN_PAST_WHEN = re.compile(r"\b(?:last|previous)\s+(?:year|month)\b|\bago\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "Former South Korean president Kim Dae-Jung apologized ... in August 2001".
_EN_FORMER = re.compile(r"\bformer\b[^.;,]{0,60}$", re.IGNORECASE)
_EN_IN_YEAR = re.compile(r"\bin\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
# "chuyển lời mời của Tổng Bí thư Tô Lâm": a message conveyed from someone not in the room.
_VI_CONVEYED = re.compile(
    r"\bchuyển\s+(?:lời|thư|thông điệp)[^.;]{0,40}?\bcủa\s+[^.;,]{0,60}$", re.IGNORECASE
)
_VI_FUTURE = re.compile(
    r"\b(?:sẽ|dự kiến)(?:\s+cũng)?\s+(?:chào xã giao|hội kiến)[^.;,]{0,60}$", re.IGNORECASE
)
# "Cũng tại Seoul hôm 21/6, ...": another meeting on another day of the trip.
_VI_OTHER_DAY = re.compile(
    r"(?:^|[.!?\"“”]\s*)(?:Cũng|Trước đó|Sau đó)\b[^.;\"“”]{0,60}?\b(?:hôm|ngày)\s+"
    r"(\d{1,2})/(\d{1,2})\b[^.;\"“”]*$"
)
# "오는 10월 31일부터 ... 열리는 ... 정상회의에": an event still to come.
_KO_COMING = re.compile(r"오는\s*\d{1,2}월")
# "송영무 국방부 장관을 예방하고 ... 방문할 예정이다": a call still to be paid.
_KO_CALL = re.compile(r"^[^.,]{0,20}?[을를]\s*(?:예방|만날|면담할)")
_KO_LATER = re.compile(r"예정|계획")
_KO_TODAY = re.compile(r"이날\s*오후")  # "this afternoon": still to come unless told as past
_KO_PAST = re.compile(r"[했였었]")


def in_passing(sentence: str, start: int, end: int, lang: str, when: EventDate) -> bool:
    """True when the sentence clearly says the person named at start..end is at another event
    (later, earlier or elsewhere), not at the meeting the article reports."""
    before, after = sentence[:start], sentence[end:]
    if lang == "ko":
        return bool(
            _KO_COMING.search(before)
            or (
                _KO_CALL.search(after)
                and (
                    _KO_LATER.search(sentence)
                    or (_KO_TODAY.search(sentence) and not _KO_PAST.search(after))
                )
            )
        )
    if lang == "vi":
        if _VI_CONVEYED.search(before) or _VI_FUTURE.search(before):
            return True
        other = _VI_OTHER_DAY.search(before)
        return bool(
            other
            and when.day is not None
            and (int(other.group(1)), int(other.group(2))) != (when.day, when.month)
        )
    if _EN_FUTURE.search(before):
        return True
    if _EN_FORMER.search(before):
        # A former holder acting in a year the text names, when that is not this meeting's.
        acted = {int(y) for y in _EN_IN_YEAR.findall(after)}
        if acted and when.year not in acted:
            return True
    if not _EN_PAST_VISIT.search(before):
        return False
    # A year only tells another visit from this one when the meeting's own year is known.
    years = {int(y) for y in _YEAR.findall(after)}
    return bool(_EN_PAST_WHEN.search(after) or (when.year and years and when.year not in years))
