"""/search: sentences holding every term, in any of its spellings, highlighted and grouped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from typing import TYPE_CHECKING

from bot.domain.briefings.blocks import Ref, SearchHit, Segment, Snippet
from bot.domain.briefings.cards import dialogue_ref
from bot.domain.briefings.citations import citation, dialogue_of_source
from bot.domain.briefings.in_period import nothing_in, with_period
from bot.domain.briefings.pages import PAGE_SENTENCES, Page
from bot.domain.briefings.sentences import Sentence, fold_mapped
from bot.domain.briefings.speakers import every_evidence
from bot.domain.briefings.usage import past_the_end, usage
from bot.domain.briefings.views import NotFoundView, SearchView, UsageView
from bot.domain.caching import identity_cached
from bot.domain.commands import split_terms
from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Reference, load_reference
from bot.domain.resolve import resolve_topic
from bot.domain.search_segments import Segment as IndexSegment
from bot.domain.search_segments import SegmentBuilder, body_sentences, pack, source_key
from bot.domain.spellings import FOLDED_PARTICLES, Equivalents, equivalents
from bot.domain.text import clip, fold, squash

if TYPE_CHECKING:  # imported on the first search: array code costs every command's start
    from bot.domain.search_index import Hit, Ids, SearchIndex

_STOPWORD_LIST = "a an and the of in on at to for by with from or is are was were"
_STOPWORDS = frozenset(_STOPWORD_LIST.split())
# A shorter term ("a", or "b" left of "<b>") prefix-matches half the corpus.
MIN_TERM = 2
# A word the index lacks is also looked for split in two ("vietnam": "viet nam") when both
# halves are whole words of the index this long: shorter halves ("in to" for "into") would
# find other words, and a half that only begins a word ("with outstanding") finds another.
MIN_SPLIT = 3
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_PARTICLE = "(?:" + "|".join(FOLDED_PARTICLES) + ")?"


@dataclass(frozen=True)
class Term:
    """What a query asks for: as typed, and every spelling that counts (folded words).

    `whole`: the term names something (spellings.yaml, the register), so each spelling is a
    whole word or phrase, a Korean particle after a `hangul` one allowed ("한국은"): "Vietnam"
    is no "Vietnamese", "한국" no "한국전쟁" (the Korean War). Other terms are word prefixes.
    """

    text: str
    spellings: tuple[tuple[str, ...], ...]
    whole: bool = False
    hangul: frozenset[tuple[str, ...]] = frozenset()


def _term_pattern(term: Term) -> re.Pattern[str] | None:
    """Any spelling's words in order, each starting on a word boundary ("bomb" finds "bombs")."""
    alternatives = []
    for words in term.spellings:
        if not words:
            continue
        body = r"[^a-z0-9]+".join(re.escape(w) for w in words)
        if not term.whole:
            tail = r"[a-z0-9]*"  # widens the highlight from "bomb" to "bombs"
        elif words in term.hangul:
            tail = _PARTICLE + r"(?![a-z0-9])"
        else:
            tail = r"(?![a-z0-9])"
        alternatives.append((body, tail))
    if not alternatives:
        return None
    # Longest first: the highlight covers "Republic of Korea", not "Korea" alone.
    body = "|".join(b + t for b, t in sorted(alternatives, key=lambda a: len(a[0]), reverse=True))
    return re.compile(r"(?<![a-z0-9])(?:" + body + r")")


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


def _typed(text: str) -> list[str]:
    """The terms as typed: markup dropped, each of two letters or more, each once."""
    plain = html.unescape(_TAG.sub(" ", text))
    # A term said twice is looked for once: a query of one word repeated costs one word.
    typed = split_terms(plain)
    folds = {t: fold(t) for t in set(typed)}
    unique = {folds[t]: t for t in reversed(typed) if len(folds[t].replace(" ", "")) >= MIN_TERM}
    return list(reversed(unique.values()))


def _terms(text: str, names: Equivalents) -> list[Term]:
    """What to look for: words that together spell a known name joined, stopwords last."""
    typed = _typed(text)
    terms: list[Term] = []
    i = 0
    while i < len(typed):
        # The longest run of plain words (a quoted phrase stands alone) that names something.
        for j in range(min(len(typed), i + names.longest), i, -1):
            run = typed[i:j]
            plain = j == i + 1 or not any(" " in t for t in run)
            if plain and squash(" ".join(run)) in names.groups:
                break
        else:
            j = i + 1
        joined = " ".join(typed[i:j])
        spellings = names.spellings(joined)
        words = tuple(fold(joined).split())
        if len(words) > 1:
            spellings = (*spellings, ("".join(words),))  # "Viet Nam" also as "Vietnam"
        whole = names.names(joined)
        hangul = frozenset(w for w in spellings if w in names.hangul) if whole else frozenset()
        terms.append(Term(joined, tuple(dict.fromkeys(spellings)), whole, hangul))
        i = j
    kept = [t for t in terms if fold(t.text) not in _STOPWORDS]
    return kept or terms


def _split_words(index: SearchIndex, terms: list[Term]) -> list[Term]:
    """Each one-word spelling the index lacks also as two whole words of it ("viet nam")."""
    out = []
    for term in terms:
        extra = [
            (word[:k], word[k:])
            for words in term.spellings
            if len(words) == 1 and not index.has_word(words[0])
            for word in words
            for k in range(MIN_SPLIT, len(word) - MIN_SPLIT + 1)
            if index.has_word(word[:k]) and index.has_word(word[k:])
        ]
        spellings = tuple(dict.fromkeys((*term.spellings, *extra)))
        out.append(Term(term.text, spellings, term.whole, term.hangul))
    return out


def _names(ref: Reference | None) -> Equivalents:
    """The spellings of the register (`ref`, else the bundled one) and of spellings.yaml."""
    if ref is None:
        return _bundled_names()
    return identity_cached("search-spellings", (ref,), lambda: equivalents(ref.people))


@cache
def _bundled_names() -> Equivalents:
    return equivalents(load_reference().people)


def _segment_of(corpus: Corpus, sources: Iterable[str], evidence: bool) -> IndexSegment:
    """The sentences of these sources (and, with `evidence`, of sources not stored)."""
    builder = SegmentBuilder()
    for source_id in sources:
        owner = dialogue_of_source(corpus, source_id)
        texts = body_sentences(corpus.sources[source_id].text)
        builder.add(source_key(source_id), source_id, owner.id if owner else None, texts)
    if evidence:
        for d in corpus.stored():
            lost = [e for e in every_evidence(d) if e.source_id not in corpus.sources]
            for source_id, rows in groupby(lost, key=lambda e: e.source_id):
                texts = [clip(e.sentence.strip()) for e in rows]
                builder.add(f"d:{d.id}:{source_id}", source_id, d.id, texts)
    return builder.segment()


def _indexed(corpus: Corpus) -> SearchIndex:
    """The corpus's sentence index: the store's segments, missing sources added; once."""

    from bot.domain.search_index import PackedSegment, SearchIndex

    def build() -> SearchIndex:
        parts = corpus.search_parts
        segments = []
        for raw in parts.load() if parts is not None else []:
            try:
                segments.append(PackedSegment(raw))
            except ValueError:
                continue  # not what this version writes: its sources are indexed again
        covered = {key for segment in segments for key in segment.keys.every()}
        missing = [s for s in corpus.sources if source_key(s) not in covered]
        if missing or not segments:
            # Nothing stored (a new or older index) is built whole, evidence included; sources
            # saved by an older Briefbot since are added. Either is stored for the next start.
            fresh = _segment_of(corpus, missing, evidence=not segments)
            segments.append(PackedSegment(pack(fresh)))
            if parts is not None and fresh.keys:
                parts.save(fresh)
        sources = corpus.sources
        indexed = sum(1 for key in covered if key.startswith("s:"))
        del covered
        if indexed + len(missing) == len(sources):
            return SearchIndex(segments, corpus.rank())  # every indexed source is stored
        return SearchIndex(
            segments, corpus.rank(), keep=lambda key, sid: key.startswith("d:") or sid in sources
        )

    return identity_cached("search-index", (corpus,), build)


def _patterns(terms: Sequence[Term]) -> list[re.Pattern[str]]:
    """The patterns of a query's meaningful terms; none when it has no usable term."""
    return [p for p in (_term_pattern(t) for t in terms) if p is not None]


def _found(corpus: Corpus, terms: list[Term]) -> tuple[SearchIndex, Ids, list[re.Pattern[str]]]:
    """The index, its texts holding every term, and the patterns that highlight them."""
    index = _indexed(corpus)
    terms = _split_words(index, terms)
    patterns = _patterns(terms)
    spellings = [t.spellings for t in terms]
    candidates = index.candidates(spellings)
    # The index finds sentences with the words; the patterns check order and adjacency, and
    # that a name's spellings end where their words do (the index reads each as a prefix).
    if any(t.whole for t in terms) or not index.exact(spellings):
        candidates = index.only(candidates, lambda folded: all(p.search(folded) for p in patterns))
    return index, candidates, patterns


def _within(corpus: Corpus, period: Period) -> Callable[[str | None], bool]:
    """Whether a dialogue (by id) is dated within `period`."""
    return lambda dialogue_id: corpus.dated_within(period, dialogue_id)


def search_dialogue_ids(
    corpus: Corpus,
    text: str,
    limit: int,
    ref: Reference | None = None,
    period: Period | None = None,
) -> tuple[list[str], bool]:
    """The dialogues of a search's first `limit` sentences, in its order, and whether more.

    With a `period`, only sentences of dialogues dated within it, as `search` counts them.
    """
    terms = _terms(text, _names(ref))
    if not _patterns(terms):
        return [], False
    index, candidates, _ = _found(corpus, terms)
    # Newest dialogue first (then sources linked to none).
    ordered = index.hits(candidates, None if period is None else _within(corpus, period))
    return [s.dialogue_id for s in ordered.cut(0, limit) if s.dialogue_id], len(ordered) > limit


def search(
    corpus: Corpus, ref: Reference, text: str, page: int = 1, period: Period | None = None
) -> SearchView | NotFoundView | UsageView:
    """Sentences holding every term (quoted phrases stay whole), grouped by dialogue; a page.

    With a `period`, only sentences of dialogues dated within it.
    """
    terms = _terms(text, _names(ref))
    if not _patterns(terms):
        return usage("search", f"Give a word of {MIN_TERM} letters or more, or a quoted phrase.")
    index, candidates, patterns = _found(corpus, terms)
    ordered = index.hits(candidates)
    command = f"search {' '.join(text.split())}"
    if period is not None and ordered:
        ordered = index.hits(candidates, _within(corpus, period))
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
    for key, rows in groupby(ordered.cut(*shown.bounds), key=lambda s: s.dialogue_id):
        owner = corpus.by_id.get(key or "")
        snippets = tuple(
            Snippet(_segments(_sentence(s), patterns), citation(corpus, owner, s.source_id))
            for s in rows
        )
        hits.append(SearchHit(dialogue_ref(ref, owner) if owner else None, snippets))
    return SearchView(
        query=text,
        terms=tuple(t.text for t in terms),
        hits=tuple(hits),
        total=len(ordered),
        shown=sum(len(h.snippets) for h in hits),
        page=shown,
        period=period,
    )


def _sentence(hit: Hit) -> Sentence:
    """The sentence with the offsets highlighting needs (folded char by char only when shown)."""
    folded, origin = _fold_mapped(hit.text)
    return Sentence(hit.text, folded, origin, hit.source_id, hit.dialogue_id)


@lru_cache(maxsize=4096)
def _fold_mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """`fold_mapped`, the shown pages' sentences kept."""
    return fold_mapped(text)
