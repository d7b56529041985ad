"""A watch pass against a local site: new items are ingested once, with their source's metadata."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain.reference import Reference
from bot.store import Store
from bot.watch.catalog import items_of

from .conftest import make_watcher, write_sources
from .pages import ARTICLES, NEW_DIALOGUE, atom, rss, story, vietnamplus_page, yonhap_page
from .site import Route, Site

GIANG = story(ARTICLES / "001_9d61a36bc6a10294.txt")
SON = story(
    ARTICLES / "003_8262931bf64026ae.txt",
    title="Vietnam, RoK hold fifth strategic dialogue on diplomacy, security and defence",
)
TWELFTH = story(NEW_DIALOGUE)


def _html(page: str) -> Route:
    return Route(page.encode("utf-8"))


async def test_new_feed_items_are_stored_with_outlet_url_title_date_and_language(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    vna = site.add("/vna/giang.vnp", _html(vietnamplus_page(GIANG)))
    vns = site.add("/vns/son.html", _html(vietnamplus_page(SON)))
    yonhap = site.add("/yna/twelfth", _html(yonhap_page(TWELFTH)))
    site.add(
        "/vna/rss.xml",
        Route(
            rss(
                "VietnamPlus - Politics",
                [
                    (GIANG.title, vna, date(2023, 3, 28), "Defence ministers meet in Seoul"),
                    (SON.title, vns, date(2024, 6, 5), "Strategic dialogue in Hanoi"),
                ],
            ),
            content_type="application/rss+xml; charset=utf-8",
            etag='"rss-1"',
        ),
    )
    site.add(
        "/yna/atom.xml",
        Route(
            atom(
                "Yonhap - North Korea & Diplomacy", [(TWELFTH.title, yonhap, TWELFTH.published, "")]
            ),
            content_type="application/atom+xml",
            last_modified="Sat, 06 Dec 2025 08:00:00 GMT",
        ),
    )
    sources = write_sources(
        tmp_path / "sources.yaml",
        [
            {"id": "vietnamplus", "name": "VietnamPlus", "url": site.url("/vna/rss.xml")},
            {"id": "yonhap", "name": "Yonhap", "url": site.url("/yna/atom.xml"), "language": "ko"},
        ],
    )
    watcher = make_watcher(empty_store, reference, sources)

    reports = await watcher.run_pass()

    assert [(r.source.id, r.status, len(r.kept), r.error) for r in reports] == [
        ("vietnamplus", "ok", 2, None),
        ("yonhap", "ok", 1, None),
    ]
    stored = {s.url: s for s in empty_store.corpus().sources.values()}
    assert set(stored) == {vna, vns, yonhap}
    assert stored[vna].outlet == "VietnamPlus"
    assert stored[vna].title == GIANG.title
    assert stored[vna].published == date(2023, 3, 28)  # the feed's date
    assert stored[vna].lang is None  # English
    assert stored[yonhap].published == TWELFTH.published  # the Atom entry's date
    assert stored[yonhap].lang is None  # the page's own lang="en" wins over the source's "ko"
    dialogue = next(d for d in empty_store.corpus().dialogues if d.sources[0].url == vna)
    assert dialogue.sources[0].outlet == "VietnamPlus"
    kept = items_of(empty_store, "vietnamplus")
    assert {i.outcome for i in kept} == {"kept"} and {i.url for i in kept} == {vna, vns}

    # Nothing new: both feeds answer 304 to the validators they gave, no article is fetched.
    again = await make_watcher(empty_store, reference, sources).run_pass()

    assert [(r.status, r.error) for r in again] == [("not modified", None)] * 2
    assert site.hits("/vna/rss.xml")[-1].headers["if-none-match"] == '"rss-1"'
    assert site.hits("/yna/atom.xml")[-1].headers["if-modified-since"].startswith("Sat, 06 Dec")
    for path in ("/vna/giang.vnp", "/vns/son.html", "/yna/twelfth"):
        assert len(site.hits(path)) == 1, path
    assert len(empty_store.corpus().sources) == 3


async def test_a_known_url_or_the_same_text_elsewhere_is_not_fetched_or_stored_twice(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    first = site.add("/a/giang", _html(vietnamplus_page(GIANG)))
    copy = site.add("/amp/giang", _html(vietnamplus_page(GIANG)))  # the same page, another URL
    items = [(GIANG.title, first, date(2023, 3, 28), "")]
    feed = site.add("/feed", Route(rss("Wire", items), content_type="application/rss+xml"))
    sources = write_sources(tmp_path / "s.yaml", [{"id": "wire", "name": "Wire", "url": feed}])
    await make_watcher(empty_store, reference, sources).run_pass()
    # The feed changes (no validators this time): the old item plus the same story elsewhere.
    site.routes["/feed"] = Route(
        rss("Wire", [(GIANG.title, copy, date(2023, 3, 28), ""), *items]),
        content_type="application/rss+xml",
    )

    [report] = await make_watcher(empty_store, reference, sources).run_pass()

    assert report.seen == 1 and report.kept == []
    [refused] = report.refused
    assert refused.url == copy and refused.reason == f"same text as {first}"
    assert len(site.hits("/a/giang")) == 1
    assert len(empty_store.corpus().sources) == 1


async def test_keywords_and_relevance_refusals_are_remembered_with_their_reason(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    laos = story(
        NEW_DIALOGUE,
        title="Vietnam, Laos boost railway cooperation",
    )
    laos_text = [
        p.replace("RoK", "Laos").replace("Republic of Korea", "Laos") for p in laos.paragraphs
    ]
    laos_text = [
        p.replace("Seoul", "Vientiane").replace("Kim Seon-ho", "Somsak") for p in laos_text
    ]
    relevant = site.add("/n/1", _html(vietnamplus_page(TWELFTH)))
    other = site.add(
        "/n/2", _html(vietnamplus_page(laos.__class__(laos.title, laos_text, laos.published)))
    )
    sport = site.add("/n/3", _html("<html><body><p>football</p></body></html>"))
    feed = site.add(
        "/feed",
        Route(
            rss(
                "Politics",
                [
                    (TWELFTH.title, relevant, date(2025, 12, 6), "Defence policy dialogue"),
                    ("Vietnam, Laos defence dialogue on railways", other, date(2025, 12, 7), ""),
                    ("Korea beat Vietnam in football friendly", sport, date(2025, 12, 8), ""),
                    ("Weather: storm nears Hanoi", site.url("/n/4"), date(2025, 12, 8), ""),
                ],
            ),
            content_type="application/rss+xml",
        ),
    )
    sources = write_sources(
        tmp_path / "s.yaml",
        [
            {
                "id": "politics",
                "name": "Politics desk",
                "url": feed,
                "include": ["dialogue", "Hàn Quốc", "football"],
                "exclude": ["Football"],
            }
        ],
    )

    [report] = await make_watcher(empty_store, reference, sources).run_pass()

    assert [i.url for i in report.kept] == [relevant]
    reasons = {i.url: i.reason for i in report.refused}
    assert reasons[sport] == "excluded keyword 'Football'"
    assert reasons[site.url("/n/4")] == "none of the source's keywords"
    assert "not a Vietnam–RoK dialogue article" in (reasons[other] or "")
    assert site.hits("/n/3") == [] and site.hits("/n/4") == []  # filtered before fetching
    # The next pass (the feed unchanged but without validators) fetches none of them again.
    await make_watcher(empty_store, reference, sources).run_pass()
    assert len(site.hits("/n/1")) == len(site.hits("/n/2")) == 1
    assert len(items_of(empty_store, "politics")) == 4


async def test_refused_items_are_forgotten_after_half_a_year_kept_ones_never(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    kept = site.add("/n/1", _html(vietnamplus_page(TWELFTH)))
    items = [
        (TWELFTH.title, kept, date(2025, 12, 6), ""),
        ("Weather: storm nears Hanoi", site.url("/n/2"), date(2025, 12, 6), ""),
    ]
    site.add("/feed", Route(rss("Wire", items), content_type="application/rss+xml"))
    sources = write_sources(
        tmp_path / "s.yaml",
        [{"id": "w", "name": "Wire", "url": site.url("/feed"), "include": ["dialogue"]}],
    )
    start = datetime(2025, 12, 6, tzinfo=UTC)
    await make_watcher(empty_store, reference, sources).run_pass(now=start)
    site.routes["/feed"] = Route(rss("Wire", []), content_type="application/rss+xml")

    await make_watcher(empty_store, reference, sources).run_pass(now=start + timedelta(days=179))
    before = sorted(i.outcome for i in items_of(empty_store, "w"))
    await make_watcher(empty_store, reference, sources).run_pass(now=start + timedelta(days=181))
    after = [(i.outcome, i.url) for i in items_of(empty_store, "w")]

    assert before == ["kept", "refused"]
    assert after == [("kept", kept)]
