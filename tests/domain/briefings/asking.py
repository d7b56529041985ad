"""Asking the engine the way a chat does: a command line in, a briefing (or its text) out."""

from __future__ import annotations

from bot.domain.briefings import Briefing, answer
from bot.domain.commands import parse_command
from bot.domain.corpus import Corpus
from bot.render import render_text

from ..factories import reference, seed_corpus


def ask(text: str, corpus: Corpus | None = None) -> Briefing:
    command = parse_command(text)
    assert command is not None, text
    return answer(corpus or seed_corpus(), reference(), command)


def text_of(text: str, corpus: Corpus | None = None) -> str:
    return render_text(ask(text, corpus))
