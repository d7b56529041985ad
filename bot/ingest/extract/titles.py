"""Titles written around a name in Vietnamese and Korean, and unknown names Korean text gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.models import Country
from bot.domain.register import hangul_key
from bot.ingest.extract.sides import DPRK, names_side, third_countries

_VI_TITLE = re.compile(
    r"(?i:\b(?:Phó\s+)?Thủ\s+tướng|\b(?:Phó\s+)?Chủ\s+tịch|\b(?:Phó\s+)?Tổng\s+thống|\bTổng\s+Bí\s+thư"
    r"|\bThứ\s+trưởng|\bBộ\s+trưởng|\bĐại\s+sứ|\b(?:Thượng|Đại|Trung|Thiếu)\s+tướng|\bĐô\s+đốc"
    r"|\bngười\s+đồng\s+cấp|\bNgài|\bTư\s+lệnh|\bGiám\s+đốc|\bTổng\s+cục\s+trưởng|\bCục\s+trưởng)"
)
# Where a Vietnamese title phrase before a name starts: after a clause mark or a joining word.
_VI_CUT = re.compile(r"(?:[,.;:“”\"()]|\s(?:và|với|cùng|của|do|tiếp|gặp|hội\s+đàm|theo)\s)")
_VI_WINDOW = 90
_VI_AFTER = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?[,–-]\s*(?P<window>[^,.;()]{0,90})")


@dataclass(frozen=True)
class Title:
    """A title read around a name, the side it names, and whether it is a foreign one."""

    text: str | None
    country: Country | None
    foreign: bool  # it names North Korea or a third country: not a Vietnam–RoK participant
    counterpart: bool = False


def _foreign(text: str) -> bool:
    return bool(DPRK.search(text) or third_countries(text))


def vietnamese_title(sentence: str, start: int, end: int) -> Title:
    """The title written just before a name ("Thứ trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min")
    or just after it (", Thứ trưởng Bộ Quốc phòng Việt Nam")."""
    left = sentence[max(0, start - _VI_WINDOW) : start]
    cuts = list(_VI_CUT.finditer(left))
    window = left[cuts[-1].end() :] if cuts else left
    if _VI_TITLE.search(window):
        text = " ".join(window.split()).strip(" ,-–")
        counterpart = "đồng cấp" in text.lower()
        return Title(text, names_side(text), _foreign(text), counterpart)
    after = _VI_AFTER.match(sentence[end:])
    if after and _VI_TITLE.search(after["window"]):
        text = " ".join(after["window"].split()).strip(" ,-–")
        return Title(text, names_side(text), _foreign(text))
    return Title(None, names_side(window), _foreign(window))


# --- Korean ---------------------------------------------------------------------------------

_KO_HEADS = {
    "제1차관": "First Vice Minister",
    "제2차관": "Second Vice Minister",
    "차관보": "Assistant Minister",
    "차관": "Deputy Minister",
    "장관": "Minister",
    "대통령": "President",
    "국무총리": "Prime Minister",
    "부총리": "Deputy Prime Minister",
    "총리": "Prime Minister",
    "국가주석": "President",
    "주석": "President",
    "서기장": "General Secretary",
    "총비서": "General Secretary",
    "국회의장": "Chairman of the National Assembly",
    "합참의장": "Chairman of the Joint Chiefs of Staff",
    "대사": "Ambassador",
    "국방무관": "Defence Attaché",
    "청장": "Commissioner General",
    "사령관": "Commander",
    "외무상": "Foreign Minister",
}
_KO_MINISTRIES = {
    "국방부": "National Defence",
    "국방": "National Defence",
    "외교부": "Foreign Affairs",
    "외교": "Foreign Affairs",
    "공안부": "Public Security",
    "공안": "Public Security",
    "경찰청": "Police",
    "해양경찰청": "Coast Guard",
    "공산당": "the Communist Party",
    "당": "the Party",
}
# Offices only Vietnam has: a name before them is Vietnamese however it is written.
_VN_ONLY_HEADS = frozenset({"서기장", "총비서", "국가주석", "주석"})
_KO_TITLE = re.compile(
    r"(?P<prefix>(?:주\s*(?:베트남|한국?)\s*)?(?:(?:대한민국|한국|베트남|북한)\s*)?"
    r"(?:(?P<ministry>" + "|".join(sorted(_KO_MINISTRIES, key=len, reverse=True)) + r")\s*)?)"
    r"(?P<head>" + "|".join(sorted(_KO_HEADS, key=len, reverse=True)) + r")"
    # "주석궁" (the presidential palace), "대사관" (embassy), "장관급" (ministerial-level).
    r"(?![궁관급실단])"
)
# Words of two to four syllables that stand before titles but are not names.
_KO_NOT_NAME = frozenset(
    [
        "양국",
        "양측",
        "이날",
        "이번",
        "당시",
        "한국",
        "베트남",
        "국방부",
        "외교부",
        "정부",
        "우리",
        "이어",
        "또한",
        "전날",
        "지난",
        "오는",
        "현지",
        "신임",
        "그는",
        "그간",
        "두나라",
        "양국간",
        "상대국",
        "한편",
        "특히",
        "이후",
        "대한민국",
        "북한",
        "주한",
        "주베트남",
        "국방",
        "외교",
        "공안",
        "전",
        "현",
        "초대",
        "역대",
        "前",
        "각국",
        "해당",
        "관계",
        "면담",
        "회담",
        "예방",
        "접견",
        "통화",
    ]
)
# How Korean papers write Vietnamese family names; a Vietnamese name in Hangul starts with one.
_VN_SURNAMES_HANGUL = frozenset(
    [
        "응웬",
        "응우옌",
        "응우엔",
        "응옌",
        "호앙",
        "황",
        "팜",
        "판",
        "레",
        "쩐",
        "부",
        "보",
        "도",
        "당",
        "다오",
        "즈엉",
        "또",
        "호",
        "응오",
        "브엉",
        "딘",
        "딩",
        "리",
        "마이",
        "찐",
        "쯔엉",
        "르엉",
        "람",
        "까오",
        "도안",
        "따",
        "추",
        "꽉",
        "하",
        "부이",
        "후인",
        "흐엉",
        "르우",
        "뜨",
        "타이",
        "보반",
        "레반",
    ]
)
_COUNTRY_BEFORE = re.compile(
    r"(?:주\s*)?(?:대한민국|한국|베트남|북한)\s*(?:국방부|외교부|공안부|정부|공산당|당)?\s*$"
)
_HANGUL_WORD = re.compile(r"^[가-힣]+$")
_HANGUL_IN_PARENS = re.compile(r"[\u4e00-\u9fff]{2,4}\((?P<hangul>[가-힣]{2,4})\)$")
_LATIN_IN_PARENS = re.compile(r"\((?P<latin>[A-Za-zÀ-ỹ][A-Za-zÀ-ỹ .'-]{2,40})\)$")


@dataclass(frozen=True)
class KoreanName:
    """A name a Korean sentence writes before a title, with that title in English."""

    start: int
    end: int
    written: str  # as written (Hangul), or the Latin spelling given in parentheses
    title: Title
    hangul: str = ""  # the Hangul as written, also when a Latin spelling is given


def korean_names(sentence: str) -> list[KoreanName]:
    """Names written just before a title: "서주석 국방부 차관", "응웬 치 빙 베트남 국방차관"."""
    found: list[KoreanName] = []
    for match in _KO_TITLE.finditer(sentence):
        name = _name_before(sentence, match.start())
        if name is None:
            continue
        start, end, written, latin = name
        # "베트남 국방부 황 쑤언 찌엔 차관": a country written just before the name.
        before = _COUNTRY_BEFORE.search(sentence[:start])
        prefix_text = f"{before[0] if before else ''} {match['prefix']}"
        country = names_side(match["prefix"])
        if country is None and match["head"] in _VN_ONLY_HEADS:
            country = "VN"
        if country is None and before:
            country = names_side(before[0])
        if country is None:
            # Korean press names its own officials without a country; spaced syllables are the
            # usual transcription of a Vietnamese name.
            country = "VN" if " " in written.strip() or latin else "KR"
        head = _KO_HEADS[match["head"]]
        ministry = _KO_MINISTRIES.get(match["ministry"] or "")
        text = f"{head} of {ministry}" if ministry else head
        foreign = bool(DPRK.search(prefix_text)) or match["head"] == "외무상"
        title = Title(text, country, foreign)
        found.append(KoreanName(start, end, latin or written, title, hangul=written))
    return found


def _name_before(sentence: str, at: int) -> tuple[int, int, str, str | None] | None:
    """The name ending just before position `at`: one three-syllable Korean token, or two to four
    short tokens (a Vietnamese name in Hangul); a Latin spelling in parentheses is kept."""
    left = sentence[:at].rstrip()
    # "金泳三(김영삼)대통령": the Hangul reading after a name in Hanja.
    reading = _HANGUL_IN_PARENS.search(left)
    if reading and reading["hangul"] not in _KO_NOT_NAME:
        return reading.start("hangul"), reading.end("hangul"), reading["hangul"], None
    latin = None
    parens = _LATIN_IN_PARENS.search(left)
    if parens:
        latin = parens["latin"].strip()
        left = left[: parens.start()].rstrip()
    end = len(left)
    tokens = left.split(" ")
    if not tokens or not _HANGUL_WORD.match(tokens[-1] or "-"):
        return None
    last = tokens[-1]
    if len(last) == 3 and last not in _KO_NOT_NAME:
        # "도 무오이" (Đỗ Mười): a Vietnamese family name, then a three-syllable given name.
        if len(tokens) > 1 and tokens[-2] in _VN_SURNAMES_HANGUL:
            written = f"{tokens[-2]} {last}"
            return end - len(written), end, written, latin
        return end - len(last), end, last, latin
    short: list[str] = []
    for token in reversed(tokens):
        if not _HANGUL_WORD.match(token or "-") or token in _KO_NOT_NAME:
            break
        if len(token) > 2 and token not in _VN_SURNAMES_HANGUL:
            break
        short.insert(0, token)
        if len(short) == 4:
            break
    while short and short[0] not in _VN_SURNAMES_HANGUL:
        short.pop(0)
    if len(short) >= 2 or (latin and short):
        written = " ".join(short)
        return end - len(written), end, written, latin
    if latin and len(last) >= 2 and last not in _KO_NOT_NAME:
        return end - len(last), end, last, latin
    return None


def same_hangul(a: str, b: str) -> bool:
    """True when two Hangul spellings differ only in spacing."""
    return hangul_key(a) == hangul_key(b)
