"""/source: by id, id prefix or file name, stored or only named by a dialogue."""

from __future__ import annotations

from bot.domain.briefings import NotFoundView, SourceView, source

from ..factories import MT_STATE_VISIT, make_corpus, make_dialogue, reference, seed_corpus


def test_source_by_id_prefix_and_file_name() -> None:
    corpus = seed_corpus()
    for query in (MT_STATE_VISIT, MT_STATE_VISIT[:6], "004_1414897db8865b5b.txt"):
        view = source(corpus, query, reference())
        assert isinstance(view, SourceView), query
        assert view.source.id == MT_STATE_VISIT
        assert view.outlet == "MT Team" and view.date == "13 Aug 2025"
        assert view.dialogue is not None and view.dialogue.id == "to-lam-state-visit"
        assert view.paragraphs
    assert isinstance(source(corpus, "nope"), NotFoundView)
    assert isinstance(source(corpus, ""), NotFoundView)


def test_source_known_only_from_a_dialogue() -> None:
    corpus = make_corpus([make_dialogue("d", source_id="abc123", outlet="VNA")])
    view = source(corpus, "abc123")
    assert isinstance(view, SourceView)
    assert view.paragraphs == () and view.dialogue is not None
