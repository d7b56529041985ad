"""Text normalisation shared by matching and indexing."""

from __future__ import annotations

import re

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII form: case, diacritics, hyphens and punctuation do not matter."""
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


def squash(text: str) -> str:
    """Folded form without spaces, so "Lee Jong-sup" and "Lee Jongsup" meet."""
    return fold(text).replace(" ", "")


def slugify(text: str) -> str:
    """URL- and deep-link-safe id: "Phan Văn Giang" -> "phan-van-giang"."""
    return fold(text).replace(" ", "-")


# Longest sentence a briefing quotes; longer "sentences" are page junk run together.
MAX_QUOTE = 800


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` whole when short enough, else cut at a word boundary before `limit` with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
