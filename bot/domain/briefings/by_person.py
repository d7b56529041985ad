"""/person and /people: someone's posts and dialogues from their side, and everyone known."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.briefings.blocks import Fact, ListItem, PersonEntry, Ref, SubjectQuotes
from bot.domain.briefings.cards import (
    EvidenceTest,
    attendees,
    dialogue_ref,
    person_ref,
    pledges,
    position_ref,
    statement_candidates,
    topic_ref,
)
from bot.domain.briefings.citations import MAX_FACTS, facts
from bot.domain.briefings.formatting import country_name, format_role
from bot.domain.briefings.in_period import Listing, listing, unmatched
from bot.domain.briefings.ranking import pick, ranked
from bot.domain.briefings.roles import as_of
from bot.domain.briefings.speakers import (
    attributed,
    people_by_id,
    said_by_or_with,
    unresolved,
)
from bot.domain.briefings.views import NotFoundView, PeopleView, PersonView, UsageView
from bot.domain.caching import identity_cached
from bot.domain.corpus import Corpus
from bot.domain.merge import combine_roles
from bot.domain.models import Dialogue, Evidence, Person, Role
from bot.domain.periods import Period
from bot.domain.reference import Reference
from bot.domain.resolve import dialogue_count, known_people, resolve_person
from bot.domain.text import fold

PERSON_SUMMARY_FACTS = 2
ROLE_DIALOGUES = 50  # the newest dialogues whose titles for the person are listed
PERSON_TOPIC_FACTS = 2
# A short page quotes the best two statements of a lone dialogue, the best one of each in a list;
# the second only when both fit this many characters (one phone screen with the heading).
SHORT_STATEMENTS = 2
SHORT_BUDGET = 500
SHORT_POSTS = 3  # the most recent posts a short page lists; "More" lists every one


def _theirs(person_id: str, d: Dialogue) -> tuple[EvidenceTest, EvidenceTest]:
    """Which summary sentences, and which topic or position sentences, a person's page quotes."""
    # Only their own words and the sides' joint ones: never a counterpart's. The narration
    # backs the summary (unless it opens on an unresolved "He"); under a topic or position it
    # is quoted only for records stored before speakers were known.
    legacy = not attributed(d)

    def summary(e: Evidence) -> bool:
        # Narration whose speaker is only "he" could be read as this person's words.
        return said_by_or_with(e, person_id, narration=legacy or not unresolved(e))

    def stated(e: Evidence) -> bool:
        return said_by_or_with(e, person_id, narration=legacy)

    return summary, stated


def _short_entry(
    corpus: Corpus, ref: Reference, person_id: str, d: Dialogue, statements: int
) -> PersonEntry:
    """One dialogue in a few lines: where, with whom, and their best statements (ranked)."""
    theirs, stated = _theirs(person_id, d)
    # Their pledges are among their statements: a short page shows no pledges of its own.
    candidates = statement_candidates(d, theirs, stated, pledged=True, summary_backs=False)
    best = pick(ranked(candidates), statements, SHORT_BUDGET)
    return PersonEntry(
        dialogue=dialogue_ref(ref, d),
        counterparts=tuple(a for a in attendees(corpus, ref, d) if a.person_id != person_id),
        highlights=facts(corpus, d, (s.candidate.evidence for s in best), statements, ref),
    )


def _person_entry(
    corpus: Corpus, ref: Reference, person_id: str, d: Dialogue, *, full: bool = True
) -> PersonEntry:
    """What one dialogue says, from one participant's side: sentences never repeat."""
    # Alone, a dialogue quotes two summary sentences and what backs each position and topic;
    # in a list of several, one summary sentence and one per position, and topics by name.
    # The narration backs the outcomes as it does the summary.
    present = attendees(corpus, ref, d)
    shown: set[str] = set()
    theirs, stated = _theirs(person_id, d)

    def fresh(evidence: Iterable[Evidence], limit: int) -> tuple[Fact, ...]:
        picked = [e for e in evidence if e.sentence.strip() not in shown][:limit]
        shown.update(e.sentence.strip() for e in picked)
        return facts(corpus, d, picked, limit, ref)

    side = _side_of(corpus, ref, person_id, d)

    def outcome(e: Evidence) -> bool:
        # What their own side pledged at the meeting is an outcome of their meeting too.
        return theirs(e) or (e.said_by is None and e.side is not None and e.side == side)

    promised = pledges(corpus, ref, d, outcome)
    shown.update(p.fact.text.strip() for p in promised)
    summary = fresh(filter(theirs, d.summary), PERSON_SUMMARY_FACTS if full else 1)
    stances: list[SubjectQuotes] = []
    raised: list[SubjectQuotes] = []
    also: list[Ref] = []
    for hit in d.positions:
        quoted = fresh(filter(stated, hit.evidence), MAX_FACTS if full else 1)
        if quoted:
            stances.append(SubjectQuotes(position_ref(ref, hit.id), quoted))
        else:
            also.append(position_ref(ref, hit.id))
    for topic in d.topics:
        quoted = fresh(filter(stated, topic.evidence), PERSON_TOPIC_FACTS) if full else ()
        if quoted:
            raised.append(SubjectQuotes(topic_ref(ref, topic.id), quoted))
        else:
            also.append(topic_ref(ref, topic.id))
    me = next((a for a in present if a.person_id == person_id), None)
    return PersonEntry(
        dialogue=dialogue_ref(ref, d),
        role=me.role if me else None,
        counterparts=tuple(a for a in present if a.person_id != person_id),
        summary=summary,
        positions=tuple(stances),
        topics=tuple(raised),
        also=tuple(also),
        pledges=tuple(p for p in promised if not p.background),
        background=tuple(p for p in promised if p.background),
    )


def _side_of(corpus: Corpus, ref: Reference, person_id: str, d: Dialogue) -> str | None:
    """The side ("VN" or "KR") a participant sat on, as the article or the register says."""
    named = next((p.country for p in d.participants if p.person_id == person_id), None)
    known = people_by_id(corpus, ref).get(person_id)
    return named or (known.country if known else None)


def person(
    corpus: Corpus,
    ref: Reference,
    query: str,
    page: int = 1,
    period: Period | None = None,
    *,
    full: bool = False,
) -> PersonView | NotFoundView | UsageView:
    """A person's posts and the dialogues (in `period`) they took part in, newest first; a page.

    Short by default (each dialogue with their best statements); `full`: all they said there.
    """
    found = resolve_person(corpus, query, ref)
    if found.match is None:
        close = (person_ref(p) for p in found.suggestions)
        hint = "/people lists everyone."
        return unmatched("person", query, close, period, hint, ambiguous=found.ambiguous)
    who = found.match
    dialogues = corpus.by_person.get(who.id, ())
    roles, latest_roles = _posts(corpus, ref, who)
    # Their posts are of every year; the dialogues listed, of the period only.
    listed = listing(corpus, dialogues, who.name, f"person {who.id}", page, period, full=full)
    if not isinstance(listed, Listing):
        return listed
    alone = listed.page.total == 1
    return PersonView(
        person=person_ref(who),
        country=country_name(who.country),
        roles=roles,
        latest_roles=latest_roles,
        aliases=tuple(a for a in who.aliases if fold(a) != fold(who.name)),
        entries=tuple(
            _person_entry(corpus, ref, who.id, d, full=alone)
            if full
            else _short_entry(corpus, ref, who.id, d, SHORT_STATEMENTS if alone else 1)
            for d in listed.shown
        ),
        see_also=tuple(person_ref(p) for p in found.suggestions),
        page=listed.page,
        period=period,
        full=full,
        listed=listed.command,
    )


def _posts(corpus: Corpus, ref: Reference, who: Person) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every post on record, and the most recent few: worked out once per person and corpus."""
    known = identity_cached("person-posts", (corpus, ref), dict[str, tuple[tuple[str, ...], ...]])
    if who.id not in known:
        # A title only a participant line gives (the person record may lack it) comes last.
        # Titles from the newest dialogues only, read from the catalog: none is parsed.
        named = [
            Role(title=title, as_of=as_of(date))
            for title, date in corpus.titles_of(who.id, ROLE_DIALOGUES)
        ]
        posts = combine_roles(who.roles, named)
        roles = tuple(format_role(r) for r in posts)
        # The short page lists the most recent posts (held now, then by date), in that order.
        recent = sorted(range(len(posts)), key=lambda i: _recency(posts[i]), reverse=True)
        known[who.id] = (roles, tuple(roles[i] for i in sorted(recent[:SHORT_POSTS])))
    roles, latest = known[who.id]
    return roles, latest


def _recency(role: Role) -> tuple[bool, str]:
    """How recent a post is on record: not ended first, then by its "as of" or start date."""
    return role.until is None, role.as_of or role.since or ""


def _latest_post(roles: Sequence[Role]) -> str | None:
    """The post most recently on record."""
    if not roles:
        return None
    return max(roles, key=_recency).title


def people(corpus: Corpus, ref: Reference) -> PeopleView:
    """Everyone in a stored dialogue, most active first, with country and latest post."""
    # The register of officials holds hundreds who took part in no stored dialogue: they are
    # counted, not listed (/person still finds each of them).
    items = []
    unlisted = 0
    for p in known_people(corpus, ref):
        count = dialogue_count(corpus, ref, p.id)
        if not count:
            unlisted += 1
            continue
        post = _latest_post(p.roles)
        detail = ", ".join(x for x in (country_name(p.country), post) if x)
        items.append(ListItem(person_ref(p), count, detail or None))
    return PeopleView(items=tuple(items), unlisted=unlisted)
