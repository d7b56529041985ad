"""/source: one source article, found by id, id prefix or file name, with its text."""

from __future__ import annotations

import re

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.cards import MAX_SUGGESTIONS, dialogue_ref
from bot.domain.briefings.citations import citation, dialogue_of_source
from bot.domain.briefings.formatting import format_published
from bot.domain.briefings.views import NotFoundView, SourceView
from bot.domain.corpus import Corpus
from bot.domain.models import SourceRef
from bot.domain.reference import Reference

MAX_SOURCE_CHARS = 6000


def _all_source_refs(corpus: Corpus) -> dict[str, SourceRef]:
    """Stored sources plus those only named by a dialogue."""
    refs: dict[str, SourceRef] = dict(corpus.sources)
    for d in corpus.dialogues:
        for s in d.sources:
            refs.setdefault(s.id, s)
    return refs


def _find_source(refs: dict[str, SourceRef], query: str) -> SourceRef | None:
    """By id, by a unique id prefix (4+ characters), or by file name."""
    wanted = query.strip().strip("<>").lower()
    if not wanted:
        return None
    exact = [s for s in refs.values() if s.id.lower() == wanted]
    if exact:
        return exact[0]
    by_file = [
        s for s in refs.values() if wanted in {s.file.lower(), s.file.lower().rsplit(".")[0]}
    ]
    if len(by_file) == 1:
        return by_file[0]
    prefixed = [s for s in refs.values() if len(wanted) >= 4 and s.id.lower().startswith(wanted)]
    return prefixed[0] if len(prefixed) == 1 else None


def _paragraphs(text: str, limit: int = MAX_SOURCE_CHARS) -> tuple[tuple[str, ...], bool]:
    """Paragraphs up to about `limit` characters, and whether text was left out."""
    kept: list[str] = []
    used = 0
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    for part in parts:
        if used + len(part) > limit:
            return tuple(kept), True
        kept.append(part)
        used += len(part)
    return tuple(kept), False


def _source_ref(src: SourceRef) -> Ref:
    """A source as a button: "Outlet, 24 Apr 2024"."""
    when = format_published(src.published) if src.published else None
    return Ref("source", src.id, ", ".join(x for x in (src.outlet or src.file, when) if x))


def newest_source_refs(corpus: Corpus) -> tuple[Ref, ...]:
    """Sources of the newest dialogues as buttons, for when none was named."""
    newest = [s for d in corpus.dialogues for s in d.sources][:MAX_SUGGESTIONS]
    return tuple(_source_ref(s) for s in newest)


def source(
    corpus: Corpus, source_id: str, ref: Reference | None = None
) -> SourceView | NotFoundView:
    """One source: outlet, date, link, the dialogue it supports and its text."""
    found = _find_source(_all_source_refs(corpus), source_id)
    if found is None:
        return NotFoundView(
            kind="source",
            query=source_id,
            hint="Source ids are listed under each dialogue.",
            suggestions=newest_source_refs(corpus),
        )
    owner = dialogue_of_source(corpus, found.id)
    stored = corpus.sources.get(found.id)
    paragraphs, truncated = _paragraphs(stored.text) if stored else ((), False)
    cited = citation(corpus, owner, found.id)
    return SourceView(
        source=_source_ref(found),
        file=found.file,
        outlet=cited.outlet,
        date=cited.date,
        url=cited.url,
        title=stored.title if stored else None,
        dialogue=dialogue_ref(ref, owner) if owner else None,
        paragraphs=paragraphs,
        truncated=truncated,
    )
