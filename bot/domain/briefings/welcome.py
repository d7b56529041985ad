"""/start: a welcome that says what the corpus holds."""

from __future__ import annotations

from bot.domain.briefings.cards import dialogue_ref
from bot.domain.briefings.views import StartView
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.resolve import known_people


def start(corpus: Corpus, ref: Reference) -> StartView:
    """Welcome with what the corpus holds."""
    newest = corpus.dialogues[0] if corpus.dialogues else None
    return StartView(
        dialogues=len(corpus.dialogues),
        people=len(known_people(corpus, ref)),
        latest=dialogue_ref(ref, newest) if newest else None,
    )
