"""Narrowing dialogues to a period: by the catalog's date keys, parsing none outside it."""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.catalog_rows import Row, to_columns
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, EventDate
from bot.domain.periods import Period

from .factories import make_corpus, make_dialogue

BIG = 100_000


def _key(n: int) -> tuple[int, int, int]:
    """Dialogue n's (year, month, day), 0 where unknown: years 1990-2039, some partial or none."""
    year = 1990 + n % 50
    if n % 97 == 0:
        return (0, 0, 0)  # undated
    if n % 89 == 0:
        return (0, 3, n % 27 + 1)  # a day without a year
    if n % 83 == 0:
        return (year, 0, 0)  # the year only
    if n % 79 == 0:
        return (year, n % 12 + 1, 0)  # year and month
    return (year, n % 12 + 1, n % 27 + 1)


def _year(n: int) -> int | None:
    return _key(n)[0] or None


def _date(n: int) -> EventDate:
    year, month, day = _key(n)
    precision = "day" if year and day else "month_day" if day else "none"
    return EventDate(year=year or None, month=month or None, day=day or None, precision=precision)


def _rows(count: int) -> Iterator[Row]:
    for n in range(count):
        key = _key(n)
        topics = ("maritime",) if n % 3 == 0 else ("trade-investment",)
        yield Row(n + 1, f"d{n}", key, key[0] or None, topics, (), (), n + 1, None, None)


class _Parsed:
    """A store's loader that counts what it parses."""

    def __init__(self) -> None:
        self.seqs: list[int] = []

    def __call__(self, seq: int) -> Dialogue:
        self.seqs.append(seq)
        return make_dialogue(f"d{seq - 1}", when=_date(seq - 1), seq=seq)


def _lazy(count: int) -> tuple[Corpus, _Parsed]:
    parsed = _Parsed()
    corpus = Corpus.lazy(
        columns=[to_columns(_rows(count))], load=parsed, people={}, sources={}, subscriptions=()
    )
    return corpus, parsed


def test_a_period_of_a_lazy_100k_corpus_parses_nothing_until_read() -> None:
    corpus, parsed = _lazy(BIG)
    period = Period(2019, 2020)

    maritime = corpus.within(period, corpus.by_topic["maritime"])
    everything = corpus.within(period, corpus.dialogues)

    assert parsed.seqs == []
    expected = [n for n in range(BIG) if _year(n) in (2019, 2020)]
    assert len(everything) == len(expected)
    assert len(maritime) == len([n for n in expected if n % 3 == 0])
    page = maritime[:8]
    # Reading a page parses that page and nothing outside the period.
    assert len(parsed.seqs) == 8
    assert {d.date.year for d in page} <= {2019, 2020}
    assert page[0].date.sort_key() >= page[-1].date.sort_key()


def test_a_lazy_and_a_built_corpus_agree_on_every_kind_of_date() -> None:
    count = 2000
    lazy, _parsed = _lazy(count)
    built = make_corpus([make_dialogue(f"d{n}", when=_date(n), seq=n + 1) for n in range(count)])

    for period in (Period(2024, 2024), Period(2019, 2023), Period(2030, None), Period(None, 1994)):
        from_keys = [d.id for d in lazy.within(period, lazy.dialogues)]
        from_dates = [d.id for d in built.within(period, built.dialogues)]
        assert from_keys == from_dates
        # Year-only and month-only dates count by their year; a date without a year never does.
        years = {_year(int(i[1:])) for i in from_keys}
        assert None not in years and all(period.holds(y) for y in years)
        assert len(from_keys) == sum(1 for n in range(count) if period.holds(_year(n)))


def test_a_period_with_nothing_in_it_is_empty_and_none_is_everything() -> None:
    corpus, parsed = _lazy(500)

    assert len(corpus.within(Period(2100, None), corpus.dialogues)) == 0
    assert corpus.within(None, corpus.dialogues) is corpus.dialogues
    assert parsed.seqs == []


def test_whether_one_dialogue_is_in_a_period_needs_no_parsing() -> None:
    corpus, parsed = _lazy(500)
    dated = next(n for n in range(500) if _year(n) == 2000)

    assert corpus.dated_within(Period(2000, 2000), f"d{dated}")
    assert not corpus.dated_within(Period(2001, None), f"d{dated}")
    assert not corpus.dated_within(Period(None, 3000), "d0")  # undated
    assert not corpus.dated_within(Period(None, 3000), "no-such-dialogue")
    assert parsed.seqs == []
