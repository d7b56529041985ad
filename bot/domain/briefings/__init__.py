"""Briefings: pure functions from (Corpus, Reference) to view models the templates render.

Every sentence shown travels with a Citation (outlet and date), and every view exposes `links`:
the dialogues, people, topics, positions, sources or years it mentions, for buttons.

The package reads bottom-up: `blocks` and `views` are the data the templates see; `formatting`,
`citations` and `cards` turn records into those blocks; one module per briefing family
(`dialogues`, `by_topic`, `by_person`, `by_position`, `by_year`, `by_series`, `text_search`
over `sentences`, `sources`, `welcome`) builds the views; `dispatch` runs a command as
bot.domain.commands declares it.
"""

from __future__ import annotations

from bot.domain.briefings.blocks import (
    Attendee,
    Citation,
    CitedDialogue,
    DialogueCard,
    DialogueRef,
    Entry,
    Fact,
    ListItem,
    PersonEntry,
    Pledge,
    Ref,
    RefKind,
    SearchHit,
    Segment,
    SeriesRow,
    Snippet,
    SubjectQuotes,
    YearGroup,
)
from bot.domain.briefings.by_person import PERSON_TOPIC_FACTS, people, person
from bot.domain.briefings.by_position import position, positions
from bot.domain.briefings.by_series import series
from bot.domain.briefings.by_topic import topic, topics
from bot.domain.briefings.by_year import timeline
from bot.domain.briefings.cards import MAX_SUGGESTIONS, dialogue_card, dialogue_ref
from bot.domain.briefings.citations import MAX_FACTS, citation
from bot.domain.briefings.dialogues import MAX_LATEST, dialogue, latest
from bot.domain.briefings.dispatch import answer
from bot.domain.briefings.formatting import (
    COUNTRIES,
    MONTHS,
    format_event_date,
    format_published,
    format_role,
)
from bot.domain.briefings.pages import PAGE_DIALOGUES, PAGE_LINES, PAGE_SENTENCES, Page
from bot.domain.briefings.sources import MAX_SOURCE_CHARS, source
from bot.domain.briefings.text_search import search
from bot.domain.briefings.views import (
    Briefing,
    DialogueView,
    EntriesView,
    HelpView,
    LatestView,
    ListView,
    NotFoundView,
    PeopleView,
    PersonView,
    PositionsView,
    PositionView,
    SearchView,
    SeriesListView,
    SeriesView,
    SourceView,
    StartView,
    SubjectView,
    SuggestionsView,
    TimelineView,
    TopicsView,
    TopicView,
    UsageView,
    View,
)
from bot.domain.briefings.welcome import start

__all__ = [
    "COUNTRIES",
    "MAX_FACTS",
    "MAX_LATEST",
    "MAX_SOURCE_CHARS",
    "MAX_SUGGESTIONS",
    "MONTHS",
    "PAGE_DIALOGUES",
    "PAGE_LINES",
    "PAGE_SENTENCES",
    "PERSON_TOPIC_FACTS",
    "Attendee",
    "Briefing",
    "Citation",
    "CitedDialogue",
    "DialogueCard",
    "DialogueRef",
    "DialogueView",
    "EntriesView",
    "Entry",
    "Fact",
    "HelpView",
    "LatestView",
    "ListItem",
    "ListView",
    "NotFoundView",
    "Page",
    "PeopleView",
    "PersonEntry",
    "PersonView",
    "Pledge",
    "PositionView",
    "PositionsView",
    "Ref",
    "RefKind",
    "SearchHit",
    "SearchView",
    "Segment",
    "SeriesListView",
    "SeriesRow",
    "SeriesView",
    "Snippet",
    "SourceView",
    "StartView",
    "SubjectQuotes",
    "SubjectView",
    "SuggestionsView",
    "TimelineView",
    "TopicView",
    "TopicsView",
    "UsageView",
    "View",
    "YearGroup",
    "answer",
    "citation",
    "dialogue",
    "dialogue_card",
    "dialogue_ref",
    "format_event_date",
    "format_published",
    "format_role",
    "latest",
    "people",
    "person",
    "position",
    "positions",
    "search",
    "series",
    "source",
    "start",
    "timeline",
    "topic",
    "topics",
]
