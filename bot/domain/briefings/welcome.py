"""/start: a welcome that says what the corpus holds."""

from __future__ import annotations

from bot.domain.briefings.cards import dialogue_ref
from bot.domain.briefings.views import StartView
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.resolve import dialogue_count, known_people


def start(corpus: Corpus, ref: Reference) -> StartView:
    """Welcome with what the corpus holds."""
    newest = corpus.dialogues[0] if corpus.dialogues else None
    return StartView(
        dialogues=len(corpus.dialogues),
        # Only those in a stored dialogue: the register of officials is not the store.
        people=sum(1 for p in known_people(corpus, ref) if dialogue_count(corpus, ref, p.id)),
        latest=dialogue_ref(ref, newest) if newest else None,
    )
