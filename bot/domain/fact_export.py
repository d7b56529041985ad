"""The facts behind a briefing as rows (CSV and JSON): each sentence with speaker and source.

A row is one fact of one dialogue the briefing covers: a topic's or position's evidence, a
commitment, or a summary sentence, with who said it, the dialogue's date, the outlet and link.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields

from bot.domain.briefings import (
    DialogueView,
    LatestView,
    PersonView,
    PositionView,
    SearchView,
    SourceView,
    TimelineView,
    TopicView,
    View,
    answer,
)
from bot.domain.briefings.pages import PAGE_SENTENCES
from bot.domain.briefings.speakers import speaker
from bot.domain.briefings.text_search import search_dialogue_ids
from bot.domain.commands import ParsedCommand, parse_command, split_page
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Evidence
from bot.domain.periods import split_period
from bot.domain.reference import Reference
from bot.domain.text import slugify

MAX_ROWS = 1000  # a file stays small enough to open on a phone; the caption says when cut
MAX_SEARCH_PAGES = 50
# Briefing commands whose answer is a set of dialogues, so /export can follow them.
EXPORTABLE = frozenset(n for c in CATALOGUE if c.exportable for n in c.names)
NARRATION = "narration"
# A spreadsheet runs a cell starting with these as a formula; a quote mark keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FactRow:
    """One fact: the sentence, who said it, and where and when it was reported."""

    dialogue_id: str
    dialogue_title: str
    dialogue_date: str
    kind: str  # topic, position, commitment or summary
    about: str  # the topic or position id, or the commitment as extracted
    sentence: str
    speaker: str
    outlet: str
    published: str
    link: str
    source_id: str


COLUMNS = tuple(f.name for f in fields(FactRow))


@dataclass(frozen=True)
class FactExport:
    """The rows of one briefing, at most MAX_ROWS of `total`, from `dialogues` dialogues."""

    command: str
    rows: tuple[FactRow, ...]
    total: int
    dialogues: int
    outlets: tuple[str, ...]
    partial: bool = False  # the briefing had more dialogues than were read

    @property
    def truncated(self) -> bool:
        """True when rows were left out to keep the file small."""
        return self.total > len(self.rows) or self.partial

    @property
    def stem(self) -> str:
        """A file name without extension: "briefbot-topic-maritime"."""
        return f"briefbot-{slugify(self.command)[:60].strip('-') or 'export'}"


def exportable(command: ParsedCommand) -> bool:
    """Whether /export can follow this command."""
    return command.name in EXPORTABLE


def _whole_args(command: ParsedCommand) -> str:
    """The raw arguments without a page."""
    return split_page(command.raw_args or command.args)[0].strip()


def whole_briefing_text(command: ParsedCommand) -> str:
    """The whole briefing a command asks for, as text: no page, the raw arguments."""
    return f"/{command.name} {_whole_args(command)}".strip()


def _search_dialogues(command: ParsedCommand, corpus: Corpus) -> tuple[list[str], bool]:
    """Dialogue ids of a search's first pages (one search, not one a page), and whether more."""
    text = _whole_args(command)
    dated = split_period(text, strict=False)  # as /search reads it: "corvette since 2024"
    limit = MAX_SEARCH_PAGES * PAGE_SENTENCES
    if dated.period is None or not dated.rest:
        return search_dialogue_ids(corpus, text, limit)
    # The period narrows the search itself: cut first, the page cap would keep other years.
    return search_dialogue_ids(corpus, dated.rest, limit, period=dated.period)


@dataclass(frozen=True)
class Covered:
    """A briefing, the command that names what it found, and its dialogues (None: it has none)."""

    view: View
    command: str
    dialogues: tuple[Dialogue, ...] | None
    partial: bool = False  # a long search: only the dialogues of its first pages


def briefing_dialogues(corpus: Corpus, ref: Reference, command: ParsedCommand) -> Covered:
    """The briefing a command gives, its dialogues, and its command by id ("/topic maritime")."""
    whole = parse_command(whole_briefing_text(command)) or command
    view = answer(corpus, ref, whole)
    named = whole_briefing_text(whole)
    ids: Iterable[str] | None = None
    partial = False
    # A briefing narrowed to a period exports that period only, and its command says so.
    period = getattr(view, "period", None)
    dated = f" {period.token}" if period is not None else ""
    if isinstance(view, TopicView):
        named = f"/topic {view.topic.id}{dated}"
        ids = (d.id for d in corpus.within(period, corpus.by_topic.get(view.topic.id, ())))
    elif isinstance(view, PositionView):
        named = f"/position {view.position.id}{dated}"
        pool = corpus.by_position.get(view.position.id, ())
        ids = (d.id for d in corpus.within(period, pool))
    elif isinstance(view, PersonView):
        named = f"/person {view.person.id}{dated}"
        ids = (d.id for d in corpus.within(period, corpus.by_person.get(view.person.id, ())))
    elif isinstance(view, TimelineView):
        ids = (d.id for d in corpus.within(period, corpus.dialogues))
    elif isinstance(view, LatestView):
        ids = (c.dialogue.id for c in view.cards)
    elif isinstance(view, DialogueView):
        ids = (view.card.dialogue.id,)
    elif isinstance(view, SourceView) and view.dialogue is not None:
        ids = (view.dialogue.id,)
    elif isinstance(view, SearchView):
        ids, partial = _search_dialogues(whole, corpus)
    if ids is None:
        return Covered(view, named, None)
    unique = dict.fromkeys(i for i in ids if i in corpus.by_id)
    return Covered(view, named, tuple(corpus.by_id[i] for i in unique), partial)


def _speaker(corpus: Corpus, ref: Reference, dialogue: Dialogue, evidence: Evidence) -> str:
    """The speaker as briefings name them (a person, a side), else "narration"."""
    return speaker(corpus, ref, dialogue, evidence) or NARRATION


def dialogue_rows(corpus: Corpus, ref: Reference, dialogue: Dialogue) -> Iterator[FactRow]:
    """Every fact of one dialogue as a row."""
    sources = {s.id: s for s in dialogue.sources}
    for kind, about, evidence in dialogue.facts():
        source = sources.get(evidence.source_id) or corpus.sources.get(evidence.source_id)
        published = source.published if source else None
        yield FactRow(
            dialogue_id=dialogue.id,
            dialogue_title=dialogue.title,
            dialogue_date=dialogue.date.iso() or "",
            kind=kind,
            about=about,
            sentence=evidence.sentence,
            speaker=_speaker(corpus, ref, dialogue, evidence),
            outlet=(source.outlet if source else None) or "",
            published=published.isoformat() if published else "",
            link=(source.url if source else None) or "",
            source_id=evidence.source_id,
        )


def build_export(
    corpus: Corpus,
    ref: Reference,
    command: str,
    dialogues: Iterable[Dialogue],
    limit: int = MAX_ROWS,
    *,
    partial: bool = False,
) -> FactExport:
    """The rows of these dialogues, cut at `limit`; `partial`: the briefing has more."""
    rows: list[FactRow] = []
    total = count = 0
    for dialogue in dialogues:
        count += 1
        for row in dialogue_rows(corpus, ref, dialogue):
            total += 1
            if len(rows) < limit:
                rows.append(row)
    outlets = tuple(dict.fromkeys(r.outlet for r in rows if r.outlet))
    return FactExport(command, tuple(rows), total, count, outlets, partial)


@dataclass(frozen=True)
class NoExport:
    """Why a briefing gives no files: it is no set of dialogues (`view`), or it covers none."""

    command: str
    view: View | None  # the briefing itself when it is no set of dialogues (a typo, a list)

    @property
    def reason(self) -> str:
        """ "/topic x covers no dialogues, so there is nothing to export." """
        return f"{self.command} covers no dialogues, so there is nothing to export."


def export_briefing(
    corpus: Corpus, ref: Reference, command: ParsedCommand, limit: int = MAX_ROWS
) -> FactExport | NoExport:
    """The facts of the briefing a command gives, or why there are none."""
    covered = briefing_dialogues(corpus, ref, command)
    if covered.dialogues is None:
        return NoExport(covered.command, covered.view)
    if not covered.dialogues:
        return NoExport(covered.command, None)
    return build_export(
        corpus, ref, covered.command, covered.dialogues, limit, partial=covered.partial
    )


# Columns holding article text; the others (ids, ISO dates) are written by Briefbot itself.
_TEXT_COLUMNS = frozenset({"dialogue_title", "about", "sentence", "speaker", "outlet", "link"})


def _cell(column: str, value: str) -> str:
    if column in _TEXT_COLUMNS and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def to_csv(export: FactExport) -> bytes:
    """UTF-8 CSV with a header row (and a BOM, so spreadsheets read the diacritics)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in export.rows:
        writer.writerow([_cell(k, str(v)) for k, v in asdict(row).items()])
    return buffer.getvalue().encode("utf-8-sig")


def to_json(export: FactExport) -> bytes:
    """A JSON object: the command, counts and the rows as objects, the text exactly as quoted."""
    document = {
        "command": export.command,
        "dialogues": export.dialogues,
        "facts": export.total,
        "truncated": export.truncated,
        "rows": [asdict(row) for row in export.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def summary_line(export: FactExport) -> str:
    """ "12 facts from 3 dialogues (/topic maritime). Sources: VNA, VNS." with any cap noted."""
    facts = "fact" if export.total == 1 else "facts"
    dialogues = "dialogue" if export.dialogues == 1 else "dialogues"
    line = f"{export.total} {facts} from {export.dialogues} {dialogues} ({export.command})."
    if export.total > len(export.rows):
        line += f" Only the first {len(export.rows)} are in the files."
    if export.partial:
        line += f" The search matched more: only its first {MAX_SEARCH_PAGES} pages are here."
    if export.outlets:
        line += f" Sources: {', '.join(export.outlets)}."
    return line
