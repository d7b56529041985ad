"""The language an article is written in: English, Vietnamese or Korean."""

from __future__ import annotations

import re
from functools import cache

from lingua import Language as Lingua
from lingua import LanguageDetector, LanguageDetectorBuilder

from bot.domain.models import Language

# Enough text to tell the three languages apart; more only costs time.
_SAMPLE = 1500
# Hangul letters among all letters above which a text is Korean without asking the detector.
_HANGUL_SHARE = 0.3
_CODES: dict[Lingua, Language] = {
    Lingua.ENGLISH: "en",
    Lingua.VIETNAMESE: "vi",
    Lingua.KOREAN: "ko",
}


@cache
def _detector() -> LanguageDetector:
    """One detector for the three languages, built once (building loads its models)."""
    return LanguageDetectorBuilder.from_languages(*_CODES).with_low_accuracy_mode().build()


# Hangul syllables and jamo, all of them letters.
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff]")


def detect_language(text: str) -> Language:
    """ "en", "vi" or "ko" for a text; English when it cannot tell."""
    sample = text[:_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    if not letters:
        return "en"
    if len(_HANGUL.findall(sample)) > letters * _HANGUL_SHARE:
        return "ko"
    found = _detector().detect_language_of(sample)
    return _CODES.get(found, "en") if found is not None else "en"


def stored_language(lang: Language) -> Language | None:
    """The form records keep: None stands for English."""
    return None if lang == "en" else lang
