"""Citations: outlet and date of every sentence, and only web links."""

from __future__ import annotations

from bot.domain.briefings import citation

from ..factories import (
    EUROPE_TODAY,
    VNA_GIANG,
    VNS_DEPUTY_FM,
    make_corpus,
    make_dialogue,
    seed_corpus,
)


def test_citation_uses_published_date_then_dialogue_date_then_unknown() -> None:
    corpus = seed_corpus()
    policy = corpus.by_id["defence-policy-11"]
    giang = corpus.by_id["giang-lee-talks"]
    deputy = corpus.by_id["deputy-fm-5"]
    assert citation(corpus, policy, EUROPE_TODAY).outlet == "The Europe Today"
    assert citation(corpus, policy, EUROPE_TODAY).date == "24 Apr 2024"
    assert citation(corpus, giang, VNA_GIANG).date == "28 March (year unknown)"
    assert citation(corpus, deputy, VNS_DEPUTY_FM).date == "date unknown"
    unknown = citation(corpus, None, "missing")
    assert (unknown.outlet, unknown.date) == ("Unknown outlet", "date unknown")


def test_only_web_links_are_kept() -> None:
    good = make_dialogue("a", source_id="s1", url="https://example.org/a?x=1&y=2")
    bad = make_dialogue("b", source_id="s2", url="javascript:alert(1)")
    corpus = make_corpus([good, bad])
    assert citation(corpus, good, "s1").url == "https://example.org/a?x=1&y=2"
    assert citation(corpus, bad, "s2").url is None
