"""/topic and /topics: dialogues on one topic with their sentences, and every topic."""

from __future__ import annotations

from bot.domain.briefings.blocks import ListItem, Ref
from bot.domain.briefings.cards import entries_on
from bot.domain.briefings.in_period import Listing, listing, unmatched
from bot.domain.briefings.views import NotFoundView, TopicsView, TopicView, UsageView
from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Reference, Topic
from bot.domain.resolve import resolve_topic

TOPIC_FACTS = 2


def _ref(topic: Topic) -> Ref:
    return Ref("topic", topic.id, topic.label)


def topic(
    corpus: Corpus, ref: Reference, query: str, page: int = 1, period: Period | None = None
) -> TopicView | NotFoundView | UsageView:
    """Dialogues on a topic (in `period`), newest first, each with its sentences; one page."""
    found = resolve_topic(ref, query)
    if found.match is None:
        close = (_ref(t) for t in found.suggestions)
        return unmatched("topic", query, close, period, "/topics lists every topic.")
    chosen = found.match
    listed = listing(
        corpus, corpus.by_topic.get(chosen.id, ()), chosen.label, f"topic {chosen.id}", page, period
    )
    if not isinstance(listed, Listing):
        return listed
    return TopicView(
        topic=_ref(chosen),
        entries=entries_on(corpus, ref, listed.shown, lambda d: d.topics, chosen.id, TOPIC_FACTS),
        see_also=tuple(_ref(t) for t in found.suggestions),
        page=listed.page,
        period=period,
    )


def topics(corpus: Corpus, ref: Reference) -> TopicsView:
    """Every topic in taxonomy order, with its dialogue count."""
    return TopicsView(
        items=tuple(ListItem(_ref(t), len(corpus.by_topic.get(t.id, ()))) for t in ref.topics)
    )
