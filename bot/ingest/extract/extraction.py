"""Extraction of one article: clean it, run each finder, assemble its source and dialogue."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from bot.domain.headings import paragraphs, split_title
from bot.domain.language import detect_language, stored_language
from bot.domain.models import Dialogue, Evidence, Person, Source, SourceRef
from bot.domain.reference import Reference
from bot.domain.text import clip
from bot.ingest.article import ArticleError, RawArticle
from bot.ingest.clean import (
    Dateline,
    clean_text,
    find_dateline,
    is_date_line,
    plain_lines,
    sentences,
)
from bot.ingest.extract.attribution import Voice, attributed, voices
from bot.ingest.extract.dates import DATE_META, Anchor, find_event_date, full_date, meta_anchor
from bot.ingest.extract.dialogue_ids import dialogue_slug, generated_title
from bot.ingest.extract.mechanisms import find_mechanism, mechanism_focus
from bot.ingest.extract.money import find_commitments
from bot.ingest.extract.participants import find_people
from bot.ingest.extract.places import find_place
from bot.ingest.extract.relevance import missing_meeting, missing_sides
from bot.ingest.extract.summary import choose_summary
from bot.ingest.extract.terms import roles_on_date, year_from_terms
from bot.ingest.extract.topics import find_positions, find_topics

# The lead: where news style puts the who, what, when and where.
LEAD_PARAGRAPHS = 2
LEAD_MIN_CHARS = 60
_SENTENCE_ENDS = (".", "!", "?", "다", "…")
_CLOSERS = " \"'”’)"
# How far down an article that names no mechanism may say that the two sides met.
MEETING_PARAGRAPHS = 6
# A lead names the meeting in its first sentences; a text that runs on for pages without
# paragraph breaks (a README, a scrape) is not a lead past this many characters.
LEAD_SPAN = 1200


@dataclass(frozen=True)
class Extraction:
    """What one article yields: its source record, its dialogue, and the people it names."""

    source: Source
    dialogue: Dialogue
    people: list[Person]


def extract(article: RawArticle, reference: Reference) -> Extraction:
    """Extract the dialogue an article reports; every fact keeps its sentence and source id.

    Raises ArticleError when cleaning leaves no text or the text reports no Vietnam–RoK dialogue.
    """
    meta = meta_anchor(article.body)
    raw_body = DATE_META.sub("", article.body, count=1)
    clean = clean_text(raw_body)
    if not clean:
        raise ArticleError(f"{article.file}: nothing left after removing page furniture")
    title, body = split_title(clean)
    every = paragraphs(body)
    # Short lines at the top (menus, view counters, bylines) and headlines are not the lead.
    lead = [p for p in every if _reads_as_lead(p)][:LEAD_PARAGRAPHS] or every[:LEAD_PARAGRAPHS]
    _refuse_unless_dialogue(article, missing_sides(clean, "\n".join([title or "", *lead[:1]])))
    language = detect_language(clean)
    lang = stored_language(language)
    source_id = hashlib.sha256(clean.encode("utf-8")).hexdigest()[:16]
    body_sentences = sentences(body)
    lead_sentences = sentences("\n".join(lead))
    datelines, stamps = _front_matter(raw_body)

    # A headline or caption above the lead may be all that names the kind of meeting.
    mechanism, edition = find_mechanism(
        [p[:LEAD_SPAN] for p in (*lead, *(p for p in every[:LEAD_PARAGRAPHS] if p not in lead))],
        reference,
    )
    when = find_event_date(
        lead_sentences,
        _anchor(meta, stamps, article),
        focus=mechanism_focus(mechanism, reference),
        body=body_sentences,
    )
    place = find_place(lead_sentences, datelines)
    participants, people = find_people(
        [title, *body_sentences] if title else body_sentences,
        reference,
        source_id,
        when,
        language,
    )
    _refuse_unless_dialogue(
        article,
        missing_meeting(
            mechanism, participants, "\n".join([title or "", *every[:MEETING_PARAGRAPHS]])
        ),
    )
    when = year_from_terms(when, participants, reference.people, date.today())
    participants = roles_on_date(participants, reference.people, when)
    topics = find_topics(body_sentences, reference, source_id)
    positions = find_positions(body_sentences, reference, source_id)
    commitments = find_commitments(body_sentences, source_id)
    summary = choose_summary(body_sentences, reference, source_id)

    spoken = dict(
        zip(
            map(clip, body_sentences),
            voices(body_sentences, language, participants, people),
            strict=True,
        )
    )

    def voiced(evidence: Evidence) -> Evidence:
        return attributed(evidence, spoken.get(evidence.sentence, Voice()), lang)

    topics = [t.model_copy(update={"evidence": list(map(voiced, t.evidence))}) for t in topics]
    positions = [
        p.model_copy(update={"evidence": list(map(voiced, p.evidence))}) for p in positions
    ]
    commitments = [c.model_copy(update={"evidence": voiced(c.evidence)}) for c in commitments]
    summary = list(map(voiced, summary))
    dialogue_id = dialogue_slug(when, mechanism, place, source_id)
    source = Source(
        id=source_id,
        file=article.file,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        lang=lang,
        title=title,
        text=clean,
        dialogue_id=dialogue_id,
    )
    dialogue = Dialogue(
        id=dialogue_id,
        title=title or generated_title(mechanism, edition, place, reference),
        date=when,
        place=place,
        mechanism=mechanism,
        edition=edition,
        participants=participants,
        topics=topics,
        positions=positions,
        commitments=commitments,
        summary=summary,
        sources=[
            SourceRef(
                id=source_id,
                file=article.file,
                outlet=article.outlet,
                url=article.url,
                published=article.published,
                lang=lang,
            )
        ],
    )
    return Extraction(source=source, dialogue=dialogue, people=people)


def _refuse_unless_dialogue(article: RawArticle, problem: str | None) -> None:
    """Raise the one-line ArticleError naming the file when the text reports no dialogue."""
    if problem:
        raise ArticleError(f"{article.file}: not a Vietnam–RoK dialogue article ({problem})")


def _reads_as_lead(paragraph: str) -> bool:
    """A paragraph of prose: long enough and ending as a sentence (not a headline or a menu)."""
    return len(paragraph) >= LEAD_MIN_CHARS and paragraph.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _anchor(meta: Anchor | None, stamps: list[str], article: RawArticle) -> Anchor | None:
    """The date the event cannot be after: a date line, else the header's published date."""
    if meta is not None:
        return meta
    stamped = next(filter(None, map(full_date, stamps)), None)
    if stamped is not None:
        return Anchor(stamped, "date line")
    if article.published is not None:
        return Anchor(article.published, f"published {article.published.isoformat()}")
    return None


def _front_matter(body: str) -> tuple[list[Dateline], list[str]]:
    """Datelines and lone date stamps, which cleaning removes but dating and placing need."""
    lines = plain_lines(body)
    datelines = [d for d in map(find_dateline, lines) if d]
    stamps = [d.date for d in datelines if d.date] + [line for line in lines if is_date_line(line)]
    return datelines, stamps
