"""An article's headline and the decks under it, told apart from its body text.

Articles are stored cleaned: paragraphs separated by blank lines. Extraction reads only the
body, and so does search, so a headline or deck is never quoted as one of the article's
sentences.
"""

from __future__ import annotations


def paragraphs(clean: str) -> list[str]:
    """The paragraphs of cleaned text."""
    return [p for p in clean.split("\n\n") if p.strip()]


_MAX_TITLE_WORDS = 16
_TERMINAL = (".", "!", "?", ":", ";", '"', "'", ")")


def is_heading(line: str, *, first: bool = False) -> bool:
    """A short line without closing punctuation: a headline or deck, not prose."""
    words = line.split()
    if not words or len(words) > _MAX_TITLE_WORDS or line.endswith(_TERMINAL):
        return False
    # Headlines come in sentence case too ("Vietnam, RoK hold 12th dialogue in Seoul").
    if first or len(words) <= 8:
        return True
    # Longer decks are written in title case.
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised >= 0.6 * len(long_words)


def split_title(clean: str) -> tuple[str | None, str]:
    """Split a leading headline off cleaned text; decks right under it are dropped too."""
    parts = paragraphs(clean)
    title: str | None = None
    while len(parts) > 1 and is_heading(parts[0], first=title is None):
        heading = parts.pop(0)
        title = title or heading
    if title is None:
        return None, clean
    return title, "\n\n".join(parts)
