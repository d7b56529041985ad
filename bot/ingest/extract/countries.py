"""Which side of the Vietnam–RoK pair a phrase or a person's name belongs to."""

from __future__ import annotations

from bot.domain.models import Country
from bot.domain.text import fold
from bot.ingest.extract.words import word_list

# How articles write each country, as regex fragments for the title patterns.
KOREA_PATTERN = r"(?:the\s+)?(?:Republic\s+of\s+Korea(?:\s*\(RoK\))?|RoK|South\s+Korea|Korea)"
VIETNAM_PATTERN = r"(?:Vietnam|Viet\s+Nam|Việt\s+Nam)"
NATION_PATTERN = rf"(?:{KOREA_PATTERN}|{VIETNAM_PATTERN}|South\s+Korean|Korean|Vietnamese)"

_VN_SURNAMES = frozenset(
    word_list(
        "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly to trinh dinh "
        "mai truong luong lam cao doan ta chu quach"
    )
)
_KR_SURNAMES = frozenset(
    word_list(
        "kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han "
        "oh seo shin kwon hwang ahn song yoo hong jeon ko moon yang son bae baek heo noh"
    )
)


def nation(text: str | None) -> Country | None:
    """VN or KR from a phrase naming the country ("RoK", "Vietnamese", "Republic of Korea")."""
    if not text:
        return None
    folded = f" {fold(text)} "
    if any(k in folded for k in (" rok ", " korea ", " korean ")):
        return "KR"
    if any(k in folded for k in (" vietnam ", " viet nam ", " vietnamese ")):
        return "VN"
    return None


def other_side(country: Country | None) -> Country | None:
    """The other side of a Vietnam–RoK pair."""
    return {"VN": "KR", "KR": "VN", None: None}[country]


def surname_country(name: str) -> Country | None:
    """A last-resort guess from the name's form: hyphenated given names and surnames."""
    words = fold(name).split()
    if "-" in name:
        return "KR"
    if words and words[0] in _VN_SURNAMES:
        return "VN"
    if words and words[0] in _KR_SURNAMES:
        return "KR"
    return None
