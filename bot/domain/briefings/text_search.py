"""/search: sentences holding every term, highlighted and grouped by dialogue."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from bot.domain.briefings.blocks import Ref, SearchHit, Segment, Snippet
from bot.domain.briefings.cards import dialogue_ref
from bot.domain.briefings.citations import citation, dialogue_of_source
from bot.domain.briefings.in_period import nothing_in, with_period
from bot.domain.briefings.pages import PAGE_SENTENCES, Page
from bot.domain.briefings.sentences import Sentence, fold_mapped, split_sentences
from bot.domain.briefings.usage import past_the_end, usage
from bot.domain.briefings.views import NotFoundView, SearchView, UsageView
from bot.domain.commands import split_terms
from bot.domain.corpus import Corpus
from bot.domain.headings import split_title
from bot.domain.periods import Period
from bot.domain.reference import Reference
from bot.domain.resolve import identity_cached, resolve_topic
from bot.domain.search_index import InvertedIndex
from bot.domain.text import clip, fold, squash

_STOPWORD_LIST = "a an and the of in on at to for by with from or is are was were"
_STOPWORDS = frozenset(_STOPWORD_LIST.split())
# A shorter term ("a", or "b" left of "<b>") prefix-matches half the corpus.
MIN_TERM = 2
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _term_pattern(term: str) -> re.Pattern[str] | None:
    """Words of a term in order, each starting on a word boundary ("bomb" finds "bombs")."""
    words = fold(term).split()
    if not words:
        return None
    # The trailing word run widens the highlight from "bomb" to the whole of "bombs".
    body = r"[^a-z0-9]+".join(re.escape(w) for w in words)
    return re.compile(r"(?<![a-z0-9])" + body + r"[a-z0-9]*")


def _segments(sentence: Sentence, patterns: Sequence[re.Pattern[str]]) -> tuple[Segment, ...]:
    """Cut a sentence into plain and matched pieces, in original spelling."""
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(sentence.folded):
            spans.append((sentence.origin[m.start()], sentence.origin[m.end() - 1] + 1))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[Segment] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            pieces.append(Segment(sentence.text[cursor:start]))
        pieces.append(Segment(sentence.text[start:end], hit=True))
        cursor = end
    if cursor < len(sentence.text):
        pieces.append(Segment(sentence.text[cursor:]))
    return tuple(pieces)


def _terms(text: str) -> list[str]:
    """What to look for: markup dropped, then terms of two letters or more, stopwords last."""
    plain = html.unescape(_TAG.sub(" ", text))
    # A term said twice is looked for once: a query of one word repeated costs one word.
    unique = {fold(t): t for t in reversed(split_terms(plain)) if len(squash(t)) >= MIN_TERM}
    terms = list(reversed(unique.values()))
    return [t for t in terms if fold(t) not in _STOPWORDS] or terms


@dataclass(frozen=True)
class Passage:
    """A searchable sentence before its char-by-char fold (done only when it is shown)."""

    text: str
    folded: str  # fold(text): the words the index and the patterns look at
    source_id: str
    dialogue_id: str | None

    def sentence(self) -> Sentence:
        """The sentence with the offsets highlighting needs."""
        folded, origin = fold_mapped(self.text)
        return Sentence(self.text, folded, origin, self.source_id, self.dialogue_id)


def _passages(corpus: Corpus) -> list[Passage]:
    """Every body sentence of every stored source, plus evidence of sources not stored."""
    # As sentences.sentence_index, without folding each one char by char up front: only the
    # sentences a query finds are folded that way (for the highlights).
    seen: set[tuple[str, str]] = set()
    out: list[Passage] = []

    def add(text: str, source_id: str, dialogue_id: str | None) -> None:
        text = clip(text)
        if (text, dialogue_id or source_id) not in seen:  # a repeated paragraph counts once
            seen.add((text, dialogue_id or source_id))
            out.append(Passage(text, fold(text), source_id, dialogue_id))

    for src in corpus.sources.values():
        owner = dialogue_of_source(corpus, src.id)
        _title, body = split_title(src.text)  # the headline and decks are not sentences
        for sentence in split_sentences(body):
            add(sentence, src.id, owner.id if owner else None)
    for d in corpus.stored():
        evidence = [
            *d.summary,
            *(e for hit in d.topics for e in hit.evidence),
            *(e for hit in d.positions for e in hit.evidence),
            *(c.evidence for c in d.commitments),
        ]
        for e in evidence:
            if e.source_id not in corpus.sources:
                add(e.sentence.strip(), e.source_id, d.id)
    return out


def _indexed(corpus: Corpus) -> tuple[list[Passage], InvertedIndex]:
    """Every sentence and an inverted index over its folded words, once per corpus."""

    def build() -> tuple[list[Passage], InvertedIndex]:
        passages = _passages(corpus)
        return passages, InvertedIndex.build(p.folded for p in passages)

    return identity_cached("search-index", (corpus,), build)


def _patterns(text: str) -> list[re.Pattern[str]]:
    """The patterns of a query's meaningful terms; none when it has no usable term."""
    return [p for p in (_term_pattern(t) for t in _terms(text)) if p is not None]


def _matches(corpus: Corpus, text: str, patterns: list[re.Pattern[str]]) -> list[Passage]:
    """Sentences holding every term, newest dialogue first (then sources linked to none)."""
    passages, index = _indexed(corpus)
    words = [fold(t).split() for t in _terms(text)]
    candidates = index.candidates(words)
    # The index finds sentences with the words; the patterns check order and adjacency.
    exact = index.exact(words)
    matches = [
        s
        for s in (passages[i] for i in candidates)
        if exact or all(p.search(s.folded) for p in patterns)
    ]
    rank = corpus.rank()
    return sorted(matches, key=lambda s: rank.get(s.dialogue_id or "", len(rank)))


def search_dialogue_ids(corpus: Corpus, text: str, limit: int) -> tuple[list[str], bool]:
    """The dialogues of a search's first `limit` sentences, in its order, and whether more."""
    patterns = _patterns(text)
    ordered = _matches(corpus, text, patterns) if patterns else []
    return [s.dialogue_id for s in ordered[:limit] if s.dialogue_id], len(ordered) > limit


def search(
    corpus: Corpus, ref: Reference, text: str, page: int = 1, period: Period | None = None
) -> SearchView | NotFoundView | UsageView:
    """Sentences holding every term (quoted phrases stay whole), grouped by dialogue; a page.

    With a `period`, only sentences of dialogues dated within it.
    """
    patterns = _patterns(text)
    if not patterns:
        return usage("search", f"Give a word of {MIN_TERM} letters or more, or a quoted phrase.")
    ordered = _matches(corpus, text, patterns)
    command = f"search {' '.join(text.split())}"
    if period is not None and ordered:
        ordered = [s for s in ordered if corpus.dated_within(period, s.dialogue_id)]
        if not ordered:
            return nothing_in(f"“{text}”", command, period)
    if not ordered:
        topic_guess = resolve_topic(ref, text)
        guesses = (topic_guess.match,) if topic_guess.match else ()
        return NotFoundView(
            kind="search",
            query=text,
            hint="Try fewer or different words, or /topics.",
            suggestions=tuple(Ref("topic", t.id, t.label) for t in guesses),
        )
    shown = Page(page, PAGE_SENTENCES, len(ordered), with_period(command, period), "sentence")
    problem = past_the_end("search", shown)
    if problem:
        return problem
    hits = []
    for key, rows in groupby(shown.cut(ordered), key=lambda s: s.dialogue_id):
        owner = corpus.by_id.get(key or "")
        snippets = tuple(
            Snippet(_segments(s.sentence(), patterns), citation(corpus, owner, s.source_id))
            for s in rows
        )
        hits.append(SearchHit(dialogue_ref(ref, owner) if owner else None, snippets))
    return SearchView(
        query=text,
        terms=tuple(_terms(text)),
        hits=tuple(hits),
        total=len(ordered),
        shown=sum(len(h.snippets) for h in hits),
        page=shown,
        period=period,
    )
