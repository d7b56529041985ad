"""Articles saved as web pages: HTML markup to plain paragraphs, before any other cleaning."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# A body is treated as HTML only when it carries real page markup, so prose mentioning "<" or
# an odd "<b>" is left alone.
_PAGE_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|br|script|style|article|section|h[1-6]|li|ul|ol"
    r"|table|tr|td|span|a)\b[^>]*>",
    re.IGNORECASE,
)
# Elements whose content is never article text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "button"})
# Elements that end a paragraph (or a line) of text.
_BLOCKS = frozenset(
    str.split(
        "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
        "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul"
    )
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr"})


def looks_like_html(text: str) -> bool:
    """True when the text holds web-page markup rather than prose."""
    return _PAGE_MARKUP.search(text) is not None


class _PageText(HTMLParser):
    """Visible text of a page: hidden elements dropped, each block on its own line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._hidden.clear()  # an unclosed <head> ends where the body starts
        elif tag in _HIDDEN and tag not in _VOID:
            self._hidden.append(tag)
        elif tag in _BLOCKS and not self._hidden:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not self._hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            while self._hidden.pop() != tag:
                pass  # elements left open inside it close with it
        elif tag in _BLOCKS and not self._hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            # Inside a block, source line breaks are only layout.
            self.parts.append(re.sub(r"\s+", " ", data))


def markup_to_text(text: str) -> str:
    """Plain text of an HTML page, one block per line; text that is not HTML is unchanged."""
    if not looks_like_html(text):
        return text
    parser = _PageText()
    parser.feed(text)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
