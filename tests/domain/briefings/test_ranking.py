"""Which statements a short card shows, and why: ranked, not simply the first ones."""

from __future__ import annotations

from bot.domain.briefings import DialogueView
from bot.domain.briefings.citations import by_source
from bot.domain.briefings.ranking import Candidate, near_duplicate, pick, ranked, score
from bot.domain.models import Commitment

from ..factories import GIANG, ev, make_corpus, make_dialogue, position_hit, seed_people
from .asking import ask

LEDE = "Delegations of the two countries met on Tuesday."
SPOKEN = "Giang said Vietnam consistently pursues the 'Four No's' policy of the 2019 White Paper."
SIDES = "The two sides agreed to hold the next dialogue in Seoul in 2026."
VAGUE = "He noted the good atmosphere of the talks."
PLEDGE = "The RoK pledged US$20 million for a new training centre."


def test_a_named_speakers_stance_beats_the_narration() -> None:
    spoken = score(Candidate(ev(SPOKEN, "s", by=GIANG), position=True))
    narration = score(Candidate(ev(LEDE, "s")))

    assert spoken.score > narration.score
    assert {"named speaker", "policy position", "numbers"} <= set(spoken.reasons)
    assert "named speaker" not in narration.reasons


def test_a_sentence_whose_speaker_is_only_he_ranks_last() -> None:
    order = ranked(
        [
            Candidate(ev(VAGUE, "s")),
            Candidate(ev(LEDE, "s")),
            Candidate(ev(SIDES, "s", side="both")),
        ]
    )

    assert [s.candidate.evidence.sentence for s in order] == [SIDES, LEDE, VAGUE]
    assert "speaker unclear" in order[-1].reasons
    trailing = score(Candidate(ev("Sides should uphold the rule of law, he suggested.", "s")))
    assert "speaker unclear" in trailing.reasons


def test_near_duplicates_are_shown_once() -> None:
    again = "The two sides agreed to hold the next dialogue in Seoul in 2026, the officials said."
    assert near_duplicate(SIDES, again)
    assert not near_duplicate(SIDES, SPOKEN)

    order = ranked([Candidate(ev(SIDES, "s", side="both")), Candidate(ev(again, "s", side="both"))])

    assert [s.candidate.evidence.sentence for s in order] == [SIDES]


def test_pick_keeps_the_best_that_fit_the_budget() -> None:
    long = "Both ministers reviewed " + "cooperation in many fields, " * 20 + "they said."
    order = ranked(
        [
            Candidate(ev(SPOKEN, "s", by=GIANG), position=True),
            Candidate(ev(long, "s", side="both")),
            Candidate(ev(SIDES, "s", side="both")),
            Candidate(ev(LEDE, "s")),
        ]
    )

    chosen = [s.candidate.evidence.sentence for s in pick(order, limit=3, budget=300)]

    assert chosen == [SPOKEN, SIDES, LEDE], "the long one does not fit beside the best"
    assert [s.candidate.evidence.sentence for s in pick(order, limit=1, budget=10)] == [SPOKEN]


def test_a_card_leads_with_its_best_statements_not_its_first() -> None:
    talks = make_dialogue(
        "talks",
        summary=[ev(LEDE, "src1"), ev(VAGUE, "src1")],
        positions=[position_hit("four-nos", ev(SPOKEN, "src1", by=GIANG), source_id="src1")],
        commitments=[Commitment(text="$20 million", evidence=ev(PLEDGE, "src1", side="KR"))],
    )
    view = ask("/dialogue talks", make_corpus([talks], seed_people()))

    assert isinstance(view, DialogueView)
    shown = [f.text for f in view.card.highlights]
    assert shown[0] == SPOKEN
    assert PLEDGE not in shown, "a commitment's sentence is shown with the commitment"
    assert [f.text for f in view.card.statements][: len(shown)] == shown, "More keeps the order"
    assert {LEDE, VAGUE} <= {f.text for f in view.card.statements}


def test_statements_group_under_the_article_they_quote() -> None:
    talks = make_dialogue("talks", summary=[ev(LEDE, "src1"), ev(SIDES, "src1", side="both")])
    view = ask("/dialogue talks", make_corpus([talks]))
    assert isinstance(view, DialogueView)

    [(citation, facts)] = by_source(view.card.highlights)

    assert citation.outlet == "VNA"
    assert {f.text for f in facts} == {LEDE, SIDES}


def test_the_same_sentences_from_another_source_keep_their_own_citation() -> None:
    # Rankings are remembered by what the sentences say: a second article repeating them must
    # still be cited as itself, never as the first one.
    sentence = "Both sides agreed to expand maritime security cooperation by 2030."
    first = ranked([Candidate(ev(sentence, source_id="vna-1"))])
    second = ranked([Candidate(ev(sentence, source_id="yonhap-2"))])
    assert [s.candidate.evidence.source_id for s in first] == ["vna-1"]
    assert [s.candidate.evidence.source_id for s in second] == ["yonhap-2"]
    assert first[0].score == second[0].score
