"""/source <source id>: one source article and what it supports."""

from __future__ import annotations

from bot.domain.briefings.sources import newest_source_refs, source
from bot.domain.briefings.views import Briefing, SourceView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _source(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return source(corpus, args.text, ref)


COMMANDS = (
    Command(
        name="source",
        description="One source article and what it supports",
        params="<source id>",
        run=_source,
        view=SourceView,
        needs_args=True,
        choices=lambda corpus, ref: newest_source_refs(corpus),
        deep_link="source",
        exportable=True,
    ),
)
