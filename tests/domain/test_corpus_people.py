"""Each person's dialogues, counts and titles: from the catalog alone, as the parsed records say."""

from __future__ import annotations

from bot.domain.catalog_rows import Row, to_columns
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, EventDate, Participant

from .factories import make_corpus, make_dialogue

PEOPLE = ("phan-van-giang", "lee-jong-sup", "hoang-xuan-chien", "kim-seon-ho", "to-lam")
TITLES = ("Minister of National Defence", "Deputy Minister", None, "General")


def _date(n: int) -> EventDate:
    """Dialogue n's date: most to the day, some to the month or year, some undated."""
    year, month, day = 2000 + n % 25, n % 12 + 1, n % 28 + 1
    if n % 31 == 0:
        return EventDate()
    if n % 17 == 0:
        return EventDate(year=year, precision="none")
    if n % 13 == 0:
        return EventDate(year=year, month=month, precision="none")
    return EventDate(year=year, month=month, day=day, precision="day")


def _dialogue(n: int) -> Dialogue:
    """Two to four people, each with a title that changes over the dialogues (or none)."""
    present = [PEOPLE[(n * k) % len(PEOPLE)] for k in range(1, 2 + n % 3)]
    participants = [
        Participant(person_id=pid, name=pid.replace("-", " ").title(), role=TITLES[(n + i) % 4])
        for i, pid in enumerate(dict.fromkeys([*present, PEOPLE[n % 2]]))
    ]
    return make_dialogue(f"d{n}", when=_date(n), seq=n + 1, participants=participants)


class _Parsed:
    """A store's loader that counts what it parses."""

    def __init__(self, dialogues: list[Dialogue]) -> None:
        self.by_seq = {d.seq: d for d in dialogues}
        self.seqs: list[int] = []

    def __call__(self, seq: int) -> Dialogue:
        self.seqs.append(seq)
        return self.by_seq[seq]


def _both(count: int) -> tuple[Corpus, Corpus, _Parsed]:
    dialogues = [_dialogue(n) for n in range(count)]
    parsed = _Parsed(dialogues)
    lazy = Corpus.lazy(
        columns=[to_columns(Row.of(d) for d in dialogues)],
        load=parsed,
        people={},
        sources={},
        subscriptions=(),
    )
    return lazy, make_corpus(dialogues), parsed


def test_a_persons_dialogues_count_and_titles_are_read_without_parsing_a_dialogue() -> None:
    lazy, built, parsed = _both(3000)

    for person_id in PEOPLE:
        assert lazy.person_counts()[person_id] == len(built.by_person[person_id])
        assert len(lazy.by_person[person_id]) == len(built.by_person[person_id])
        assert lazy.titles_of(person_id, 50)
    assert "nobody" not in lazy.by_person and "nobody" not in lazy.person_counts()
    assert lazy.titles_of("nobody", 50) == []
    assert parsed.seqs == []


def test_a_lazy_and_a_built_corpus_agree_on_each_persons_dialogues_and_titles() -> None:
    lazy, built, _parsed = _both(600)

    assert sorted(lazy.by_person) == sorted(built.by_person) == sorted(PEOPLE)
    assert dict(lazy.person_counts()) == dict(built.person_counts())
    for person_id in PEOPLE:
        newest_first = [d.id for d in built.by_person[person_id]]
        assert [d.id for d in lazy.by_person[person_id]] == newest_first
        for newest in (1, 7, 50, 1000):
            # The catalog keeps the date to the day: the same day, month or year, or none.
            from_catalog = [(t, d.sort_key()) for t, d in lazy.titles_of(person_id, newest)]
            parsed = [(t, d.sort_key()) for t, d in built.titles_of(person_id, newest)]
            assert from_catalog == parsed
            assert len({d for _t, d in parsed}) > 1 or newest == 1
