"""/person: posts and dialogues from one participant's side, over the mirrored seeds."""

from __future__ import annotations

from conftest import per_line

from bot.domain.briefings import NotFoundView, PersonView, Ref, people, person
from bot.domain.catalog_rows import Row, to_columns
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, EventDate, Participant, Person, Role
from bot.render import render_text

from ..factories import (
    make_corpus,
    make_dialogue,
    make_person,
    reference,
    seed_dialogues,
    seed_people,
    seed_sources,
)
from .asking import ask


def test_person_phan_van_giang() -> None:
    view = ask("/person Phan Van Giang full")
    assert isinstance(view, PersonView)
    assert view.person == Ref("person", "phan-van-giang", "Phan Văn Giang")
    assert any("Minister of National Defence" in r for r in view.roles)
    assert any(r.startswith("General") for r in view.roles)
    (entry,) = view.entries
    assert entry.dialogue.id == "giang-lee-talks"
    assert (entry.dialogue.date, entry.dialogue.place) == ("28 March (year unknown)", "Seoul")
    assert [a.person_id for a in entry.counterparts] == ["lee-jong-sup"]
    assert {g.ref.id for g in entry.positions} == {"four-nos", "east-sea-stance"}
    text = per_line(render_text(view))
    for expected in (
        "Lee Jong-sup",
        "28 March (year unknown)",
        "Seoul",
        "Four No",
        "UNCLOS",
        "(DOC)",
        "(COC)",
        "KOICA",
        "dioxin",
        "bomb",
        "mine",
        "— VNA, 28 March (year unknown)",
    ):
        assert expected in text, expected
    assert Ref("person", "lee-jong-sup", "Lee Jong-sup") in view.links
    assert Ref("dialogue", "giang-lee-talks", entry.dialogue.title) in view.links


def test_person_view_never_repeats_a_sentence() -> None:
    view = ask("/person Phan Van Giang full")
    assert isinstance(view, PersonView)
    entry = view.entries[0]
    sentences = [f.text for f in entry.summary]
    sentences += [f.text for g in (*entry.positions, *entry.topics) for f in g.facts]
    assert len(sentences) == len(set(sentences))
    # Military medicine's only sentence was already shown under cyber security.
    assert "military-medicine" in {r.id for r in entry.also}


def test_person_hoang_xuan_chien() -> None:
    view = ask("/person Hoang Xuan Chien full")
    assert isinstance(view, PersonView)
    (entry,) = view.entries
    assert (entry.dialogue.date, entry.dialogue.place) == ("23 April 2024", "Hanoi")
    assert entry.dialogue.mechanism == "11th defence policy dialogue"
    assert [a.name for a in entry.counterparts] == ["Kim Seon-ho"]
    # The $34 million was support the RoK had already given: background, not an outcome.
    assert entry.pledges == ()
    assert entry.background and "$34 million" in entry.background[0].text
    text = per_line(render_text(view))
    assert "$34 million" in text and "bomb clearance" in text
    assert "Commitments" not in text and "Background (figures the article recalls" in text
    assert "— The Europe Today, 24 Apr 2024" in text


def test_people_list_gives_each_person_their_latest_post() -> None:
    # As ingestion stores them: only the posts the articles show.
    stored = [
        make_person("to-lam", "Tô Lâm").model_copy(
            update={"roles": [Role(title="Party General Secretary", as_of="2025-08-10")]}
        ),
        make_person("lee-jong-sup", "Lee Jong-sup"),
    ]
    # A register of two, so the answer does not move as the real register grows.
    curated = [
        Person(
            id="to-lam",
            name="Tô Lâm",
            country="VN",
            roles=[Role(title="General Secretary of the CPV", since="2024-08-03")],
        ),
        Person(
            id="lee-jong-sup",
            name="Lee Jong-sup",
            country="KR",
            roles=[Role(title="Minister of National Defense", since="2022-05", until="2023-10")],
        ),
    ]
    met = make_dialogue(
        participants=[
            Participant(person_id="to-lam", name="Tô Lâm"),
            Participant(person_id="lee-jong-sup", name="Lee Jong-sup"),
        ]
    )
    view = people(make_corpus([met], stored), reference().model_copy(update={"people": curated}))
    detail = {i.ref.id: i.detail for i in view.items}
    assert detail["to-lam"] == "Vietnam, Party General Secretary"  # newer than the curated post
    assert detail["lee-jong-sup"] == "RoK, Minister of National Defense"  # the curated one


def test_several_dialogues_are_listed_compactly() -> None:
    talks = next(d for d in seed_dialogues() if d.id == "giang-lee-talks")
    again = talks.model_copy(update={"id": "giang-lee-talks-again", "seq": 9})
    corpus = make_corpus([talks, again], seed_people(), seed_sources())
    short = ask("/person Phan Van Giang", corpus)
    assert isinstance(short, PersonView) and len(short.entries) == 2
    for entry in short.entries:
        # A short list: each dialogue with its one best statement, by Giang himself.
        assert [f.speaker for f in entry.highlights] == ["Phan Văn Giang"]
        assert (entry.summary, entry.positions, entry.topics, entry.pledges) == ((), (), (), ())
    view = ask("/person Phan Van Giang full", corpus)
    assert isinstance(view, PersonView) and len(view.entries) == 2
    for entry in view.entries:
        assert len(entry.summary) == 1
        assert all(len(group.facts) == 1 for group in entry.positions)
        assert entry.topics == () and {r.id for r in entry.also} >= {"maritime", "war-legacy"}


def test_a_name_two_people_share_says_which_two() -> None:
    # A surname no real official bears, so the register's growth cannot add a third.
    both = [make_person("zhuk-anna", "Zhuk Anna"), make_person("zhuk-boris", "Zhuk Boris")]
    view = ask("/person Zhuk", make_corpus([], both))
    assert isinstance(view, NotFoundView) and view.ambiguous
    assert [r.id for r in view.links] == ["zhuk-anna", "zhuk-boris"]
    text = render_text(view)
    assert text.startswith("“Zhuk” could be 2 people:\n• Zhuk Anna — /person zhuk-anna")
    assert "No person matches" not in text and "Did you mean" not in text


def test_people_lists_those_in_dialogues_and_counts_the_rest_of_the_register() -> None:
    register = [make_person(f"official-{n}", f"Official Number{n}") for n in range(40)]
    met = make_dialogue(participants=[Participant(person_id="official-3", name="Official")])
    ref = reference().model_copy(update={"people": register})
    view = people(make_corpus([met]), ref)
    assert [i.ref.id for i in view.items] == ["official-3"]
    assert view.unlisted == 39
    text = render_text(view)
    assert "39 more people in the register of officials" in text and "official-7" not in text
    found = person(make_corpus([met]), ref, "Official Number7")
    assert isinstance(found, PersonView) and found.person.id == "official-7"


def test_the_short_page_lists_recent_posts_and_their_best_statements() -> None:
    view = ask("/person Phan Van Giang")
    assert isinstance(view, PersonView) and not view.full
    assert len(view.roles) > 3 and len(view.latest_roles) == 3
    assert view.latest_roles[0] == "Minister of National Defence (since Apr 2021)"
    (entry,) = view.entries
    # His two best statements, ranked: the Four No's and UNCLOS, both his own words.
    assert [f.speaker for f in entry.highlights] == ["Phan Văn Giang", "Phan Văn Giang"]
    text = per_line(render_text(view))
    assert "Four No" in text and "UNCLOS" in text and "KOICA" not in text
    assert f"+{len(view.roles) - 3} earlier post" in text and "Also written" not in text
    assert "— VNA, 28 March (year unknown)" in text
    full = ask("/person Phan Van Giang full")
    assert isinstance(full, PersonView) and full.full
    assert len(render_text(view)) < len(render_text(full)) / 2


def test_a_stored_persons_page_parses_only_the_dialogues_it_shows() -> None:
    # A store's corpus: titles and dates come from its catalog, dialogues are parsed when read.
    meetings = [
        make_dialogue(
            f"talks-{n}",
            when=EventDate(year=2000 + n, month=5, day=n + 1, precision="day"),
            seq=n + 1,
            participants=[
                Participant(person_id="zhuk-anna", name="Zhuk Anna", role=f"Envoy grade {n}"),
                Participant(person_id="zhuk-boris", name="Zhuk Boris"),
            ],
        )
        for n in range(20)
    ]
    parsed: list[int] = []

    def load(seq: int) -> Dialogue:
        parsed.append(seq)
        return meetings[seq - 1]

    stored = Corpus.lazy(
        columns=[to_columns(Row.of(d) for d in meetings)],
        load=load,
        people={"zhuk-anna": make_person("zhuk-anna", "Zhuk Anna")},
        sources={},
        subscriptions=(),
    )
    view = person(stored, reference(), "Zhuk Anna")
    assert isinstance(view, PersonView) and view.page is not None and view.page.total == 20
    # Her newest titles, each dated by its meeting, newest first; the newest page alone parsed.
    assert view.latest_roles == tuple(
        f"Envoy grade {n} (as of {n + 1} May {2000 + n})" for n in (19, 18, 17)
    )
    assert [e.dialogue.id for e in view.entries] == [f"talks-{n}" for n in range(19, 11, -1)]
    assert sorted(parsed) == list(range(13, 21))
