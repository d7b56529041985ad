"""Commitments: money and targets pledged, with amount, currency and purpose."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from bot.domain.models import Commitment, CommitmentKind
from bot.domain.text import clip
from bot.ingest.extract.keywords import quote

_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "₩": "KRW",
    "krw": "KRW",
    "won": "KRW",
    "vnd": "VND",
    "dong": "VND",
    "đồng": "VND",
    "달러": "USD",
    "원": "KRW",
}
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "triệu": 1e6,
    "tỷ": 1e9,
    "tỉ": 1e9,
    "만": 1e4,
    "억": 1e8,
    "조": 1e12,
}
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = (
    r"(?:\s*(?P<scale{n}>thousand|million|billion|trillion|bn|m|nghìn|ngàn|triệu|tỷ|tỉ)\b"
    r"|\s*(?P<hangul{n}>만|억|조)(?=\s*(?:\d+\s*(?:만|억)\s*)?(?:달러|원)))?"
)
_MONEY = re.compile(
    rf"(?P<pre>US\$|\$|€|₩|(?:USD|EUR|KRW|VND)\s?)\s?(?P<num1>{_NUMBER}){_SCALE.format(n=1)}"
    rf"|(?P<num2>{_NUMBER}){_SCALE.format(n=2)}\s+(?P<post>US dollars|dollars|USD|euros?|EUR"
    rf"|won|KRW|VND|dong|đồng)\b"
    rf"|(?P<num3>{_NUMBER}){_SCALE.format(n=3)}\s*(?P<korean>달러|원)",
    re.IGNORECASE,
)
# Every figure is written in digits: a sentence without one states no money.
_DIGIT = re.compile(r"\d")
_SCALE_GROUPS = ("scale1", "hangul1", "scale2", "hangul2", "scale3", "hangul3")
# Figures joined into one pledge: "US$100 billion, even $150 billion".
_MONEY_JOIN = re.compile(r"^\s*,?\s*(?:and\s+|or\s+)?(?:even|up to|or|to|and)?\s*$")
_BY_YEAR = re.compile(r"^\s+(?:in|by)\s+(?P<year>\d{4})\b")
_TARGET = re.compile(
    r"\b(?P<verb>lift(?:ing)?|rais(?:e|ing)|increas(?:e|ing)|boost(?:ing)?|bring(?:ing)?)\s+"
    r"(?P<what>[\w-]+(?:\s+[\w-]+){0,3}?)\s+to\s+$",
    re.IGNORECASE,
)
# Verbs that introduce an aim: "addressing wartime bomb clearance" -> "wartime bomb clearance".
_AIM_VERB = re.compile(
    r"^(?:address|support|fund|financ|improv|promot|develop|help|boost|strengthen|enhanc"
    r"|implement|assist)ing\s+",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"^\s+(?:towards?|for|to)\s+(?P<rest>[^,;]+)")


def _amount(match: re.Match[str]) -> tuple[float, str]:
    """Value and ISO currency of one money match."""
    number = match["num1"] or match["num2"] or match["num3"]
    # "1,500,000" groups thousands; "1,5" is a decimal comma.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        value = float(number.replace(",", ""))
    else:
        value = float(number.replace(",", "."))
    groups = match.groupdict()
    scale = next((groups[k] for k in _SCALE_GROUPS if groups.get(k)), "").lower()
    unit = match["pre"] or match["post"] or match["korean"]
    currency = _CURRENCIES[unit.strip().lower()]
    return value * _SCALES.get(scale, 1.0), currency


def _purpose_phrase(rest: str) -> str:
    """ "two projects aimed at addressing wartime bomb clearance in Vietnam" -> the aim."""
    aim = re.split(r"\baimed at\b|\bin order to\b|\bto help\b", rest)[-1].strip(" .")
    aim = _AIM_VERB.sub("", aim)
    aim = re.sub(r"\s+in\s+[A-Z][\w ]*$", "", aim)
    aim = re.sub(r"^(?:the|a|an)\s+", "", aim)
    return aim.strip(" .")


# A figure the article recalls rather than one pledged at the meeting: thanks for aid already
# given, totals to date, past years' figures.
_BACKGROUND = re.compile(
    r"\b(?:thank(?:s|ed|ing)?|gratitude|grateful|appreciat(?:e|ed|es|ion)|has\s+(?:provided|given"
    r"|granted|funded|disbursed|invested|reached)|had\s+(?:provided|given|granted|funded|reached)"
    r"|so\s+far|to\s+date|previously|over\s+the\s+past|in\s+the\s+past|already|last\s+year"
    r"|reached|totall?ed|stood\s+at)\b"
    r"|\b(?:cảm\s+ơn|đã\s+(?:hỗ\s+trợ|viện\s+trợ|cung\s+cấp|tài\s+trợ|đạt)|thời\s+gian\s+qua|đạt)\b"
    r"|사의|감사|그동안|지금까지|지원해\s*왔|기록했|달했",
    re.IGNORECASE,
)
# Words that make a figure a pledge even beside a recalled one: "will", "agreed to", "sẽ".
_PLEDGE = re.compile(
    r"\b(?:will|would|pledged?|pledging|commit(?:ted|s)?\s+to|agreed\s+to|promised|vowed|target"
    r"|aim(?:ed|ing)?\s+to|strive)\b|\b(?:sẽ|cam\s+kết|nhất\s+trí|phấn\s+đấu|mục\s+tiêu)\b"
    r"|하기로|할\s*것|약속|목표",
    re.IGNORECASE,
)


def commitment_kind(sentence: str) -> CommitmentKind:
    """ "background" for a figure the sentence recalls, "pledge" for one made at the meeting."""
    if _BACKGROUND.search(sentence) and not _PLEDGE.search(sentence):
        return "background"
    return "pledge"


def _commitment(sentence: str, source_id: str) -> Commitment | None:
    """The pledge in a sentence stating money, or None; a joined larger figure is amount_max."""
    # The amount is the first (firm) figure; a larger one joined to it in the same currency
    # ("US$100 billion, even $150 billion") is the stretch target.
    figures = list(_MONEY.finditer(sentence)) if _DIGIT.search(sentence) else []
    if not figures:
        return None
    chain_end = figures[0].end()
    amount, currency = _amount(figures[0])
    amount_max: float | None = None
    for previous, figure in pairwise(figures):
        if not _MONEY_JOIN.match(sentence[previous.end() : figure.start()]):
            break
        chain_end = figure.end()
        value, unit = _amount(figure)
        if unit == currency and value > max(amount, amount_max or 0.0):
            amount_max = value
    evidence = quote(sentence, source_id)
    year = _BY_YEAR.match(sentence[chain_end:])
    if year:
        chain_end += year.end()
    # Without a target or a stated purpose, the whole sentence is the pledge.
    text = sentence
    purpose: str | None = None
    target = _TARGET.search(sentence[: figures[0].start()])
    support = _PURPOSE.match(sentence[chain_end:])
    if target:
        purpose = f"{target['what']} target" + (f" for {year['year']}" if year else "")
        text = sentence[target.start() : chain_end]
    elif support:
        text = sentence[figures[0].start() : chain_end + support.end()].rstrip(" .")
        purpose = clip(_purpose_phrase(support["rest"]))
    return Commitment(
        text=clip(text),
        amount=amount,
        amount_max=amount_max,
        currency=currency,
        purpose=purpose,
        evidence=evidence,
        kind=commitment_kind(sentence),
    )


def find_commitments(sentences_: Sequence[str], source_id: str) -> list[Commitment]:
    """Money and targets pledged, one per sentence that states a figure."""
    return [c for s in sentences_ if (c := _commitment(s, source_id))]
