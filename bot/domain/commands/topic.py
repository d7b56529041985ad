"""/topic <topic>: its dialogues and the sentences that say so; /topics: all of them."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.by_topic import topic, topics
from bot.domain.briefings.views import Briefing, TopicsView, TopicView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _topic(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return topic(corpus, ref, args.text, args.page, args.period)


def _topics(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return topics(corpus, ref)


def _choices(corpus: Corpus, ref: Reference) -> tuple[Ref, ...]:
    """The topics that come up at all."""
    return tuple(i.ref for i in topics(corpus, ref).items if i.count)


COMMANDS = (
    Command(
        name="topic",
        description="Dialogues on a topic, with the sentences that say so",
        params="<topic> [period] [page N]",
        run=_topic,
        view=TopicView,
        paged=True,
        takes_period=True,
        needs_args=True,
        choices=_choices,
        inline=True,
        deep_link="topic",
        exportable=True,
    ),
    Command(
        name="topics",
        description="All topics and how often they come up",
        run=_topics,
        view=TopicsView,
    ),
)
