"""Validator for Telegram's HTML parse mode, modelled on tdlib's parser and the Bot API docs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MAX_CAPTION_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "ParsedHtml",
    "assert_telegram_html",
    "check_telegram_html",
    "parse_telegram_html",
    "utf16_len",
]

# Error texts for what Telegram rejects mirror tdlib ("Unsupported start tag ..."). Beyond that
# the checker is deliberately as strict as the Bot API docs, although tdlib tolerates these:
# a raw "&" or ">", unknown named entities, unsupported attributes and entity nesting that
# Telegram silently flattens (e.g. tags inside <code>). Those are escaping/formatting bugs.
MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

# Tag name -> Bot API entity type produced by the tag (None: decided when the tag closes).
_TAG_ENTITY: dict[str, str | None] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": None,
}
_ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "span": frozenset({"class"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,10})|([a-zA-Z][a-zA-Z0-9]*));?")
_SPACE = " \t\r\n\f\v"
_TAG_NAME_RE = re.compile(r"[a-z!][a-z0-9-]*/?")
# Bot API nesting rules: these entities cannot contain any other entity.
_LEAF_TAGS = frozenset({"code", "tg-emoji"})


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram uses for limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class ParsedHtml:
    """Result of parsing: visible text, Bot API entities (UTF-16 offsets) and problems found."""

    text: str
    entities: list[dict[str, Any]]
    problems: list[str]

    @property
    def ok(self) -> bool:
        """Whether no problems were found."""
        return not self.problems


@dataclass
class _Frame:
    name: str
    attrs: dict[str, str | None]
    offset: int  # UTF-16 offset of the first visible character inside the tag
    byte_offset: int
    language: str | None = None
    children: list[str] = field(default_factory=list)


class _Fatal(Exception):
    """Structural error after which tdlib (and we) stop parsing."""


class _Parser:
    """Single-pass parser; keeps going after recoverable problems so all of them are reported."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_Frame] = []
        self.entities: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.unknown_tags: set[str] = set()

    def byte_offset(self, index: int) -> int:
        # Telegram reports positions as UTF-8 byte offsets into the request text.
        return len(self.src[:index].encode("utf-8", "surrogatepass"))

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.utf16 += utf16_len(chunk)

    def run(self) -> ParsedHtml:
        try:
            self._parse()
        except _Fatal as exc:
            self.problems.append(str(exc))
        else:
            if self.stack:
                name = self.stack[-1].name
                self.problems.append(f'Can\'t find end tag corresponding to start tag "{name}"')
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return ParsedHtml("".join(self.out), entities, self.problems)

    def _parse(self) -> None:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "&":
                self.emit(self._entity(self.pos))
            elif ch == "<":
                self._tag()
            elif ch == ">":
                self.problems.append(
                    f'Unescaped ">" at byte offset {self.byte_offset(self.pos)}; use &gt;'
                )
                self.emit(">")
                self.pos += 1
            else:
                end = self.pos
                while end < len(src) and src[end] not in "&<>":
                    end += 1
                self.emit(src[self.pos : end])
                self.pos = end

    def _entity(self, start: int, *, in_attribute: bool = False) -> str:
        """Decode the character reference at ``start`` and advance past it."""
        match = _ENTITY_RE.match(self.src, start)
        where = f"byte offset {self.byte_offset(start)}"
        if match is not None and match.group(0).endswith(";"):
            hex_digits, dec_digits, name = match.groups()
            value: str | None = None
            if name is not None:
                value = _NAMED_ENTITIES.get(name)
                if value is None:
                    self.problems.append(
                        f'Unsupported named HTML entity "&{name};" at {where}; '
                        "only &lt; &gt; &amp; &quot; and numeric entities are allowed"
                    )
            else:
                code = int(hex_digits, 16) if hex_digits is not None else int(dec_digits)
                if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
                    value = chr(code)
                else:
                    self.problems.append(f"Invalid numeric HTML entity at {where}")
            self.pos = match.end()
            return value if value is not None else match.group(0)
        place = "in an attribute value " if in_attribute else ""
        self.problems.append(f'Unescaped "&" {place}at {where}; use &amp;')
        self.pos = start + 1
        return "&"

    def _tag(self) -> None:
        src, begin = self.src, self.pos
        if src.startswith("</", begin):
            self._end_tag(begin)
            return
        i = begin + 1
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        if i >= len(src):
            raise _Fatal(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = src[begin + 1 : i].lower()
        if name not in _TAG_ENTITY:
            # A stray "<" (e.g. "a < b") lands here too, exactly as in Telegram.
            self.problems.append(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
            close = src.find(">", i)
            if _TAG_NAME_RE.fullmatch(name) and close != -1:
                # Skip the whole unknown tag (and later its end tag) to avoid cascading reports.
                self.unknown_tags.add(name)
                self.pos = close + 1
            else:
                self.emit("<")
                self.pos = begin + 1
            return
        self.pos = i
        attrs = self._attributes(name, begin)
        self._open(name, attrs, begin)

    def _attributes(self, tag: str, begin: int) -> dict[str, str | None]:
        src = self.src
        attrs: dict[str, str | None] = {}
        at = f'the tag "{tag}" at byte offset {self.byte_offset(begin)}'
        while True:
            while self.pos < len(src) and src[self.pos] in _SPACE:
                self.pos += 1
            if self.pos >= len(src):
                raise _Fatal(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if src[self.pos] == ">":
                self.pos += 1
                return attrs
            name_start = self.pos
            while self.pos < len(src) and src[self.pos] not in _SPACE and src[self.pos] not in "=>":
                self.pos += 1
            attr = src[name_start : self.pos].lower()
            if not attr:
                raise _Fatal(f"Empty attribute name in {at}")
            while self.pos < len(src) and src[self.pos] in _SPACE:
                self.pos += 1
            value: str | None = None
            if self.pos < len(src) and src[self.pos] == "=":
                self.pos += 1
                while self.pos < len(src) and src[self.pos] in _SPACE:
                    self.pos += 1
                if self.pos >= len(src):
                    raise _Fatal(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
                value = self._attribute_value(begin)
            if attr not in _ALLOWED_ATTRIBUTES.get(tag, frozenset()):
                self.problems.append(f'Unsupported attribute "{attr}" in {at}')
            attrs[attr] = value

    def _attribute_value(self, begin: int) -> str:
        src = self.src
        quote = src[self.pos]
        if quote not in "'\"":
            # Unquoted values are HTML name tokens: letters, digits, "." and "-" only.
            start = self.pos
            while self.pos < len(src) and (src[self.pos].isalnum() or src[self.pos] in ".-"):
                self.pos += 1
            if self.pos < len(src) and src[self.pos] not in _SPACE and src[self.pos] != ">":
                raise _Fatal(
                    f"Unexpected end of name token at byte offset {self.byte_offset(start)}"
                )
            return src[start : self.pos].lower()
        self.pos += 1
        chunks: list[str] = []
        while self.pos < len(src) and src[self.pos] != quote:
            if src[self.pos] == "&":
                chunks.append(self._entity(self.pos, in_attribute=True))
            elif src[self.pos] == "<":
                self.problems.append(
                    f'Unescaped "<" in an attribute value at byte offset '
                    f"{self.byte_offset(self.pos)}; use &lt;"
                )
                chunks.append("<")
                self.pos += 1
            else:
                chunks.append(src[self.pos])
                self.pos += 1
        if self.pos >= len(src):
            raise _Fatal(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        self.pos += 1
        return "".join(chunks)

    def _open(self, name: str, attrs: dict[str, str | None], begin: int) -> None:
        at = f"at byte offset {self.byte_offset(begin)}"
        if name == "span" and attrs.get("class") != "tg-spoiler":
            self.problems.append(f'Tag "span" must have class "tg-spoiler" {at}')
        if name == "tg-emoji" and not (attrs.get("emoji-id") or "").isdigit():
            self.problems.append(f'Tag "tg-emoji" must have a numeric "emoji-id" attribute {at}')
        if name == "a" and "href" in attrs and not attrs["href"]:
            self.problems.append(f'Tag "a" has an empty "href" {at}')
        if name == "blockquote" and attrs.get("expandable") not in (None, ""):
            self.problems.append(f'Attribute "expandable" of tag "blockquote" takes no value {at}')
        parent = self.stack[-1] if self.stack else None
        in_pre = parent is not None and parent.name == "pre"
        if name == "code" and "class" in attrs:
            language = attrs["class"] or ""
            if not in_pre:
                self.problems.append(
                    f'Attribute "class" of tag "code" is only allowed in <pre> {at}'
                )
            elif not language.startswith("language-") or len(language) == len("language-"):
                self.problems.append(f'Tag "code" class must look like "language-xxx" {at}')
        self._check_nesting(name, in_pre, at)
        if parent is not None:
            parent.children.append(name)
        self.stack.append(_Frame(name, attrs, self.utf16, self.byte_offset(begin)))

    def _check_nesting(self, name: str, in_pre: bool, at: str) -> None:
        for frame in self.stack:
            # Telegram silently drops entities nested like this, so formatting would be lost.
            bad = (
                frame.name in _LEAF_TAGS
                or (
                    frame.name == "pre"
                    and not (name == "code" and in_pre and frame is self.stack[-1])
                )
                or (frame.name == "blockquote" and name == "blockquote")
                or (frame.name == "a" and name == "a")
            )
            if bad:
                self.problems.append(f'Tag "{name}" can\'t be nested inside "{frame.name}" {at}')
                return
        if in_pre and name == "code" and "code" in self.stack[-1].children:
            self.problems.append(f'Tag "pre" may contain only one "code" tag {at}')

    def _end_tag(self, begin: int) -> None:
        src = self.src
        i = begin + 2
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        name = src[begin + 2 : i].lower()
        while i < len(src) and src[i] in _SPACE:
            i += 1
        if i >= len(src) or src[i] != ">":
            raise _Fatal(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        self.pos = i + 1
        at = f"byte offset {self.byte_offset(begin)}"
        if name in self.unknown_tags:
            return
        if not self.stack:
            self.problems.append(f"Unexpected end tag at {at}")
            return
        top = self.stack[-1]
        if name and name != top.name:
            self.problems.append(
                f'Unmatched end tag at {at}, expected "</{top.name}>", found "</{name}>"'
            )
            # Recover by closing up to a matching open tag, or ignore the stray end tag.
            if not any(frame.name == name for frame in self.stack):
                return
            while self.stack[-1].name != name:
                self._close(self.stack.pop())
        self._close(self.stack.pop())

    def _close(self, frame: _Frame) -> None:
        length = self.utf16 - frame.offset
        parent = self.stack[-1] if self.stack else None
        if frame.name == "code" and parent is not None and parent.name == "pre":
            # <pre><code class="language-x"> is a single pre entity carrying the language.
            language = frame.attrs.get("class") or ""
            if language.startswith("language-"):
                parent.language = language.removeprefix("language-")
            return
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": _TAG_ENTITY[frame.name], "offset": frame.offset}
        entity["length"] = length
        if frame.name == "blockquote":
            expandable = "expandable" in frame.attrs
            entity["type"] = "expandable_blockquote" if expandable else "blockquote"
        elif frame.name == "a":
            href = frame.attrs.get("href")
            if not href:
                return
            entity["url"] = href
        elif frame.name == "tg-emoji":
            entity["custom_emoji_id"] = frame.attrs.get("emoji-id") or ""
        elif frame.name == "pre" and frame.language:
            entity["language"] = frame.language
        self.entities.append(entity)


def parse_telegram_html(text: str, *, max_length: int | None = None) -> ParsedHtml:
    """Parse ``text`` as Telegram's HTML parse mode would; ``max_length`` adds a length check."""
    parsed = _Parser(text).run()
    if max_length is not None:
        length = utf16_len(parsed.text)
        if length > max_length:
            parsed.problems.append(
                f"Text is too long: {length} UTF-16 code units after entity parsing "
                f"(limit {max_length})"
            )
    return parsed


def check_telegram_html(text: str, *, max_length: int | None = MAX_MESSAGE_LENGTH) -> list[str]:
    """Problems Telegram (or its documented rules) would have with ``text``; empty means valid."""
    return parse_telegram_html(text, max_length=max_length).problems


def assert_telegram_html(text: str, *, max_length: int | None = MAX_MESSAGE_LENGTH) -> None:
    """Raise AssertionError listing every problem if ``text`` is not valid Telegram HTML."""
    problems = check_telegram_html(text, max_length=max_length)
    if problems:
        preview = text if len(text) <= 300 else text[:300] + "…"
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise AssertionError(f"Invalid Telegram HTML:\n{listing}\nin text: {preview!r}")
