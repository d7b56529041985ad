"""Briefings in a terminal: Telegram HTML shown with rich's bold, italics, colour and links."""

from __future__ import annotations

from html.parser import HTMLParser

from rich.text import Text

from bot.domain.commands import Scope
from bot.domain.commands.all_commands import CATALOGUE

_STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
    "code": "cyan",
    "pre": "cyan",
    "blockquote": "dim",
}


class _RichBuilder(HTMLParser):
    """Appends each run of text with the styles of the tags around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = Text()
        self._styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        self._styles.append(f"underline link {href}" if href else _STYLES.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if self._styles:
            self._styles.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data, style=" ".join(s for s in self._styles if s) or None)


def html_to_rich(html: str) -> Text:
    """Telegram HTML (as briefs/ renders it) as styled terminal text; markup in data stays text."""
    builder = _RichBuilder()
    builder.feed(html)
    builder.close()
    return builder.text


def complete_command(word: str) -> list[str]:
    """The commands the terminal answers that `word` begins ("/to" → "/topic ", "/topics ")."""
    stem = word.lstrip("/").lower()
    return [
        f"/{name} "
        for command in CATALOGUE
        if command.menu and command.scope is Scope.BRIEFING
        for name in command.names
        if name.startswith(stem)
    ]
