"""Bytes of a web page to text, in whatever character set it came: declared, meta, or detected."""

from __future__ import annotations

import codecs
import re

# WHATWG's encoding standard: these labels mean the wider Windows code page in practice.
_WIDER = {
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096


class DecodeError(ValueError):
    """The body is not text in any character set Briefbot can tell."""


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, widened per WHATWG; None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _WIDER.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(data: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, then the header's charset, the page's meta, UTF-8, then detection."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    meta = _META.search(data[:_SNIFF_BYTES])
    # A declared charset the bytes do not fit is wrong: the next clue is tried.
    for label in (charset_of(content_type), meta.group(1).decode("ascii") if meta else None):
        text = _try(data, _codec(label))
        if text is not None:
            return text
    text = _try(data, "utf-8")
    if text is not None:
        return text
    from charset_normalizer import from_bytes  # only pages that need detection pay for it

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise DecodeError("the page's character set cannot be told (not valid text)")
    return str(best)
