"""Periods a briefing can be narrowed to ("2024", "2019-2023", "since 2024", "before 2020").

A period is read off the END of a command's arguments, so "/person Kim 2019" narrows Kim's
dialogues while names and topics with digits elsewhere ("G20 summit") still resolve. Years
only: a dialogue is in a period when its year is known and in range; an undated one never is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.domain.text import echo

FIRST_YEAR, LAST_YEAR = 1000, 2999  # what a four-digit year may be
_KEY_SPAN = 10000  # a date key is year * 10000 + month * 100 + day


@dataclass(frozen=True)
class Period:
    """Whole years from `first` to `last`, both included; None leaves that end open."""

    first: int | None = None
    last: int | None = None

    @classmethod
    def year(cls, year: int) -> Period:
        """One calendar year."""
        return cls(year, year)

    @property
    def single_year(self) -> int | None:
        """The year, when the period is exactly one."""
        return self.first if self.first is not None and self.first == self.last else None

    def holds(self, year: int | None) -> bool:
        """Whether a dialogue of `year` (None: undated) falls in the period."""
        if year is None:
            return False
        return (self.first is None or year >= self.first) and (
            self.last is None or year <= self.last
        )

    @property
    def keys(self) -> tuple[int, int]:
        """The lowest and highest date key (year*10000 + month*100 + day) in the period."""
        # Year 1 at the least: a date without a year has key < 10000 and is in no period.
        low = max(self.first or 1, 1) * _KEY_SPAN
        high = (self.last + 1) * _KEY_SPAN - 1 if self.last is not None else 10**9
        return low, high

    @property
    def label(self) -> str:
        """As a heading shows it: "2024", "2019–2023", "since 2024", "before 2020"."""
        if self.single_year is not None:
            return str(self.single_year)
        if self.first is not None and self.last is not None:
            return f"{self.first}–{self.last}"
        if self.first is not None:
            return f"since {self.first}"
        return f"before {(self.last or 0) + 1}"

    @property
    def token(self) -> str:
        """As a command writes it, so page buttons keep it: "2019-2023", "since 2024"."""
        return self.label.replace("–", "-")

    @property
    def slug(self) -> str:
        """As a deep-link payload ends: "2019-2023", "since-2024", "before-2020"."""
        return self.token.replace(" ", "-")

    @classmethod
    def from_slug(cls, slug: str) -> Period | None:
        """The period a deep-link `slug` names, else None."""
        found = split_period(slug.replace("-", " ") if slug[:1].isalpha() else slug)
        return found.period if found.period is not None and not found.rest else None


@dataclass(frozen=True)
class PeriodSplit:
    """Arguments without their trailing period, the period (None: none given), or what is wrong."""

    rest: str
    period: Period | None = None
    error: str | None = None


USAGE = "Write a period like 2024, 2019-2023, since 2024 or before 2020."

_Y = r"(\d{4})"
_KO = r"(?:\s*년)?"  # Korean: "2024년"
_NAM = r"(?:nam\s+)?"  # Vietnamese: "năm 2024"
_FROM = r"(?:(?:from|between|tu|ke\s+tu)\s+)?"
_TO = r"(?:\s*[-–—~]\s*|\s+(?:to|until|till|through|thru|and|den|toi)\s+|\s*부터\s*)"
_END = r"\s*$"
# Each form and what kind of period it writes, tried in order (a range before a lone year).
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<!\S){pattern}{_END}"), kind)
    for pattern, kind in (
        (rf"{_FROM}{_NAM}{_Y}{_KO}{_TO}{_NAM}(\d{{4}}|\d{{2}}){_KO}(?:\s*까지)?", "range"),
        (rf"(?:since|from|starting(?:\s+in)?|tu|ke\s+tu)\s+{_NAM}{_Y}{_KO}", "since"),
        (
            rf"{_Y}{_KO}\s*(?:onwards?|and\s+later|or\s+later|on|부터|이후|tro\s+di|tro\s+ve\s+sau)",
            "since",
        ),
        (rf"(?:after|sau)\s+{_NAM}{_Y}{_KO}", "after"),
        (rf"(?:before|prior\s+to|truoc)\s+{_NAM}{_Y}{_KO}", "before"),
        (rf"{_Y}{_KO}\s*전", "before"),
        (rf"(?:until|till|through|up\s+to|den)\s+{_NAM}{_Y}{_KO}", "until"),
        (rf"{_Y}{_KO}\s*(?:or\s+earlier|and\s+earlier|이전|까지)", "until"),
        (rf"(?:(?:in|during|trong)\s+)?{_NAM}{_Y}{_KO}", "year"),
    )
)
# A period keyword before something that is not a year: "since banana".
_BAD_WORD = re.compile(r"(?<!\S)(since|before|after|until|till|truoc|sau)\s+(\S+)" + _END)
# Digits a reader meant as a range but that are none: "2024-20245" (a lone number is left be:
# "/latest 50" means a count).
_BAD_DIGITS = re.compile(r"(?<!\S)(\d{4,}\s*[-–—~]\s*\d+)" + _END)


def _plain(text: str) -> str:
    """Lower case without Latin diacritics, one character for one: "Từ" → "tu"."""
    out = []
    for char in text:
        low = char.lower()[:1] or char
        if low == "đ":
            low = "d"
        elif "\u00c0" <= low <= "\u024f" or "\u1e00" <= low <= "\u1eff":
            low = unicodedata.normalize("NFD", low)[0]
        out.append(low)
    return "".join(out)


def _year(text: str) -> int | None:
    value = int(text)
    return value if FIRST_YEAR <= value <= LAST_YEAR else None


def _period(kind: str, numbers: list[str]) -> Period | str:
    """The period a matched form names, or what is wrong with it."""
    years = [_year(n) for n in numbers[:1]]
    if kind == "range":
        second = numbers[1]
        first = years[0]
        if len(second) == 2 and first is not None:
            second = f"{first // 100}{second}"  # "2019-23"
        years.append(_year(second))
    if None in years:
        return f"{' – '.join(numbers)}: years run from {FIRST_YEAR} to {LAST_YEAR}."
    ys = [y for y in years if y is not None]
    if kind == "range":
        if ys[0] > ys[1]:
            return f"{ys[0]} comes after {ys[1]}: write the earlier year first."
        return Period(ys[0], ys[1])
    year = ys[0]
    return {
        "since": Period(year, None),
        "after": Period(year + 1, None),
        "before": Period(None, year - 1),
        "until": Period(None, year),
    }.get(kind, Period.year(year))


def split_period(args: str, *, strict: bool = True) -> PeriodSplit:
    """`args` without a trailing period, and the period; `strict`: "since banana" is an error."""
    # "maritime in 2024.", "maritime (2024)": the period inside closing punctuation counts too.
    bare = _TRAILING_PUNCTUATION.sub("", args)
    bracketed = _BRACKETED.search(bare)
    if bracketed is not None:
        bare = f"{bare[: bracketed.start()].rstrip()} {bracketed['inner']}"
    if bare != args.rstrip():
        found = _split_period(bare, strict=False)
        if found.period is not None:
            return found
    return _split_period(args, strict=strict)


_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:!?]+$")
_BRACKETED = re.compile(r"[(\[]\s*(?P<inner>[^()\[\]]*?)\s*[)\]]$")


def _split_period(args: str, *, strict: bool) -> PeriodSplit:
    """`split_period` on arguments as they are."""
    text = args.rstrip()
    plain = _plain(text)
    for pattern, kind in _FORMS:
        match = pattern.search(plain)
        if match is None:
            continue
        found = _period(kind, [g for g in match.groups() if g])
        rest = text[: match.start()].rstrip()
        if isinstance(found, str):
            return PeriodSplit(rest, error=found)
        return PeriodSplit(rest, found)
    bad = (_BAD_WORD.search(plain) or _BAD_DIGITS.search(plain)) if strict else None
    if bad is not None:
        wrong = text[bad.start() :]
        return PeriodSplit(text, error=f"“{echo(wrong)}” is not a period. {USAGE}")
    return PeriodSplit(text)
