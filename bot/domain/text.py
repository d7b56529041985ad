"""Text normalisation shared by matching and indexing."""

from __future__ import annotations

import hashlib
import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")
# A lone UTF-16 surrogate (a JSON "\ud800" escape) cannot be encoded, so nothing can send it.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def scrub(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, so it can be encoded and sent."""
    return _SURROGATE.sub(REPLACEMENT, text)


def fold(text: str) -> str:
    """Lower-case ASCII form: case, diacritics, hyphens and punctuation do not matter."""
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()


def squash(text: str) -> str:
    """Folded form without spaces, so "Lee Jong-sup" and "Lee Jongsup" meet."""
    return fold(text).replace(" ", "")


def slugify(text: str) -> str:
    """URL- and deep-link-safe id: "Phan Văn Giang" -> "phan-van-giang"."""
    return fold(text).replace(" ", "-")


# Longest id a record gets: "/dialogue <id>" (button data) and "dialogue_<id>" (deep link
# payload) must both fit Telegram's 64 bytes.
MAX_ID = 54
# A person's briefing is paged: "/person <id> page 999" must fit the 64 bytes as well.
MAX_PERSON_ID = 46
_ID_HASH = 6


def short_slug(text: str, limit: int = MAX_ID) -> str:
    """A slug of at most `limit` characters; a cut one ends in a short hash of the whole."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(slug.encode("ascii")).hexdigest()[:_ID_HASH]
    head = slug[: limit - _ID_HASH - 1]
    # End on a whole word when that keeps most of the room.
    if head.rfind("-") > limit // 2:
        head = head[: head.rfind("-")]
    return f"{head.rstrip('-')}-{digest}"


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


# How much of what someone typed an answer repeats back ("No person matches “…”").
ECHO_LIMIT = 60


def echo(text: str) -> str:
    """User text as an answer repeats it: on one line, and cut short with "…" when long."""
    return clip(" ".join(scrub(text).split()), ECHO_LIMIT)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
