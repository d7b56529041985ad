"""Where each sentence comes from: a source's outlet, date and link, and the facts it backs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from bot.domain.briefings.blocks import Citation, Fact, Pledge
from bot.domain.briefings.formatting import format_event_date, format_published
from bot.domain.briefings.speakers import language_tag, speaker
from bot.domain.caching import identity_cached
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Evidence, SourceRef
from bot.domain.reference import Reference

MAX_FACTS = 3
# What can be grouped by article: a fact, a pledge, or a fact under a label (a topic's name).
Cited = TypeVar("Cited", Fact, Pledge, tuple[str | None, Fact])
_SAFE_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


def _source_ref(corpus: Corpus, dialogue: Dialogue | None, source_id: str) -> SourceRef | None:
    if dialogue is not None:
        for src in dialogue.sources:
            if src.id == source_id:
                return src
    return corpus.sources.get(source_id)


def _source_owners(corpus: Corpus) -> dict[str, Dialogue]:
    """Source id -> the dialogue listing it, built once per corpus."""

    def build() -> dict[str, Dialogue]:
        return {s.id: d for d in corpus.dialogues for s in d.sources}

    return identity_cached("source-owners", (corpus,), build)


def dialogue_of_source(corpus: Corpus, source_id: str) -> Dialogue | None:
    """The dialogue a source reports on: the one it was stored for, else one that lists it."""
    stored = corpus.sources.get(source_id)
    if stored is not None and stored.dialogue_id and stored.dialogue_id in corpus.by_id:
        return corpus.by_id[stored.dialogue_id]
    return _source_owners(corpus).get(source_id)


def citation(corpus: Corpus, dialogue: Dialogue | None, source_id: str) -> Citation:
    """Outlet and date of a source; the dialogue's date stands in for a missing one."""
    src = _source_ref(corpus, dialogue, source_id)
    outlet = src.outlet if src and src.outlet else "Unknown outlet"
    if src is not None and src.published is not None:
        when = format_published(src.published)
    elif dialogue is not None and (dialogue.date.month or dialogue.date.year):
        # The heading says where an inferred year came from; a citation stays "outlet, date".
        when = format_event_date(dialogue.date, basis=False)
    else:
        when = "date unknown"
    url = src.url if src and src.url and _SAFE_URL.match(src.url) else None
    return Citation(source_id=source_id, outlet=outlet, date=when, url=url)


def fact(
    corpus: Corpus,
    dialogue: Dialogue,
    evidence: Evidence,
    ref: Reference | None = None,
    *,
    sided: bool = False,
) -> Fact:
    """A quoted sentence with its citation, speaker and language (clipped at ingestion)."""
    # A sentence with no language of its own is in its article's language.
    src = _source_ref(corpus, dialogue, evidence.source_id)
    article = src.lang if src is not None else None
    return Fact(
        text=evidence.sentence,
        citation=citation(corpus, dialogue, evidence.source_id),
        speaker=speaker(corpus, ref, dialogue, evidence, sided=sided),
        lang=language_tag(evidence.lang or article),
    )


def facts(
    corpus: Corpus,
    dialogue: Dialogue,
    evidence: Iterable[Evidence],
    limit: int = MAX_FACTS,
    ref: Reference | None = None,
    *,
    sided: bool = False,
) -> tuple[Fact, ...]:
    """Up to `limit` distinct sentences, each cited and credited to its speaker."""
    unique: dict[tuple[str, str], Evidence] = {}
    for e in evidence:
        if e.sentence:
            unique.setdefault((e.sentence.strip(), e.source_id), e)
    chosen = [
        e.model_copy(update={"sentence": text}) for (text, _id), e in list(unique.items())[:limit]
    ]
    return tuple(fact(corpus, dialogue, e, ref, sided=sided) for e in chosen)


def _citation_of(item: Fact | Pledge | tuple[str | None, Fact]) -> Citation:
    if isinstance(item, Fact):
        return item.citation
    if isinstance(item, Pledge):
        return item.fact.citation
    return item[1].citation


def by_source(items: Iterable[Cited]) -> list[tuple[Citation, list[Cited]]]:
    """Facts or pledges grouped by the article they quote, in order of first mention."""
    # One "VNA, 28 Mar 2023:" line over its statements, not the citation on every line.
    groups: dict[str, tuple[Citation, list[Cited]]] = {}
    for item in items:
        cited = _citation_of(item)
        groups.setdefault(cited.source_id, (cited, []))[1].append(item)
    return list(groups.values())
