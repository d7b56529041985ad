"""Briefing views to Telegram HTML messages (split to fit) and to plain text for the terminal.

Both outputs come from the same template render, so the bot and the terminal never disagree:
plain text is the HTML with tags stripped, entities unescaped and links written "text (url)".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.domain.briefings import View
from bot.domain.briefings.citations import by_source
from bot.domain.text import echo, scrub
from bot.resources import TEMPLATES

DEFAULT_TEMPLATE_DIR = TEMPLATES
TELEGRAM_LIMIT = 4096  # telegram.constants.MessageLimit.MAX_TEXT_LENGTH, without importing PTB

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
# Preferred break points, coarsest first: paragraphs, lines, sentences, words.
_BREAKS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?;:])\s+"),
    re.compile(r"\s+"),
)


def _plural(n: int, word: str, many: str | None = None) -> str:
    """Template helper: "1 dialogue", "3 dialogues"."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def make_environment(template_dir: Path | None = None) -> Environment:
    """Jinja2 over `template_dir` (default: the repo's briefs/), HTML-escaped and strict."""
    env = Environment(
        loader=FileSystemLoader(template_dir or DEFAULT_TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["plural"] = _plural
    # Whatever a user typed is repeated through this filter: one line, at most ~60 characters.
    env.filters["echo"] = echo
    env.filters["by_source"] = by_source
    return env


def _tidy(html: str) -> str:
    """Drop trailing spaces and runs of blank lines that template logic leaves behind."""
    lines = "\n".join(line.rstrip() for line in html.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", lines).strip()


class Renderer:
    """Renders views with one Jinja2 environment; build one per template directory."""

    def __init__(self, template_dir: Path | None = None, *, limit: int = TELEGRAM_LIMIT) -> None:
        self.env = make_environment(template_dir)
        self.limit = limit

    def html(self, view: View) -> str:
        """The whole briefing as one Telegram-HTML string (may exceed one message)."""
        template = self.env.get_template(type(view).template)
        # Whatever a view carries from a user or an article, the output can be encoded.
        return scrub(_tidy(template.render(view=view)))

    def messages(self, view: View) -> list[str]:
        """The briefing as Telegram messages, each within the length limit."""
        return split_html(self.html(view), self.limit)

    def text(self, view: View) -> str:
        """The briefing as plain text."""
        return html_to_text(self.html(view))


@cache
def default_renderer() -> Renderer:
    """The renderer over the repo's briefs/ directory, built on first use."""
    return Renderer()


def render_html(view: View, renderer: Renderer | None = None) -> list[str]:
    """Telegram-HTML messages for a view, each at most 4096 characters."""
    return (renderer or default_renderer()).messages(view)


def render_text(view: View, renderer: Renderer | None = None) -> str:
    """Plain text for a view, from the same template as the HTML."""
    return (renderer or default_renderer()).text(view)


# --- HTML to plain text -----------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    """Collects text; a link becomes "text (url)" unless the text is the url."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            href, start = self._links.pop()
            label = "".join(self.parts[start:]).strip()
            if href and href != label:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Strip tags, unescape entities, write links as "text (url)"."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# --- splitting --------------------------------------------------------------------------------


def _size(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so emoji cannot push a message over."""
    return len(text.encode("utf-16-le")) // 2


def _tag_name(tag: str) -> str:
    match = _TAG.match(tag)
    return match.group(2).lower() if match else ""


def _advance(stack: tuple[str, ...], piece: str) -> tuple[str, ...]:
    """Open tags after `piece`, given those open before it (each kept as written, to reopen)."""
    opened = list(stack)
    for match in _TAG.finditer(piece):
        name = match.group(2).lower()
        if not match.group(1):
            opened.append(match.group(0))
            continue
        for index in range(len(opened) - 1, -1, -1):
            if _tag_name(opened[index]) == name:
                del opened[index:]
                break
    return tuple(opened)


def _closers(stack: tuple[str, ...]) -> str:
    return "".join(f"</{_tag_name(tag)}>" for tag in reversed(stack))


def _pieces(text: str, level: int) -> list[tuple[str, str]]:
    """(separator, piece) pairs cut at break `level`, never inside a tag or an entity."""
    if level >= len(_BREAKS):
        return [("", token) for token in _TOKEN.findall(text)]
    tags = [m.span() for m in _ANY_TAG.finditer(text)]
    starts = [a for a, _ in tags]
    out: list[tuple[str, str]] = []
    sep, start = "", 0
    for match in _BREAKS[level].finditer(text):
        # Tags never overlap: only the last one starting before the break's end can hold it.
        last = bisect_left(starts, match.end()) - 1
        if match.start() == 0 or (last >= 0 and match.start() < tags[last][1]):
            continue
        out.append((sep, text[start : match.start()]))
        sep, start = match.group(0), match.end()
    out.append((sep, text[start:]))
    return [(s, p) for s, p in out if p]


class _Packer:
    """Fills messages greedily; tags open at a cut are closed and reopened in the next one."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.messages: list[str] = []
        self.stack: tuple[str, ...] = ()
        self.body = ""
        self.filled = False

    def add(self, sep: str, piece: str, level: int) -> None:
        after = _advance(self.stack, piece)
        joined = self.body + (sep if self.filled else "") + piece
        if _size(joined + _closers(after)) <= self.limit or (
            not self.filled and level >= len(_BREAKS)
        ):
            self.body, self.stack, self.filled = joined, after, True
            return
        if self.filled:
            self.flush()
            self.add("", piece, level)
            return
        # Too big even for an empty message: cut it finer.
        for sub_sep, sub_piece in _pieces(piece, level + 1):
            self.add(sub_sep, sub_piece, level + 1)

    def flush(self) -> None:
        message = (self.body + _closers(self.stack)).strip()
        if _has_text(message):
            self.messages.append(message)
        self.body, self.filled = "".join(self.stack), False


def _has_text(html: str) -> bool:
    """True when `html` shows any text: the same answer as html_to_text, without a parser."""
    return bool(unescape(_ANY_TAG.sub("", html)).strip())


def split_html(html: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut HTML at blank lines, else lines, sentences, words, characters; tags stay balanced."""
    packer = _Packer(limit)
    for sep, piece in _pieces(html.strip(), 0):
        packer.add(sep, piece, 0)
    packer.flush()
    return packer.messages
