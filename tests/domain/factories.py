"""Real Dialogue, Person, Source and Corpus objects for tests, mirroring the seed articles."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from bot.domain.corpus import Corpus
from bot.domain.models import (
    Commitment,
    Dialogue,
    EventDate,
    Evidence,
    Language,
    Participant,
    Person,
    PositionHit,
    Side,
    Source,
    SourceRef,
    TopicHit,
)
from bot.domain.reference import Reference, load_reference

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"

# Source ids are the hashes in the seed file names.
EUROPE_TODAY = "c45f0721d31ab978"
VNA_GIANG = "9d61a36bc6a10294"
VNA_STRATEGIC = "df905f9aa6cf7dac"
VNS_DEPUTY_FM = "8262931bf64026ae"
MT_STATE_VISIT = "1414897db8865b5b"

# Speakers the seed articles quote most.
CHIEN, GIANG, SON = "hoang-xuan-chien", "phan-van-giang", "bui-thanh-son"


@cache
def reference() -> Reference:
    """The real reference data in data/reference."""
    return load_reference()


def ev(
    sentence: str,
    source_id: str,
    *,
    by: str | None = None,
    side: Side | None = None,
    lang: Language | None = None,
) -> Evidence:
    """A quoted sentence, said by a person (`by`), one side or both, or the narration."""
    return Evidence(sentence=sentence, source_id=source_id, said_by=by, side=side, lang=lang)


def _evidence(sentence: str | Evidence, source_id: str) -> Evidence:
    return sentence if isinstance(sentence, Evidence) else ev(sentence, source_id)


def topic_hit(topic_id: str, *sentences: str | Evidence, source_id: str) -> TopicHit:
    """A topic with its supporting sentences (plain text is narration)."""
    return TopicHit(id=topic_id, evidence=[_evidence(s, source_id) for s in sentences])


def position_hit(position_id: str, *sentences: str | Evidence, source_id: str) -> PositionHit:
    """A position with its supporting sentences (plain text is narration)."""
    return PositionHit(id=position_id, evidence=[_evidence(s, source_id) for s in sentences])


def make_dialogue(
    dialogue_id: str = "d1",
    *,
    title: str = "Talks",
    when: EventDate | None = None,
    source_id: str = "src1",
    outlet: str | None = "VNA",
    published: date | None = None,
    url: str | None = None,
    **fields: object,
) -> Dialogue:
    """A dialogue with one source; any other Dialogue field may be given."""
    return Dialogue.model_validate(
        {
            "id": dialogue_id,
            "title": title,
            "date": when or EventDate(),
            "sources": [
                SourceRef(
                    id=source_id,
                    file=f"{source_id}.txt",
                    outlet=outlet,
                    url=url,
                    published=published,
                )
            ],
            **fields,
        }
    )


def cited_article(
    dialogue_id: str,
    source_id: str,
    *,
    sentence: str,
    title: str,
    when: EventDate,
    place: str,
    file: str,
) -> tuple[Source, Dialogue, list[Person]]:
    """A made-up article: one Giang dialogue on maritime, its one sentence cited from VNA."""
    dialogue = Dialogue(
        id=dialogue_id,
        title=title,
        date=when,
        place=place,
        mechanism="defence-policy-dialogue",
        participants=[Participant(person_id=GIANG, name="Phan Văn Giang")],
        topics=[
            TopicHit(id="maritime", evidence=[Evidence(sentence=sentence, source_id=source_id)])
        ],
        summary=[Evidence(sentence=sentence, source_id=source_id)],
        sources=[SourceRef(id=source_id, file=file, outlet="VNA")],
    )
    source = Source(id=source_id, file=file, outlet="VNA", text=sentence)
    return source, dialogue, [Person(id=GIANG, name="Phan Văn Giang", country="VN")]


def make_person(person_id: str, name: str, *aliases: str, country: str | None = None) -> Person:
    """A person with aliases."""
    return Person.model_validate(
        {"id": person_id, "name": name, "aliases": list(aliases), "country": country}
    )


def make_corpus(
    dialogues: list[Dialogue],
    people: list[Person] | None = None,
    sources: list[Source] | None = None,
) -> Corpus:
    """A corpus built the way the store builds it."""
    return Corpus.build(dialogues=dialogues, people=people or [], sources=sources or [])


def _article_text(source_id: str) -> str:
    """The body of a seed article (header dropped, the known mojibake repaired)."""
    path = next(ARTICLES.glob(f"*_{source_id}.txt"))
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    return body.replace("HoĂ ng XuĂ¢n Chiến", "Hoàng Xuân Chiến").strip()


def seed_sources() -> list[Source]:
    """The five seed articles as stored sources."""
    meta = {
        EUROPE_TODAY: ("The Europe Today", date(2024, 4, 24), "defence-policy-11"),
        VNA_GIANG: ("VNA", None, "giang-lee-talks"),
        VNA_STRATEGIC: ("VNA", None, "strategic-defence-2"),
        VNS_DEPUTY_FM: ("VNS", None, "deputy-fm-5"),
        MT_STATE_VISIT: ("MT Team", date(2025, 8, 13), "to-lam-state-visit"),
    }
    return [
        Source(
            id=sid,
            file=next(ARTICLES.glob(f"*_{sid}.txt")).name,
            outlet=outlet,
            published=published,
            text=_article_text(sid),
            dialogue_id=dialogue_id,
        )
        for sid, (outlet, published, dialogue_id) in meta.items()
    ]


def _ref_of(source: Source) -> SourceRef:
    return SourceRef(
        id=source.id,
        file=source.file,
        outlet=source.outlet,
        url=source.url,
        published=source.published,
    )


def seed_people() -> list[Person]:
    """The reference people, as ingestion stores them."""
    return list(reference().people)


def seed_dialogues() -> list[Dialogue]:
    """The five seed dialogues as ingestion is expected to extract them."""
    refs = {s.id: _ref_of(s) for s in seed_sources()}
    et, vg, vs, fm, mt = EUROPE_TODAY, VNA_GIANG, VNA_STRATEGIC, VNS_DEPUTY_FM, MT_STATE_VISIT
    policy = Dialogue(
        id="defence-policy-11",
        title="11th Vietnam–RoK defence policy dialogue",
        date=EventDate(year=2024, month=4, day=23, precision="day", phrase="April 23"),
        place="Hanoi",
        mechanism="defence-policy-dialogue",
        edition=11,
        participants=[
            Participant(
                person_id="hoang-xuan-chien",
                name="Hoàng Xuân Chiến",
                country="VN",
                role="Deputy Minister of National Defence",
            ),
            Participant(
                person_id="kim-seon-ho", name="Kim Seon Ho", country="KR", role="Deputy Minister"
            ),
        ],
        summary=[
            ev(
                "The 11th Vietnam-Republic of Korea (RoK) defence policy dialogue was convened in "
                "Hanoi on April 23, marking a significant milestone in reviewing bilateral "
                "cooperation achievements and setting future directions for joint collaboration.",
                et,
            ),
            ev(
                "Deputy Minister of National Defence of Vietnam, Hoàng Xuân Chiến, and his "
                "counterpart from the Republic of Korea, Kim Seon Ho, co-chaired the dialogue.",
                et,
            ),
        ],
        topics=[
            topic_hit(
                "maritime",
                ev(
                    "Deputy Minister Chiến reiterated Vietnam’s steadfast commitment to resolving "
                    "disputes in the East Sea (South China Sea) through peaceful means, in "
                    "accordance with international law, including the 1982 United Nations "
                    "Convention on the Law of the Sea (UNCLOS).",
                    et,
                    by=CHIEN,
                ),
                source_id=et,
            ),
            topic_hit(
                "war-legacy",
                ev(
                    "He conveyed gratitude to the RoK Government for its generous support of $34 "
                    "million towards two projects aimed at addressing wartime bomb clearance in "
                    "Vietnam.",
                    et,
                    by=CHIEN,
                ),
                source_id=et,
            ),
            topic_hit(
                "peacekeeping",
                ev(
                    "He emphasized the tangible outcomes of defence cooperation, encompassing "
                    "exchanges of delegations, education and training initiatives, dialogue "
                    "mechanisms, defence industry collaboration, military trade, war legacy "
                    "issues, cybersecurity, military medicine, and UN peacekeeping.",
                    et,
                    by=CHIEN,
                ),
                source_id=et,
            ),
        ],
        positions=[
            position_hit(
                "east-sea-stance",
                ev(
                    "Deputy Minister Chiến reiterated Vietnam’s steadfast commitment to resolving "
                    "disputes in the East Sea (South China Sea) through peaceful means, in "
                    "accordance with international law, including the 1982 United Nations "
                    "Convention on the Law of the Sea (UNCLOS).",
                    et,
                    by=CHIEN,
                ),
                source_id=et,
            ),
            position_hit(
                "denuclearisation",
                ev(
                    "Regarding the Korean Peninsula, Vietnam reaffirmed its stance against weapons "
                    "of mass destruction proliferation, advocating for denuclearisation and "
                    "peaceful resolution of issues through dialogue.",
                    et,
                    side="VN",
                ),
                source_id=et,
            ),
        ],
        commitments=[
            Commitment(
                text="$34 million for wartime bomb clearance",
                amount=34_000_000,
                currency="USD",
                purpose="wartime bomb clearance",
                evidence=ev(
                    "He conveyed gratitude to the RoK Government for its generous support of $34 "
                    "million towards two projects aimed at addressing wartime bomb clearance in "
                    "Vietnam.",
                    et,
                    by=CHIEN,
                ),
                kind="background",  # support the RoK had already given
            )
        ],
        sources=[refs[et]],
        seq=1,
    )
    # Sentences of this article that support two topics or a topic and a position.
    east_sea_codes = (
        "As for the East Sea, the two ministers shared the view that the sides need to observe "
        "the Declaration on the Conduct of Parties in the East Sea (DOC) and work for the early "
        "conclusion of negotiations on and signing of a substantive and effective Code of "
        "Conduct in the East Sea (COC) in line with international law."
    )
    mechanisms_and_areas = (
        "The two sides have maintained cooperation mechanisms and delegation exchanges, "
        "especially the defence policy dialogue at the deputy ministerial level, and "
        "cooperation in such areas as personnel training, defence intelligence, military "
        "security, cyber security and military medicine has been promoted effectively and "
        "practically."
    )
    giang = Dialogue(
        id="giang-lee-talks",
        title="Vietnam, RoK agree to strengthen defence ties",
        date=EventDate(month=3, day=28, precision="month_day", phrase="March 28"),
        place="Seoul",
        mechanism="defence-ministers-talks",
        participants=[
            Participant(
                person_id="phan-van-giang",
                name="Phan Van Giang",
                country="VN",
                role="Minister of National Defence",
            ),
            Participant(
                person_id="lee-jong-sup",
                name="Lee Jong-sup",
                country="KR",
                role="Minister of National Defense",
            ),
        ],
        summary=[
            ev(
                "Vietnamese Minister of National Defence Gen. Phan Van Giang and his Republic of "
                "Korea (RoK) counterpart Lee Jong-sup agreed to strengthen the bilateral defence "
                "cooperation, making it match potential of the two countries and their relations, "
                "during their talks in Seoul on March 28.",
                vg,
            )
        ],
        topics=[
            topic_hit(
                "maritime",
                ev(
                    "Regarding maritime security, the Vietnamese defence minister stressed that "
                    "challenges regarding security and safety of navigation and territory and "
                    "sovereignty disputes in Asia-Pacific in general and the East Sea in "
                    "particular, have posed risks to peace, security, stability and cooperation "
                    "in the region and the world as well.",
                    vg,
                    by=GIANG,
                ),
                ev(
                    "Cooperation between military forces has also been stepped up, with "
                    "cooperation between naval forces being a bright spot, according to the "
                    "officials.",
                    vg,
                    side="both",
                ),
                source_id=vg,
            ),
            topic_hit(
                "east-sea",
                ev(
                    east_sea_codes,
                    vg,
                    side="both",
                ),
                source_id=vg,
            ),
            topic_hit(
                "war-legacy",
                ev(
                    "Giang suggested Lee himself and the Korean ministry to call on other "
                    "ministries, agencies and organisations of the RoK, including the Ministry of "
                    "Foreign Affairs and the Korea International Cooperation Agency (KOICA), to "
                    "continue coordinating with and assisting Vietnam in war consequence "
                    "settlement, post-war dioxin remediation and supporting bomb, mine and "
                    "AO/dioxin victims.",
                    vg,
                    by=GIANG,
                ),
                source_id=vg,
            ),
            topic_hit(
                "cyber-security",
                mechanisms_and_areas,
                source_id=vg,
            ),
            topic_hit(
                "military-medicine",
                mechanisms_and_areas,
                source_id=vg,
            ),
        ],
        positions=[
            position_hit(
                "four-nos",
                ev(
                    "Exchanging views on regional security with his host, Giang said Vietnam "
                    "consistently pursues the ‘Four No’s’ policy, which was specified in the 2019 "
                    "Vietnam National Defence White Paper.",
                    vg,
                    by=GIANG,
                ),
                source_id=vg,
            ),
            position_hit(
                "east-sea-stance",
                ev(
                    "In such circumstances, relevant sides should uphold the rule of law, "
                    "including the 1982 United Nations Convention on the Law of the Sea (1982 "
                    "UNCLOS), he suggested.",
                    vg,
                    by=GIANG,
                ),
                ev(
                    east_sea_codes,
                    vg,
                    side="both",
                ),
                source_id=vg,
            ),
        ],
        sources=[refs[vg]],
        seq=2,
    )
    strategic = Dialogue(
        id="strategic-defence-2",
        title="2nd Vietnam–RoK strategic defence dialogue",
        date=EventDate(month=11, day=15, precision="month_day", phrase="November 15"),
        place="Seoul",
        mechanism="strategic-defence-dialogue",
        edition=2,
        participants=[
            Participant(
                person_id="nguyen-chi-vinh",
                name="Nguyen Chi Vinh",
                country="VN",
                role="Deputy Defence Minister",
            ),
            Participant(person_id="baek-seung-joo", name="Baek Seung-joo", country="KR"),
        ],
        summary=[
            ev(
                "Vietnam and the Republic of Korea (RoK) on November 15 held their second "
                "strategic defence dialogue in Seoul, during which they reviewed the bilateral "
                "defence cooperation outcomes over recent years and plotted the direction of "
                "future collaboration.",
                vs,
            )
        ],
        topics=[
            topic_hit(
                "maritime",
                ev(
                    "While nuclear matters, conflict risks, non-traditional security issues and "
                    "maritime safety scares are facing the Northeast Asian region, Southeast Asia "
                    "is encountering problems in maritime security, territorial disputes and "
                    "piracy, they said.",
                    vs,
                    side="both",
                ),
                source_id=vs,
            ),
            topic_hit(
                "cyber-security",
                ev(
                    "They also agreed that some new challenges are emerging, including those of "
                    "non-traditional security and cyber security.",
                    vs,
                    side="both",
                ),
                source_id=vs,
            ),
        ],
        sources=[refs[vs]],
        seq=3,
    )
    deputy_fm = Dialogue(
        id="deputy-fm-5",
        title="5th deputy foreign ministerial strategic dialogue",
        date=EventDate(precision="none", phrase="on Wednesday"),
        place="Hanoi",
        mechanism="deputy-fm-strategic-dialogue",
        edition=5,
        participants=[
            Participant(
                person_id="bui-thanh-son",
                name="Bùi Thanh Sơn",
                country="VN",
                role="Minister of Foreign Affairs",
            ),
            Participant(
                person_id="chang-ho-jin",
                name="Chang Ho-jin",
                country="KR",
                role="First Vice Minister of Foreign Affairs",
            ),
            Participant(person_id="nguyen-minh-vu", name="Nguyễn Minh Vũ", country="VN"),
        ],
        summary=[
            ev(
                "HÀ NỘI — Foreign Minister Bùi Thanh Sơn on Wednesday hosted First Vice Minister "
                "of Foreign Affairs of the Republic of Korea (RoK) Chang Ho-jin on his visit to "
                "Việt Nam to co-chair the fifth deputy foreign ministerial level strategic "
                "dialogue on diplomacy, security and defence between the two countries.",
                fm,
            )
        ],
        topics=[
            topic_hit(
                "maritime",
                ev(
                    "He called on the RoK to support Việt Nam in improving its maritime law "
                    "enforcement capability, contribute to programmes to overcome post-war "
                    "consequences, promote balanced and stable trade cooperation between the two "
                    "nations, and enhance people-to-people and youth exchange and education "
                    "cooperation.",
                    fm,
                    by=SON,
                ),
                source_id=fm,
            ),
            topic_hit(
                "trade-investment",
                ev(
                    "Sơn urged the RoK side to expand investment in Việt Nam, particularly in "
                    "priority areas such as infrastructure development, high-tech electronics and "
                    "semiconductor manufacturing, and biotechnology.",
                    fm,
                    by=SON,
                ),
                source_id=fm,
            ),
        ],
        commitments=[
            Commitment(
                text="Two-way trade of US$100 billion, even $150 billion in 2030",
                amount=100_000_000_000,
                amount_max=150_000_000_000,
                currency="USD",
                purpose="two-way trade",
                evidence=ev(
                    "The Korean official pledged to further open its market to Việt Nam's key "
                    "export products and their entry into the supply chains of the Asian nation, "
                    "towards achieving the goal of lifting two-way trade to US$100 billion, even "
                    "$150 billion in 2030.",
                    fm,
                    by="chang-ho-jin",
                ),
            )
        ],
        sources=[refs[fm]],
        seq=4,
    )
    state_visit = Dialogue(
        id="to-lam-state-visit",
        title="Hanoi, Seoul Strengthen Defence, Security, Economic Ties",
        date=EventDate(
            year=2025, month=8, day=10, end_day=13, precision="day", phrase="August 10–13"
        ),
        place="Seoul",
        mechanism="state-visit",
        participants=[
            Participant(
                person_id="to-lam",
                name="To Lam",
                country="VN",
                role="General Secretary of the Communist Party of Vietnam",
            ),
            Participant(
                person_id="lee-jae-myung",
                name="Lee Jae Myung",
                country="KR",
                role="President of the Republic of Korea",
            ),
        ],
        summary=[
            ev(
                "The state visit of Vietnamese Party General Secretary To Lam and his spouse to "
                "the Republic of Korea (RoK) has concluded with a landmark joint statement, "
                "setting a new course for the Vietnam–RoK Comprehensive Strategic Partnership.",
                mt,
            ),
            ev(
                "In the statement, General Secretary To Lam and RoK President Lee Jae Myung lauded "
                "the progress in relations since diplomatic ties were established in 1992, "
                "highlighting the significant upgrade to a Comprehensive Strategic Partnership in "
                "2022.",
                mt,
            ),
        ],
        topics=[
            topic_hit(
                "maritime",
                "Plans include increased delegation exchanges, closer maritime security "
                "cooperation, and joint training initiatives.",
                source_id=mt,
            ),
            topic_hit(
                "war-legacy",
                ev(
                    "They also pledged to boost joint efforts in mine clearance, UN peacekeeping "
                    "missions, sharing strategic intelligence, combating non-traditional security "
                    "threats, and tackling transnational crime.",
                    mt,
                    side="both",
                ),
                source_id=mt,
            ),
        ],
        sources=[refs[mt]],
        seq=5,
    )
    return [policy, giang, strategic, deputy_fm, state_visit]


@cache
def seed_corpus() -> Corpus:
    """The seed corpus, built once per test session (Corpus is immutable)."""
    return make_corpus(seed_dialogues(), seed_people(), seed_sources())
