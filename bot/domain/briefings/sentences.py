"""Every sentence the corpus holds, split and folded once, for search to scan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from bot.domain.briefings.citations import dialogue_of_source
from bot.domain.corpus import Corpus
from bot.domain.headings import split_title
from bot.domain.resolve import identity_cached
from bot.domain.text import clip

_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[^a-z\s])")
_LAST_WORD = re.compile(r"(\w+)$")
# A full stop after these is an abbreviation ("Gen. Phan Van Giang"), not a sentence end.
_ABBREVIATION_LIST = "gen lt col maj mr mrs ms dr prof sen rep gov st sr jr no vs"
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())


@dataclass(frozen=True)
class Sentence:
    """A searchable sentence: its text, a folded copy, and where each folded char came from."""

    text: str
    folded: str
    origin: tuple[int, ...]
    source_id: str
    dialogue_id: str | None


def fold_mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold char by char (ASCII, lower case, punctuation as spaces), keeping offsets."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for t in anyascii(char).lower():
            out.append(t if t.isascii() and t.isalnum() else " ")
            origin.append(i)
    return "".join(out), tuple(origin)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, line by line, not cut after titles or initials."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for boundary in _BOUNDARY.finditer(line):
            word = _LAST_WORD.search(line[start : boundary.start()])
            last = word.group(1) if word else ""
            if last.lower() in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
            out.append(line[start : boundary.end()].strip())
            start = boundary.end()
        out.append(line[start:].strip())
    return [s for s in out if s]


def sentence_index(corpus: Corpus) -> tuple[Sentence, ...]:
    """Every body sentence of every stored source, plus evidence of sources not stored; once."""

    def build() -> tuple[Sentence, ...]:
        seen: set[tuple[str, str]] = set()
        out: list[Sentence] = []

        def add(text: str, source_id: str, dialogue_id: str | None) -> None:
            text = clip(text)
            if (text, dialogue_id or source_id) in seen:
                return  # pages often repeat paragraphs; a sentence counts once per dialogue
            seen.add((text, dialogue_id or source_id))
            folded, origin = fold_mapped(text)
            out.append(Sentence(text, folded, origin, source_id, dialogue_id))

        for src in corpus.sources.values():
            owner = dialogue_of_source(corpus, src.id)
            # The headline and decks are not sentences of the article.
            _title, body = split_title(src.text)
            for sentence in split_sentences(body):
                add(sentence, src.id, owner.id if owner else None)
        for d in corpus.dialogues:
            evidence = [
                *d.summary,
                *(e for hit in d.topics for e in hit.evidence),
                *(e for hit in d.positions for e in hit.evidence),
                *(c.evidence for c in d.commitments),
            ]
            for e in evidence:
                if e.source_id not in corpus.sources:
                    add(e.sentence.strip(), e.source_id, d.id)
        return tuple(out)

    return identity_cached("sentences", (corpus,), build)
