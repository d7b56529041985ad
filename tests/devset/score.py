"""Score the extraction engine on the development set: people, dates, places, quotes, decoys.

Run from the repository root: `PYTHONPATH=$PWD python tests/devset/score.py [--json] [--verbose]`.
Each article in `articles/` goes through the real pipeline (read_article + extract with the
bundled reference data); `expected/<stem>.yaml` holds the facts written by hand from the text.
The table is GitHub markdown so it can be pasted into README. The exit code is always 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.domain.models import Dialogue, Evidence
from bot.domain.reference import Reference, load_reference
from bot.ingest.article import ArticleError, read_article
from bot.ingest.extract import extract

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
EXPECTED = HERE / "expected"
LANGS = ("en", "vi", "ko")

# Whole words that mark a name as an organisation or office, not a person.
ORG_WORDS = frozenset(
    [
        "ministry",
        "ministries",
        "commission",
        "committee",
        "department",
        "agency",
        "office",
        "council",
        "corporation",
        "company",
        "group",
        "university",
        "academy",
        "institute",
        "association",
        "embassy",
        "command",
        "operations",
        "forces",
        "army",
        "navy",
        "government",
        "guard",
        "police",
    ]
)
# Parts of a folded name that only an organisation has (Vietnamese and Korean institution
# names; long enough not to occur inside a personal name: the syllable 부 alone is a name).
ORG_PARTS = (
    "boquocphong",
    "bongoaigiao",
    "bocongan",
    "uyban",
    "hocvien",
    "daisuquan",
    "tongcuc",
    "quankhu",
    "canhsat",
    "국방부",
    "외교부",
    "위원회",
    "대사관",
    "경찰청",
    "사령부",
    "방위사업청",
)


def fold(text: str) -> str:
    """Compare form: casefolded, no diacritics, no hyphens, spaces or punctuation.

    Hangul is kept as Hangul (a transliteration would make 이 and 리 differ from Lee).
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return "".join(c for c in unicodedata.normalize("NFC", bare).casefold() if c.isalnum())


def _words(text: str) -> list[str]:
    """Folded words of a name, for spotting organisation words."""
    return [fold(w) for w in text.replace("-", " ").replace("(", " ").replace(")", " ").split()]


@dataclass
class ExpectedPerson:
    """A Vietnamese or RoK official the article says took part."""

    name: str
    country: str | None
    spellings: list[str]

    def forms(self) -> set[str]:
        """Every folded form that counts as this person."""
        return {fold(s) for s in [self.name, *self.spellings] if fold(s)}


@dataclass
class Expected:
    """Hand-written facts for one article."""

    lang: str
    decoy: str | None
    date: tuple[int | None, int | None, int | None] | None
    # True dates the text alone does not give (a URL, the public record): right, never invented.
    date_also: list[tuple[int | None, int | None, int | None]]
    place: str | None
    place_also: list[str]
    mechanism: str | None
    mechanism_also: list[str]
    edition: int | None
    people: list[ExpectedPerson]
    also_ok: list[str]
    not_people: list[str]
    attributions: list[dict[str, Any]]


def _parse_date(value: object) -> tuple[int | None, int | None, int | None] | None:
    """`2019-06-20` (YAML date or string) or `--06-20` (no year) or null."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    text = str(value).strip()
    if text.startswith("--"):
        month, day = text[2:].split("-")
        return (None, int(month), int(day))
    parsed = dt.date.fromisoformat(text)
    return (parsed.year, parsed.month, parsed.day)


def load_expected(path: Path) -> Expected:
    """Read and check one expected/<stem>.yaml."""
    return parse_expected(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def parse_expected(raw: dict[str, Any], name: str = "expected") -> Expected:
    """Check and convert the YAML mapping of one article's expected facts."""
    if raw.get("lang") not in LANGS:
        raise ValueError(f"{name}: lang must be one of {LANGS}")
    people = [
        ExpectedPerson(
            name=str(p["name"]),
            country=p.get("country"),
            spellings=[str(s) for s in p.get("spellings") or []],
        )
        for p in raw.get("people") or []
    ]
    return Expected(
        lang=raw["lang"],
        decoy=raw.get("decoy"),
        date=_parse_date(raw.get("date")),
        date_also=[d for d in map(_parse_date, raw.get("date_also") or []) if d],
        place=raw.get("place"),
        place_also=[str(p) for p in raw.get("place_also") or []],
        mechanism=raw.get("mechanism"),
        mechanism_also=[str(m) for m in raw.get("mechanism_also") or []],
        edition=raw.get("edition"),
        people=people,
        also_ok=[str(s) for s in raw.get("also_ok") or []],
        not_people=[str(s) for s in raw.get("not_people") or []],
        attributions=list(raw.get("attributions") or []),
    )


@dataclass
class ArticleScore:
    """What one article scored; `misses` lists every disagreement in words."""

    stem: str
    lang: str
    decoy: bool
    refused: bool
    refusal: str | None = None
    people_tp: int = 0
    people_fp: int = 0
    people_fn: int = 0
    wrong_country: int = 0
    orgs_as_people: int = 0
    date_right: bool = False
    year_invented: bool = False
    has_date: bool = False
    place_right: bool = False
    mechanism_right: bool = False
    edition_checked: bool = False
    edition_right: bool = False
    quotes_checked: int = 0
    quotes_right: int = 0
    quotes_open: int = 0
    quotes_wrong: int = 0
    misses: list[str] = field(default_factory=list)


def _evidence(dialogue: Dialogue) -> Iterable[Evidence]:
    """Every quoted sentence the dialogue carries."""
    yield from dialogue.summary
    for topic in dialogue.topics:
        yield from topic.evidence
    for position in dialogue.positions:
        yield from position.evidence
    for commitment in dialogue.commitments:
        yield commitment.evidence


def _is_org(name: str, not_people: Sequence[str]) -> bool:
    """A participant name that is an organisation, office or a listed non-person."""
    folded = fold(name)
    for other in not_people:
        key = fold(other)
        if key and (key == folded or (len(key) >= 4 and key in folded)):
            return True
    return any(w in ORG_WORDS for w in _words(name)) or any(p in folded for p in ORG_PARTS)


def _score_people(expected: Expected, dialogue: Dialogue, score: ArticleScore) -> None:
    """Match participants to expected people by folded name or spelling."""
    matched: set[int] = set()
    ok_keys = {fold(s) for s in expected.also_ok}
    for participant in dialogue.participants:
        key = fold(participant.name)
        hit = next(
            (i for i, p in enumerate(expected.people) if key in p.forms() and i not in matched),
            None,
        )
        if hit is not None:
            matched.add(hit)
            score.people_tp += 1
            want = expected.people[hit].country
            if want and participant.country != want:
                score.wrong_country += 1
                score.misses.append(
                    f"country: {participant.name} is {participant.country}, expected {want}"
                )
            continue
        if any(key in p.forms() for p in expected.people):
            score.people_fp += 1
            score.misses.append(f"person listed twice: {participant.name}")
            continue
        if key in ok_keys:
            continue
        score.people_fp += 1
        if _is_org(participant.name, expected.not_people):
            score.orgs_as_people += 1
            score.misses.append(f"organisation as a person: {participant.name!r}")
        else:
            score.misses.append(f"extra person: {participant.name} ({participant.country})")
    for i, person in enumerate(expected.people):
        if i not in matched:
            score.people_fn += 1
            score.misses.append(f"missing person: {person.name} ({person.country})")


def _score_date(expected: Expected, dialogue: Dialogue, score: ArticleScore) -> None:
    """Exact year/month/day as expected; a year where none is known is invented."""
    got = (dialogue.date.year, dialogue.date.month, dialogue.date.day)
    want = expected.date or (None, None, None)
    score.has_date = expected.date is not None
    score.date_right = got == want or got in expected.date_also
    if got[0] is not None and got[0] not in {want[0], *(d[0] for d in expected.date_also)}:
        score.year_invented = True
        score.misses.append(f"year invented: got {got[0]}, expected {want[0]}")
    if not score.date_right:
        score.misses.append(f"date: got {_show_date(got)}, expected {_show_date(want)}")


def _show_date(parts: tuple[int | None, int | None, int | None]) -> str:
    """`2019-06-20`, `--06-20`, or `none`."""
    year, month, day = parts
    if month is None and year is None:
        return "none"
    return "-".join(["-" if year is None else str(year), f"{month or 0:02}", f"{day or 0:02}"])


def _speaker_keys(expected: Expected, speaker: str) -> tuple[set[str], str | None]:
    """Folded forms and country of an expected speaker (one of the expected people)."""
    for person in expected.people:
        if fold(speaker) in person.forms():
            return person.forms(), person.country
    return {fold(speaker)}, None


def _said_by(dialogue: Dialogue, person_id: str) -> tuple[set[str], str | None]:
    """Folded forms and country of the participant an Evidence names as speaker."""
    for participant in dialogue.participants:
        if participant.person_id == person_id:
            return {fold(person_id), fold(participant.name)}, participant.country
    return {fold(person_id)}, None


def _verdict(rule: dict[str, Any], expected: Expected, dialogue: Dialogue, ev: Evidence) -> str:
    """ "right", "wrong" (contradicts the expected speaker) or "open" (narration, not wrong)."""
    got_keys, got_country = _said_by(dialogue, ev.said_by) if ev.said_by else (set(), None)
    if rule.get("narration"):
        return "right" if ev.said_by is None and ev.side is None else "wrong"
    if ev.said_by is None and ev.side is None:
        return "open"
    if "speaker" in rule:
        keys, country = _speaker_keys(expected, str(rule["speaker"]))
        if ev.said_by is not None:
            return "right" if got_keys & keys else "wrong"
        return "right" if ev.side == country and country is not None else "wrong"
    side = str(rule.get("side"))
    if ev.said_by is not None:
        return "right" if side != "both" and got_country == side else "wrong"
    return "right" if ev.side == side else "wrong"


def _score_quotes(expected: Expected, dialogue: Dialogue, score: ArticleScore) -> None:
    """Each Evidence sentence containing an attribution's text must not name someone else."""
    evidence = list(_evidence(dialogue))
    for rule in expected.attributions:
        needle = " ".join(str(rule["contains"]).split()).casefold()
        found = [ev for ev in evidence if needle in " ".join(ev.sentence.split()).casefold()]
        for ev in found:
            score.quotes_checked += 1
            verdict = _verdict(rule, expected, dialogue, ev)
            if verdict == "right":
                score.quotes_right += 1
            elif verdict == "open":
                score.quotes_open += 1
            elif verdict == "wrong":
                score.quotes_wrong += 1
                want = rule.get("speaker") or rule.get("side") or "narration"
                score.misses.append(
                    f"quote misattributed: {rule['contains']!r} said_by={ev.said_by} "
                    f"side={ev.side}, expected {want}"
                )


def score_article(path: Path, reference: Reference) -> ArticleScore:
    """Run the real pipeline on one article and compare with its expected facts."""
    expected = load_expected(EXPECTED / f"{path.stem}.yaml")
    try:
        dialogue = extract(read_article(path), reference).dialogue
    except ArticleError as exc:
        return compare(path.stem, expected, None, refusal=str(exc))
    return compare(path.stem, expected, dialogue)


def compare(
    stem: str, expected: Expected, dialogue: Dialogue | None, refusal: str | None = None
) -> ArticleScore:
    """Score one extraction (None: the article was refused) against its expected facts."""
    score = ArticleScore(
        stem=stem, lang=expected.lang, decoy=expected.decoy is not None, refused=dialogue is None
    )
    if dialogue is None:
        score.refusal = refusal
        if not score.decoy:
            score.people_fn = len(expected.people)
            score.has_date = expected.date is not None
            score.edition_checked = expected.edition is not None
            score.misses.append(f"relevant article refused: {refusal}")
        return score
    if score.decoy:
        # Every fact stored from a decoy is a wrong fact.
        score.people_fp = len(dialogue.participants)
        score.orgs_as_people = sum(
            _is_org(p.name, expected.not_people) for p in dialogue.participants
        )
        score.misses.append(f"decoy accepted ({expected.decoy})")
        return score
    _score_people(expected, dialogue, score)
    _score_date(expected, dialogue, score)
    places = {fold(p) for p in [expected.place or "", *expected.place_also]}
    score.place_right = fold(dialogue.place or "") in places
    if not score.place_right:
        score.misses.append(f"place: got {dialogue.place}, expected {expected.place}")
    score.mechanism_right = dialogue.mechanism in {expected.mechanism, *expected.mechanism_also}
    if not score.mechanism_right:
        score.misses.append(f"mechanism: got {dialogue.mechanism}, expected {expected.mechanism}")
    if expected.edition is not None:
        score.edition_checked = True
        score.edition_right = dialogue.edition == expected.edition
        if not score.edition_right:
            score.misses.append(f"edition: got {dialogue.edition}, expected {expected.edition}")
    _score_quotes(expected, dialogue, score)
    return score


def score_all(articles: Path = ARTICLES) -> list[ArticleScore]:
    """Score every article file in the set, in name order."""
    reference = load_reference()
    return [score_article(path, reference) for path in sorted(articles.glob("*.txt"))]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def summarise(scores: Sequence[ArticleScore]) -> dict[str, dict[str, Any]]:
    """Totals by language and for all: counts and precision/recall/F1."""
    groups: dict[str, list[ArticleScore]] = {lang: [] for lang in LANGS}
    for score in scores:
        groups[score.lang].append(score)
    groups["all"] = list(scores)
    table: dict[str, dict[str, Any]] = {}
    for name, group in groups.items():
        relevant = [s for s in group if not s.decoy]
        tp = sum(s.people_tp for s in group)
        fp = sum(s.people_fp for s in group)
        fn = sum(s.people_fn for s in group)
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        # F1 is 2TP / (2TP + FP + FN): 0 when nothing right was found, even with no output at all.
        f1 = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else None
        accepted = [s for s in relevant if not s.refused]
        table[name] = {
            "articles": len(group),
            "relevant": len(relevant),
            "decoys": len(group) - len(relevant),
            "people_tp": tp,
            "people_fp": fp,
            "people_fn": fn,
            "people_precision": precision,
            "people_recall": recall,
            "people_f1": f1,
            "wrong_country": sum(s.wrong_country for s in group),
            "orgs_as_people": sum(s.orgs_as_people for s in group),
            "dates_right": sum(s.date_right for s in relevant),
            "dated_right": sum(s.date_right for s in relevant if s.has_date),
            "dated": sum(s.has_date for s in relevant),
            "years_invented": sum(s.year_invented for s in group),
            "places_right": sum(s.place_right for s in relevant),
            "mechanisms_right": sum(s.mechanism_right for s in relevant),
            "editions_right": sum(s.edition_right for s in relevant),
            "editions": sum(s.edition_checked for s in relevant),
            "quotes_checked": sum(s.quotes_checked for s in group),
            "quotes_right": sum(s.quotes_right for s in group),
            "quotes_open": sum(s.quotes_open for s in group),
            "quotes_misattributed": sum(s.quotes_wrong for s in group),
            "decoys_refused": sum(s.refused for s in group if s.decoy),
            "wrongly_refused": len(relevant) - len(accepted),
        }
    return table


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


# The table's rows: a label and how to show one language's totals.
ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("articles (relevant + decoys)", lambda t: f"{t['relevant']} + {t['decoys']}"),
    ("people precision", lambda t: _fmt(t["people_precision"])),
    ("people recall", lambda t: _fmt(t["people_recall"])),
    ("people F1", lambda t: _fmt(t["people_f1"])),
    ("people with the wrong country", lambda t: str(t["wrong_country"])),
    ("organisations listed as people", lambda t: str(t["orgs_as_people"])),
    ("dates right (of dated articles)", lambda t: f"{t['dated_right']}/{t['dated']}"),
    ("dates right (all relevant, undated too)", lambda t: f"{t['dates_right']}/{t['relevant']}"),
    ("years invented", lambda t: str(t["years_invented"])),
    ("places right", lambda t: f"{t['places_right']}/{t['relevant']}"),
    ("mechanisms right", lambda t: f"{t['mechanisms_right']}/{t['relevant']}"),
    ("editions right", lambda t: f"{t['editions_right']}/{t['editions']}"),
    (
        "quotes attributed right (of checked)",
        lambda t: f"{t['quotes_right']}/{t['quotes_checked']}",
    ),
    (
        "quotes left as narration (of checked)",
        lambda t: f"{t['quotes_open']}/{t['quotes_checked']}",
    ),
    ("quotes misattributed", lambda t: str(t["quotes_misattributed"])),
    ("decoys refused", lambda t: f"{t['decoys_refused']}/{t['decoys']}"),
    ("relevant articles wrongly refused", lambda t: str(t["wrongly_refused"])),
]


def markdown(table: dict[str, dict[str, Any]]) -> str:
    """The summary as a GitHub markdown table: one row per measure, one column per language."""
    cols = [*LANGS, "all"]
    lines = ["| measure | " + " | ".join(cols) + " |", "| --- |" + " --- |" * len(cols)]
    for label, show in ROWS:
        lines.append(f"| {label} | " + " | ".join(show(table[c]) for c in cols) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table (or JSON); always exit 0, since this is a report, not a gate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print totals and per-article scores")
    parser.add_argument("--verbose", action="store_true", help="list every miss per article")
    args = parser.parse_args(argv)
    scores = score_all()
    table = summarise(scores)
    if args.json:
        print(json.dumps({"summary": table, "articles": [asdict(s) for s in scores]}, indent=2))
        return 0
    print(markdown(table))
    if args.verbose:
        for score in scores:
            if score.misses:
                print(f"\n{score.stem}" + (" (refused)" if score.refused else ""))
                for miss in score.misses:
                    print(f"  - {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
