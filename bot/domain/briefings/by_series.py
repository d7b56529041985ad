"""/series: every dialogue of one mechanism, edition by edition, oldest first."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.domain.briefings.blocks import ListItem, Ref, SeriesRow
from bot.domain.briefings.cards import attendees, cited_dialogue
from bot.domain.briefings.in_period import Listing, listing, unmatched
from bot.domain.briefings.pages import PAGE_LINES
from bot.domain.briefings.views import NotFoundView, SeriesListView, SeriesView, UsageView
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue
from bot.domain.periods import Period
from bot.domain.reference import Mechanism, Reference
from bot.domain.text import fold, ordinal

ACCEPT_SCORE = 85.0
MAX_SUGGESTIONS = 5
# A pattern with these is a regular expression, not a name a reader would type.
_REGEX = re.compile(r"[.*+?{}()\[\]|\\^$]")
# Regular-expression pieces that stand for a space or a spelling: "국방\s*전략\s*대화".
_SPACES = re.compile(r"\\s[*+]?|\[- \]|\[ -\]")
_SPELLINGS = {"defen[cs]e": "defence", "programme[s]?": "programme"}
_NOISE_WORDS = "the of vietnam viet nam rok korea korean republic vn kr series"
_NOISE = frozenset(_NOISE_WORDS.split())


def _ref(mechanism: Mechanism) -> Ref:
    return Ref("series", mechanism.id, mechanism.label)


def _key(text: str) -> str:
    """Folded words without the sides' names: "Vietnam-RoK defence policy dialogue" → ..."""
    words = fold(text.replace("-", " ")).replace("defense", "defence").split()
    return " ".join(w for w in words if w not in _NOISE)


def _plain(pattern: str) -> str:
    """A pattern as typed text, once its spaces and spelling alternatives are written out."""
    for regex, text in _SPELLINGS.items():
        pattern = pattern.replace(regex, text)
    return _SPACES.sub(" ", pattern)


def _names(mechanism: Mechanism) -> list[str]:
    """What a reader may type for a mechanism: its id, label and patterns that are plain text."""
    plain = [p for p in map(_plain, mechanism.patterns) if not _REGEX.search(p)]
    return [k for k in (_key(n) for n in (mechanism.id, mechanism.label, *plain)) if k]


def named_mechanism(ref: Reference, query: str) -> Mechanism | None:
    """The mechanism a query names exactly: its id, label or a plain pattern, spaces aside."""
    # "국방전략대화" is the pattern "국방\s*전략\s*대화" written without spaces.
    wanted = _key(query).replace(" ", "")
    if not wanted:
        return None
    return next(
        (m for m in ref.mechanisms if wanted in {n.replace(" ", "") for n in _names(m)}), None
    )


def resolve_mechanism(ref: Reference, query: str) -> tuple[Mechanism | None, tuple[Mechanism, ...]]:
    """The mechanism a query names (typos and US spelling forgiven), else close ones."""
    wanted = _key(query)
    if not wanted:
        return None, ()
    exact = named_mechanism(ref, query)
    if exact is not None:
        return exact, ()
    names = {m.id: _names(m) for m in ref.mechanisms}
    scores = {
        i: max(max(fuzz.token_set_ratio(wanted, n), fuzz.ratio(wanted, n)) for n in ns)
        for i, ns in names.items()
        if ns
    }
    order = sorted(scores, key=lambda i: -scores[i])
    best = order[0] if order else None
    runner_up = scores[order[1]] if len(order) > 1 else 0.0
    if best is not None and scores[best] >= ACCEPT_SCORE and scores[best] - runner_up >= 5:
        return ref.mechanism_by_id[best], ()
    close = [ref.mechanism_by_id[i] for i in order if scores[i] >= 50][:MAX_SUGGESTIONS]
    return None, tuple(close)


def series_refs(corpus: Corpus, ref: Reference) -> tuple[Ref, ...]:
    """Every mechanism with a stored dialogue, as buttons, in reference order."""
    held = corpus.by_mechanism
    return tuple(_ref(m) for m in ref.mechanisms if m.id in held)


def series_index(corpus: Corpus, ref: Reference) -> SeriesListView:
    """Every mechanism with a stored dialogue and how many it has, in reference order."""
    held = corpus.by_mechanism
    return SeriesListView(
        items=tuple(ListItem(_ref(m), len(held[m.id])) for m in ref.mechanisms if m.id in held)
    )


def _oldest_first(d: Dialogue) -> tuple[bool, int, int, int, int, int]:
    """Known years first, by date; then those without a year, by edition; arrival breaks ties."""
    when = d.date
    dated = when.year is not None
    month, day = (when.month or 0, when.day or 0) if dated else (0, 0)
    return (not dated, when.year or 0, month, day, d.edition or 0, d.seq)


def _row(corpus: Corpus, ref: Reference, d: Dialogue) -> SeriesRow:
    return SeriesRow(
        entry=cited_dialogue(corpus, ref, d),
        edition=ordinal(d.edition) if d.edition else None,
        participants=attendees(corpus, ref, d),
    )


def series(
    corpus: Corpus, ref: Reference, query: str, page: int = 1, period: Period | None = None
) -> SeriesView | NotFoundView | UsageView:
    """One mechanism's dialogues (in `period`), oldest first: edition, date, place, who led."""
    found, close = resolve_mechanism(ref, query)
    held = corpus.by_mechanism
    if found is None:
        suggestions = [_ref(m) for m in close if m.id in held] or list(series_refs(corpus, ref))
        hint = "/series lists every series with a stored dialogue."
        return unmatched("series", query, suggestions[:MAX_SUGGESTIONS], period, hint)
    listed = listing(
        corpus,
        held.get(found.id, ()),
        found.label,
        f"series {found.id}",
        page,
        period,
        size=PAGE_LINES,
        order=_oldest_first,
    )
    if not isinstance(listed, Listing):
        return listed
    return SeriesView(
        series=_ref(found),
        rows=tuple(_row(corpus, ref, d) for d in listed.shown),
        others=tuple(r for r in series_refs(corpus, ref) if r.id != found.id),
        page=listed.page,
        period=period,
    )
