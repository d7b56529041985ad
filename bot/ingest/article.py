"""Read one article file: an optional `---` header (outlet, url, published) and the raw body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HEADER_FENCE = "---"
# Legacy code pages for a file that is not UTF-8. Korean (EUC-KR and its superset CP949) first,
# kept only when it reads as Hangul: Vietnamese or Western bytes rarely pair up that way, while
# cp1258 and cp1252 decode almost anything. Vietnamese only when the cp1258 reading shows
# letters no Western text has (a hook or dot below, ư, đ).
FALLBACK_ENCODINGS = ("cp949", "cp1258", "cp1252")
_VIETNAMESE_ONLY = frozenset("\u0309\u0323ưƯđĐ")
# Share of control characters above which a decoded file is treated as binary, not text.
MAX_CONTROL_SHARE = 0.01
# Control characters (Unicode category Cc) other than line breaks, tabs and the separators.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f]")


class ArticleError(ValueError):
    """An article file that cannot be ingested; the message is one line naming the file."""


@dataclass(frozen=True)
class RawArticle:
    """An article as received: header fields plus the untouched body text."""

    file: str
    outlet: str | None
    url: str | None
    published: date | None
    body: str


def read_article(path: Path, *, max_bytes: int = 2_000_000) -> RawArticle:
    """Read, decode and split an article file; raise ArticleError when it is not usable text."""
    name = path.name
    data = _read_bytes(path, max_bytes)
    text = _decode(data, name)
    header, body = _split_header(text)
    if not body.strip():
        raise ArticleError(f"{name}: the article has no body text")
    return RawArticle(
        file=name,
        outlet=header.get("outlet") or None,
        url=header.get("url") or None,
        published=_parse_published(header.get("published"), name),
        body=body,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most one byte past the limit, so a huge file is never loaded whole."""
    name = path.name
    if path.exists() and not path.is_dir() and not path.is_file():
        # A pipe, socket or device: opening it could block ingestion for good.
        raise ArticleError(f"{name}: not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise ArticleError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise ArticleError(f"{name}: cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise ArticleError(f"{name}: file is larger than {max_bytes:,} bytes")
    if not data.strip():
        raise ArticleError(f"{name}: file is empty")
    return data


def _decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (BOM tolerated), else a legacy code page; refuse binary content."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{name}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "utf-16", *FALLBACK_ENCODINGS):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp949" and not _mostly_hangul(text):
            continue  # bytes that happen to pair up as CP949 but read as no Korean
        if encoding == "cp1258" and _VIETNAMESE_ONLY.isdisjoint(text):
            continue  # latin-1 / cp1252: "São" must not become "Săo"
        if _looks_binary(text):
            break
        return text
    raise ArticleError(f"{name}: looks like a binary file, not text")


def _mostly_hangul(text: str) -> bool:
    """True when most characters beyond ASCII are Hangul syllables: a Korean text."""
    wide = [c for c in text if ord(c) > 0x7F]
    hangul = sum(1 for c in wide if "\uac00" <= c <= "\ud7a3")
    return bool(wide) and hangul >= len(wide) * 0.8


def _looks_binary(text: str) -> bool:
    """True when control characters (other than line breaks and tabs) are more than rare."""
    return len(_CONTROLS.findall(text)) > len(text) * MAX_CONTROL_SHARE


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Split off a leading `---` header of `key: value` lines; no header means all body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != HEADER_FENCE:
        return {}, text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == HEADER_FENCE:
            header = _parse_header(lines[1:index])
            return header, "".join(lines[index + 1 :])
    # An opening fence without a closing one is part of the body, not a header.
    return {}, text


def _parse_header(lines: list[str]) -> dict[str, str]:
    """Parse `key: value` lines; values may themselves contain colons (URLs)."""
    header: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep:
            header[key.strip().lower()] = value.strip()
    return header


def _parse_published(value: str | None, name: str) -> date | None:
    """Parse an ISO `published` date; an empty value means unknown."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArticleError(f"{name}: header date {value!r} is not YYYY-MM-DD") from None
