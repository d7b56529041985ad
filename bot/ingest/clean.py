"""Turn a raw article body into clean paragraphs: encoding repair, boilerplate and repeats gone."""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from functools import lru_cache
from typing import NamedTuple

import ftfy

from bot.domain.text import fold
from bot.ingest.markup import markup_to_text

# --- encoding -----------------------------------------------------------------------------------


def _cp1258_table() -> dict[str, int]:
    """Characters windows-1258 maps to single bytes >= 0x80, by the byte they stand for."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        # A few bytes are unassigned in cp1258; they cannot appear in this kind of mojibake.
        with suppress(UnicodeDecodeError):
            table[bytes([byte]).decode("cp1258")] = byte
    return table


_CP1258_BYTE = _cp1258_table()


def _char_class(low: int, high: int, *, lost_nbsp: bool = False) -> str:
    """Regex class of the cp1258 characters standing for bytes low..high."""
    chars = [c for c, b in _CP1258_BYTE.items() if low <= b <= high]
    # A 0xA0 continuation byte decoded to a no-break space, which was often flattened to ' '.
    if lost_nbsp:
        chars.append(" ")
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_CONT = _char_class(0x80, 0xBF, lost_nbsp=True)
_UTF8_RUN = re.compile(
    "(?:"
    + f"{_char_class(0xC2, 0xDF)}{_CONT}"
    + f"|{_char_class(0xE0, 0xEF)}{_CONT}{{2}}"
    + f"|{_char_class(0xF0, 0xF4)}{_CONT}{{3}}"
    + ")+"
)
# Scripts a repaired run may decode to; anything else (e.g. Cyrillic) is a false alarm.
_PLAUSIBLE_SCRIPTS = ("LATIN", "HANGUL", "CJK")


def _plausible(text: str) -> bool:
    """True when every repaired character is a letter of an expected script or punctuation."""
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith(_PLAUSIBLE_SCRIPTS) or 0x2000 <= ord(char) <= 0x206F:
            continue
        return False
    return True


def _repair_run(match: re.Match[str]) -> str:
    """Re-read one run of cp1258 characters as the UTF-8 bytes they were; keep it if that fails."""
    run = match.group(0)
    raw = bytes(_CP1258_BYTE.get(c, 0xA0) for c in run)
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return run
    return repaired if _plausible(repaired) else run


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 read as windows-1258 run by run ("HoĂ ng" -> "Hoàng"), leaving good text."""
    return _UTF8_RUN.sub(_repair_run, text)


def fix_encoding(text: str) -> str:
    """Repair per-run cp1258 mojibake, then let ftfy fix ordinary mojibake and curly quotes."""
    return _ftfy(fix_mojibake(text))


# A line ftfy leaves as it is: printable ASCII and tabs, without "&" (an HTML entity) or "<"
# (which turns ftfy's entity decoding off for the rest of the text).
_PLAIN_LINE = re.compile(r"[\t\x20-\x25\x27-\x3b\x3d-\x7e]*\n?")
_FTFY_SEGMENT = ftfy.TextFixerConfig().max_decode_length


def _ftfy(text: str) -> str:
    """ftfy.fix_text, segment by segment as it works, passing over the lines it leaves alone."""
    out: list[str] = []
    entities: str | bool = "auto"
    start = 0
    while start < len(text):
        end = min(text.find("\n", start) + 1 or len(text), start + _FTFY_SEGMENT)
        segment = text[start:end]
        if not _PLAIN_LINE.fullmatch(segment):
            if "<" in segment:
                entities = False  # as fix_text does: no entity decoding from here on
            segment = ftfy.fix_text(segment, unescape_html=entities)
        out.append(segment)
        start = end
    return "".join(out)


# --- whitespace ---------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters that may sit inside a word ("Chi\u00adến"): soft hyphen, zero widths.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalise_whitespace(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line between paragraphs."""
    lines = [_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- boilerplate --------------------------------------------------------------------------------

# Whole lines that are site furniture, compared folded.
_BOILERPLATE = frozenset(
    fold(line)
    for line in (
        "See more",
        "Read more",
        "You May Also like",
        "Related news",
        "Stay Connected",
        "Share",
        "Tags",
        "Advertisement",
    )
)
_LONE_SYMBOL = re.compile(r"^[\W_]{1,3}$")
# "ảnh 1" is how VNA pages label photos; "(Photo: VNA)" closes a caption.
_CAPTION = re.compile(r"\bảnh \d+|\((?:photo|ảnh|source)\s*:[^)]*\)\s*$", re.IGNORECASE)
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY_PATTERN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = (
    rf"(?:{WEEKDAY_PATTERN},?\s+)?"
    rf"(?:{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{MONTH_PATTERN},?\s+\d{{4}})"
)
_DATE_LINE = re.compile(rf"^{_DATE}$")
# Numeric page stamps: "21/06/2019 - 15:22", "Thứ hai, 10/12/2018, 14:17 (GMT+7)",
# "Ngày đăng : 20:16, 12/02/2019", "기사등록 2019/02/12 19:46:04".
_NUMERIC_STAMP = re.compile(
    r"^[^\d]{0,20}?(?:\d{1,2}:\d{2}\s*,?\s*)?"
    r"(?:\d{1,2}/\d{1,2}/(?:19|20)\d\d|(?:19|20)\d\d[./-]\d{1,2}[./-]\d{1,2})"
    r"(?:\s*[-–,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*\(GMT\s*[+-]\s*\d{1,2}\))?$"
)
_END_MARKER = re.compile(
    r"(?:\s*[-–—]\s*(?:VNA|VNS|VNP|VOV|VGP|NDO|VNN)|\s*\((?:VNA|VNS)\))\s*$|(?<=\.)/\.\s*$"
)


def is_boilerplate(line: str) -> bool:
    """True for site furniture: "See more", "Stay Connected", a lone "×" and the like."""
    return _folded(line) in _BOILERPLATE or bool(_LONE_SYMBOL.match(line))


@lru_cache(maxsize=256)
def _folded(text: str) -> str:
    # A line is folded to test for furniture, and again, mostly unchanged, to find repeats.
    return fold(text)


def is_caption(line: str) -> bool:
    """True for a photo caption line ("... ảnh 1Vietnamese Minister ... (Photo: VNA)")."""
    return bool(_CAPTION.search(line))


def is_date_line(line: str) -> bool:
    """True for a line that is only a date stamp: "Wednesday, August 13, 2025", "21/06/2019"."""
    line = line.strip()
    return bool(_DATE_LINE.match(line) or _NUMERIC_STAMP.match(line))


def strip_end_marker(paragraph: str) -> str:
    """Drop agency sign-offs: "budget.-VNA" -> "budget.", "Ocean. — VNS", "time./." -> "time."."""
    return _END_MARKER.sub("", paragraph).rstrip()


# --- datelines ----------------------------------------------------------------------------------


class Dateline(NamedTuple):
    """The place (and date, when given) an article was filed from, and the text it took up."""

    place: str
    date: str | None
    text: str


_PLACE = r"(?P<place>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,3})"
_AGENCY = r"(?:\s*\((?P<agency>[^()]{1,30})\))?"
_DATELINES = (
    # "Hanoi, April 24, 2024, The Europe Today: "
    re.compile(rf"^{_PLACE},\s*(?P<date>{_DATE})(?:,\s*[^:,]{{1,40}})?\s*:\s+"),
    # "Seoul – 12 August 2025 (MT Team) : "
    re.compile(rf"^{_PLACE}\s+[-–—]\s+(?P<date>{_DATE}){_AGENCY}\s*:\s+"),
    # "Seoul (VNA) – ", "HÀ NỘI — "
    re.compile(rf"^{_PLACE}{_AGENCY}\s+[-–—]\s+"),
)


def find_dateline(paragraph: str) -> Dateline | None:
    """Recognise a dateline opening a paragraph; its place words must all be capitalised."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if match and all(word[0].isupper() for word in match["place"].split()):
            date = match.groupdict().get("date")
            return Dateline(place=match["place"], date=date, text=match[0])
    return None


def strip_dateline(paragraph: str) -> str:
    """Remove a leading dateline ("Seoul (VNA) –", "HÀ NỘI —"), keeping the sentence."""
    dateline = find_dateline(paragraph)
    if dateline is None:
        return paragraph
    rest = paragraph[len(dateline.text) :]
    return rest[:1].upper() + rest[1:]


# --- repeats ------------------------------------------------------------------------------------


def dedupe_paragraphs(paragraphs: list[str]) -> list[str]:
    """Keep the first copy of each paragraph (compared folded), in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        key = _folded(paragraph)
        if key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


# --- pipeline -----------------------------------------------------------------------------------


def clean_paragraph(line: str) -> str | None:
    """Clean one line; None when the whole line is furniture, a caption or a date stamp."""
    if not line or is_boilerplate(line) or is_caption(line) or is_date_line(line):
        return None
    cleaned = strip_end_marker(strip_dateline(line))
    return cleaned or None


def plain_lines(body: str) -> list[str]:
    """The body as text lines: markup converted, encoding repaired, whitespace normalised."""
    return _repaired(body).split("\n")


@lru_cache(maxsize=4)
def _repaired(body: str) -> str:
    # Cleaning and the front-matter scan both read the same body: ftfy runs once for both.
    return normalise_whitespace(fix_encoding(markup_to_text(body)))


def clean_text(body: str) -> str:
    """Clean an article body into paragraphs separated by blank lines."""
    paragraphs = [p for p in map(clean_paragraph, plain_lines(body)) if p]
    return "\n\n".join(dedupe_paragraphs(paragraphs))


# --- sentences ----------------------------------------------------------------------------------

# Words that end in a period without ending the sentence.
_ABBREVIATIONS = frozenset(
    str.split(
        "gen lt col maj capt cmdr adm sgt mr mrs ms dr prof sen rep gov no nos st sr jr vs approx "
        "dept est fig inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec"
    )
)
# A sentence ends at . ! ? before a capital (Latin or Vietnamese), a digit or Hangul.
_BOUNDARY = re.compile(r"""[.!?]+["'”’)]*\s+(?=["'“‘(]?[A-Z0-9\u00c0-\u1ef9\uac00-\ud7a3])""")


def _ends_with_abbreviation(text: str) -> bool:
    """True when `text` (up to a boundary period) ends in an abbreviation or initial."""
    word = text.rsplit(None, 1)[-1].lstrip("(\"'“‘").rstrip(".")
    if "." in word:  # U.S., e.g.
        return True
    if len(word) == 1 and word.isupper():  # an initial such as "J."
        return True
    return word.lower() in _ABBREVIATIONS


def _split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph at sentence ends that are not abbreviations."""
    found: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        head = paragraph[start : match.start() + 1]
        if match.group(0)[0] == "." and _ends_with_abbreviation(head):
            continue
        end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        found.append(paragraph[start:end].strip())
        start = match.end()
    found.append(paragraph[start:].strip())
    return [s for s in found if s]


def sentences(text: str) -> list[str]:
    """Sentences of cleaned text, paragraph by paragraph; each is a verbatim substring."""
    return [s for p in text.split("\n") if p.strip() for s in _split_paragraph(p.strip())]
