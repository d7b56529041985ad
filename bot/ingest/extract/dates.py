"""Dating an event from its lead: month-day mentions, year resolution, weekdays."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.models import EventDate
from bot.ingest.clean import MONTH_PATTERN, WEEKDAY_PATTERN
from bot.ingest.extract.words import word_list

_MONTHS = {
    name: number
    for number, name in enumerate(
        word_list("jan feb mar apr may jun jul aug sep oct nov dec"), start=1
    )
}
_M = rf"(?P<month>{MONTH_PATTERN})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_END = r"\s*(?:[-–—]|to)\s*(?P<end>\d{1,2})(?!\d)"
_YEAR = r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
# Longest forms first, so "March 27-29" wins over "March 27" at the same place.
_DATE_FORMS = (
    re.compile(rf"\b{_M}\s+{_DAY}{_END}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}{_END}\s+(?:of\s+)?{_M}{_YEAR}"),
    re.compile(rf"\b{_M}\s+{_DAY}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_M}{_YEAR}"),
)
# Vietnamese: "ngày 23/4/2024", "sáng 5/7", "Chiều 12-2", "từ ngày 18-22/6", "ngày 21 tháng 6".
# A bare "d/m" needs a word for a day before it, so "tháng 9/2015" (a month) never counts.
_VI_DAY_WORD = r"(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|từ|vào|đến|tới)"
_VI_DATE_FORMS = (
    re.compile(
        rf"(?i:\b{_VI_DAY_WORD})\s+(?:ngày\s+)?(?P<day>\d{{1,2}})"
        r"(?:\s*(?:[-–]|đến(?:\s+ngày)?)\s*(?P<end>\d{1,2}))?"
        r"\s*[/-]\s*(?P<month>\d{1,2})(?!\d)(?:\s*[/-]\s*(?P<year>\d{4}))?(?![\d/])"
    ),
    re.compile(
        r"(?<![\d/])(?P<day>\d{1,2})\s*[/-]\s*(?P<month>\d{1,2})\s*[/-]\s*(?P<year>\d{4})(?!\d)"
    ),
    # "Sáng nay (11/8)", "hôm nay (5/7)".
    re.compile(
        r"(?i:\b(?:hôm|sáng|chiều|tối|trưa)\s+nay)\s*\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})"
        r"(?:\s*/\s*(?P<year>\d{4}))?\s*\)"
    ),
    re.compile(
        rf"(?i:\b{_VI_DAY_WORD})?\s*(?P<day>\d{{1,2}})"
        r"(?:\s*(?:[-–]|đến)\s*(?P<end>\d{1,2}))?\s+tháng\s+(?P<month>\d{1,2})(?!\d)"
        r"(?:\s*(?:năm|,)?\s*(?P<year>\d{4}))?"
    ),
)
# Korean: "2024년 4월 23일", "4월 23일", "12~14일"; a day alone ("11일 오후") takes its month from
# the article's date. "3일간" (for three days) and "2박 3일" are durations, not dates.
_KO_DATE_FORMS = (
    re.compile(
        r"(?:(?P<year>\d{4})\s*년\s*)?(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})"
        r"(?:\s*[~～∼-]\s*(?P<end>\d{1,2}))?\s*일(?!간)"
    ),
    # "8.8.(화)": month, day and the weekday in brackets.
    re.compile(r"(?<![\d.])(?P<month>\d{1,2})\.\s?(?P<day>\d{1,2})\.?\s?\([월화수목금토일]\)"),
    re.compile(
        r"(?<![\d.월박])(?<!박 )(?P<day>\d{1,2})(?:\s*[~～∼-]\s*(?P<end>\d{1,2}))?\s*일(?![간째])"
    ),
)
_WEEKDAY = re.compile(rf"\b(?:on\s+)?(?P<weekday>{WEEKDAY_PATTERN})\b")
_MONTHS_IN_YEAR = 12
# Years a stated date may have: relations began in 1992; anything far outside is not a date.
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Text that may hold Vietnamese or Korean date forms (cheap test before the longer patterns).
# Every form writes its day in digits: text without one holds no date.
_DIGIT = re.compile(r"\d")
_NON_LATIN_HINT = re.compile(r"[\u00c0-\u1ef9]|[가-힣]|\d\s*[/-]\s*\d")
# Years between two leap years at most (1896 -> 1904).
_LEAP_REACH = 8
# How many days after its anchor a day written alone may still be in the anchor's month.
_DAYS_AHEAD = 2
_WEEKDAYS = word_list("monday tuesday wednesday thursday friday saturday sunday")


@dataclass(frozen=True)
class _DateMention:
    """A month-day mention in text, with whatever year and end day it states."""

    start: int
    phrase: str
    month: int
    day: int
    end_day: int | None
    year: int | None


def _number(groups: dict[str, str | None], key: str) -> int | None:
    value = groups.get(key)
    return int(value) if value else None


def _date_mentions(
    text: str, month_of_day: Callable[[int], int | None] | None = None
) -> list[_DateMention]:
    """Valid date mentions in `text`, in order; at one position the longest wins.

    `month_of_day` is the month a Korean day written alone ("11일") belongs to, when known.
    """
    if not _DIGIT.search(text):
        return []
    found: dict[int, _DateMention] = {}

    def keep(match: re.Match[str], month: int | None) -> None:
        groups = match.groupdict()
        day, year, end = int(match["day"]), _number(groups, "year"), _number(groups, "end")
        if month is None or not _valid(year or 2000, month, day, end):
            return
        if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
            return
        phrase = match[0].strip()
        start = match.start() + len(match[0]) - len(match[0].lstrip())
        mention = _DateMention(start, phrase, month, day, end, year)
        if start not in found or len(found[start].phrase) < len(phrase):
            found[start] = mention

    for form in _DATE_FORMS:
        for match in form.finditer(text):
            keep(match, _MONTHS[match["month"][:3].lower()])
    if _NON_LATIN_HINT.search(text):
        for form in (*_VI_DATE_FORMS, *_KO_DATE_FORMS[:2]):
            for match in form.finditer(text):
                keep(match, int(match["month"]))
        covered = [(m.start, m.start + len(m.phrase)) for m in found.values()]
        for match in _KO_DATE_FORMS[2].finditer(text):
            if not any(s <= match.start() < e for s, e in covered):
                keep(match, month_of_day(int(match["day"])) if month_of_day else None)
    return [found[k] for k in sorted(found)]


def _valid(year: int, month: int, day: int, end: int | None) -> bool:
    """True when the day (and end day) exist in that month; 2000 stands in for an unknown year."""
    try:
        date(year, month, day)
        if end is not None:
            date(year, month, end)
    except ValueError:
        return False
    return end is None or end > day


@dataclass(frozen=True)
class Anchor:
    """A date the event cannot be after (the article's date), and what it is, for readers."""

    day: date
    basis: str
    month_only: bool = False


# Metadata some pages open with: " date 2019-06 " or "date 2018-07-05".
DATE_META = re.compile(r"^\s*date\s+(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?!\d)")
# Numeric stamps: "2019/02/12 19:46", "2024.04.23", "2021-9-16"; and "10/12/2018, 14:17".
_YMD = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*[./-]\s*(?P<month>\d{1,2})\s*[./-]\s*(?P<day>\d{1,2})(?!\d)"
)
_DMY = re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)(?!\d)")


def meta_anchor(body: str) -> Anchor | None:
    """The date a leading " date 2019-06 " metadata line gives, month-only when it has no day."""
    match = DATE_META.match(body)
    if not match:
        return None
    year, month = int(match["year"]), int(match["month"])
    if not (_MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= _MONTHS_IN_YEAR):
        return None
    if match["day"]:
        with suppress(ValueError):
            return Anchor(date(year, month, int(match["day"])), "date line")
        return None
    return Anchor(_month_end(year, month), "date line", month_only=True)


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    following = date(year + 1, 1, 1) if month == _MONTHS_IN_YEAR else date(year, month + 1, 1)
    return following - timedelta(days=1)


def full_date(text: str) -> date | None:
    """A complete calendar date in `text` ("April 24, 2024", "2019/02/12", "10/12/2018"), if any."""
    for mention in _date_mentions(text):
        if mention.year:
            return date(mention.year, mention.month, mention.day)
    for pattern in (_YMD, _DMY):
        for match in pattern.finditer(text):
            with suppress(ValueError):
                return date(int(match["year"]), int(match["month"]), int(match["day"]))
    return None


def _resolve_year(month: int, day: int, anchor: date | None) -> int | None:
    """The latest year in which month/day exists and is not after the anchor (or the few days
    after it a report may announce); None without one."""
    if anchor is None:
        return None
    ahead = (anchor.month, anchor.day + _DAYS_AHEAD)  # still within the anchor's month, or past it
    year = anchor.year if (month, day) <= ahead else anchor.year - 1
    # February 29 belongs to the latest leap year, not to a year that lacks it; a leap year is
    # at most eight years back, and nothing lies before year 1.
    for candidate in range(year, max(year - _LEAP_REACH, 0), -1):
        if _valid(candidate, month, day, None):
            return candidate
    return None


def _month_of_day(anchor: Anchor | None) -> Callable[[int], int | None] | None:
    """The month a day written alone ("11일") is in: the anchor's, or the one before it when
    the day is well after the anchor's day; a month-only anchor's month."""
    if anchor is None:
        return None
    known = anchor.day

    def month(day: int) -> int | None:
        # A day just after the anchor is this month's: a UTC date a day behind Seoul, or a
        # meeting announced for the coming days ("29일 회담을 갖는다").
        in_month = day <= monthrange(known.year, known.month)[1] if known.year > 0 else False
        if anchor.month_only or day <= known.day or (in_month and day <= known.day + _DAYS_AHEAD):
            return known.month
        return known.month - 1 if known.month > 1 else _MONTHS_IN_YEAR

    return month


def _as_anchor(anchor: Anchor | date | None) -> Anchor | None:
    if isinstance(anchor, date):
        return Anchor(anchor, f"published {anchor.isoformat()}")
    return anchor


def find_event_date(
    lead: Sequence[str],
    anchor: Anchor | date | None,
    *,
    focus: Callable[[str], int | None] | None = None,
    body: Sequence[str] = (),
) -> EventDate:
    """Date the event from the lead; never a guessed year.

    The date mention closest to where a sentence names the meeting (`focus` gives that
    position) wins, else the first one; without a written year, the year comes from the same
    month and day written with a year elsewhere in the `body`, else from the anchor.
    """
    anchor = _as_anchor(anchor)
    chosen = _choose(lead, _month_of_day(anchor), focus)
    if chosen is not None:
        return _dated(chosen, anchor, body)
    for sentence in lead:
        match = _WEEKDAY.search(sentence)
        if match:
            return _weekday_date(match["weekday"], anchor)
    # A text that dates nothing is dated by its date line (not by a header's publication date).
    if anchor is not None and anchor.basis == "date line" and not anchor.month_only:
        day = anchor.day
        return EventDate(
            year=day.year, month=day.month, day=day.day, precision="day", year_basis="date line"
        )
    return EventDate()


def _choose(
    lead: Sequence[str],
    month_of_day: Callable[[int], int | None] | None,
    focus: Callable[[str], int | None] | None,
) -> _DateMention | None:
    """The mention nearest the meeting's name in a sentence naming it, else the first mention."""
    first: _DateMention | None = None
    for sentence in lead:
        mentions = _date_mentions(sentence, month_of_day)
        if not mentions:
            continue
        first = first or mentions[0]
        where = focus(sentence) if focus else None
        if where is not None:
            return min(mentions, key=lambda m: abs(m.start - where))
    return first


def _dated(mention: _DateMention, anchor: Anchor | None, body: Sequence[str]) -> EventDate:
    """An EventDate for a mention, with the year it states or the basis of the one it gets."""
    year, basis = mention.year, None
    if year is None:
        year = _year_in_body(mention, body)
        basis = "year written later in the article" if year else None
    if year is None and anchor is not None:
        year = _resolve_year(mention.month, mention.day, anchor.day)
        basis = anchor.basis if year else None
    return EventDate(
        year=year,
        month=mention.month,
        day=mention.day,
        end_day=mention.end_day,
        precision="day" if year else "month_day",
        phrase=mention.phrase,
        year_basis=basis,
    )


def _year_in_body(mention: _DateMention, body: Sequence[str]) -> int | None:
    """The one year the body writes with the same month and day, if exactly one."""
    years = {
        m.year
        for sentence in body
        for m in _date_mentions(sentence)
        if m.year and (m.month, m.day) == (mention.month, mention.day)
    }
    return years.pop() if len(years) == 1 else None


def _weekday_date(weekday: str, anchor: Anchor | None) -> EventDate:
    """ "On Wednesday" is the latest Wednesday on or before the anchor; undated without one."""
    if anchor is None or anchor.month_only:
        return EventDate(precision="none", phrase=weekday)
    back = (anchor.day.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    try:
        day = anchor.day - timedelta(days=back)
    except OverflowError:  # a weekday before 1 January of year 1
        return EventDate(precision="none", phrase=weekday)
    return EventDate(
        year=day.year,
        month=day.month,
        day=day.day,
        precision="day",
        phrase=weekday,
        year_basis=anchor.basis,
    )
