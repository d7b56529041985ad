"""How the two sides, North Korea and third countries are named in English, Vietnamese, Korean."""

from __future__ import annotations

import re

from bot.domain.models import Country

# North Korea first: "North Korea" and "Triều Tiên" must not count as the RoK. The Korean
# Peninsula ("bán đảo Triều Tiên", "한반도") is a topic of Vietnam–RoK talks, not a counterpart.
DPRK = re.compile(
    r"\bNorth(?:ern)?\s+Korea(?:n|'s)?\b|\bDPRK\b|\bD\.P\.R\.K\b"
    r"|\bDemocratic\s+People(?:'|’)?s\s+Republic\s+of\s+Korea\b|\bPyongyang\b"
    r"|(?<!bán đảo )(?<!Bán đảo )\bTriều\s+Tiên\b|\bCHDCND\b|\bBình\s+Nhưỡng\b|\bBắc\s+Triều\b"
    r"|\bKorean\s+Central\s+News\s+Agency\b|\bKCNA\b|\bRodong\b"
    r"|북한|북측|평양|조선민주주의|조선중앙통신|노동신문|北韓|朝鮮",
    re.IGNORECASE,
)
# The Republic of Korea, never North Korea: "Korea" alone counts only where no "North" precedes.
KOREA = re.compile(
    r"(?<!People's )(?<!People’s )\bRepublic\s+of\s+Korea\b|\bRoK\b|\bR\.O\.K\b"
    r"|\bSouth\s+Korea(?:n|'s|’s)?\b"
    r"|(?<!North )(?<!North-)(?<!Northern )(?<!inter-)(?<!of )\bKorea(?:n|ns|'s|’s)?\b"
    r"(?!\s+Peninsula)"
    r"|\bHàn\s+Quốc\b|\bNam\s+Hàn\b|\bĐại\s+Hàn\b|\bHàn\s*[-–]\s*Việt\b|\bViệt\s*[-–]\s*Hàn\b"
    r"|대한민국|한국|한\s*[·‧・\-–]\s*베|韓越|韓國|南韓|韩国",
    re.IGNORECASE,
)
VIETNAM = re.compile(
    r"\bViet\s*Nam(?:ese)?\b|\bVietnam(?:ese|'s|’s)?\b|\bViệt\s+Nam\b|\bHanoi\b|\bHà\s+Nội\b"
    r"|\bHàn\s*[-–]\s*Việt\b|\bViệt\s*[-–]\s*Hàn\b|베트남|월남|越南|韓越|하노이",
    re.IGNORECASE,
)
# Third countries whose talks with one of the two sides are not Vietnam–RoK dialogues.
THIRD_COUNTRIES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "Japan": r"\bJapan(?:ese)?\b|\bNhật\s+Bản\b|\bTokyo\b|일본|日本",
        "China": r"\bChina\b|\bChinese\b|\bTrung\s+Quốc\b|\bBeijing\b|\bBắc\s+Kinh\b|중국|中国",
        "the United States": r"\bUnited\s+States\b|\bU\.S\.(?=\s)|\bHoa\s+Kỳ\b|미국",
        "the Philippines": r"\bPhilippines?\b|\bFilipino\b|\bPhilippin\b|필리핀",
        "Laos": r"\bLaos\b|\bLào\b|라오스",
        "Cambodia": r"\bCambodia(?:n)?\b|\bCampuchia\b|캄보디아",
        "Thailand": r"\bThailand\b|\bThái\s+Lan\b|태국",
        "Indonesia": r"\bIndonesia(?:n)?\b|인도네시아",
        "India": r"\bIndia\b|\bẤn\s+Độ\b",
        "Australia": r"\bAustralia(?:n)?\b|\bÚc\b|호주",
        "Russia": r"\bRussia(?:n)?\b|\bLiên\s+bang\s+Nga\b|러시아",
        "Singapore": r"\bSingapore(?:an)?\b|싱가포르",
        "Malaysia": r"\bMalaysia(?:n)?\b|말레이시아",
        "France": r"\bFrance\b|\bFrench\b|\bPháp\b|프랑스",
        "Germany": r"\bGermany\b|\bCHLB\s+Đức\b|독일",
        "the United Kingdom": r"\bUnited\s+Kingdom\b|\bBritain\b|\bVương\s+quốc\s+Anh\b|영국",
        "Poland": r"\bPoland\b|\bPolish\b|\bBa\s+Lan\b|폴란드",
        "Mongolia": r"\bMongolia(?:n)?\b|\bMông\s+Cổ\b|몽골",
    }.items()
}


def count(pattern: re.Pattern[str], text: str) -> int:
    """How many times a side's names occur in `text`."""
    return len(pattern.findall(text))


def names_side(text: str | None) -> Country | None:
    """VN or KR from a phrase naming one country ("RoK", "Hàn Quốc", "베트남"); None for DPRK."""
    if not text:
        return None
    if DPRK.search(text):
        return None
    korea, vietnam = KOREA.search(text), VIETNAM.search(text)
    if korea and vietnam:
        return None
    return "KR" if korea else "VN" if vietnam else None


def third_countries(text: str) -> list[str]:
    """Third countries `text` names, in the order of the table."""
    return [name for name, pattern in THIRD_COUNTRIES.items() if pattern.search(text)]
