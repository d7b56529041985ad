"""/dialogue <id>: one dialogue in full; reached from buttons and deep links, not the menu."""

from __future__ import annotations

from bot.domain.briefings.cards import newest_dialogue_refs
from bot.domain.briefings.dialogues import dialogue
from bot.domain.briefings.views import Briefing, DialogueView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference


def _dialogue(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    return dialogue(corpus, ref, args.text, full=args.full)


COMMANDS = (
    Command(
        name="dialogue",
        description="One dialogue: a short card, or in full",
        params="<dialogue id>",
        run=_dialogue,
        view=DialogueView,
        menu=False,
        sized=True,
        needs_args=True,
        choices=newest_dialogue_refs,
        deep_link="dialogue",
        exportable=True,
    ),
)
