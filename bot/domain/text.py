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
