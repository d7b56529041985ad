"""The watcher on the web: charsets, listing pages, robots.txt, redirects, cookies, addresses."""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.domain.reference import Reference
from bot.store import Store
from bot.watch.catalog import items_of
from bot.watch.netsafety import address_problem, url_problem

from .conftest import QUICK, make_watcher, write_sources
from .pages import ARTICLES, NEW_DIALOGUE, korean_page, rss, story, vietnamplus_page
from .site import Route, Site, serving

RSS = "application/rss+xml; charset=utf-8"
GIANG = story(ARTICLES / "001_9d61a36bc6a10294.txt")
TWELFTH = story(NEW_DIALOGUE)
KO_TITLE = "한-베트남 국방장관 회담…방산·해양안보 협력 확대 합의"
KO_TEXT = [
    "신원식 국방부 장관은 28일 서울 국방부 청사에서 판 반 장 베트남 국방부 장관과 회담을 하고 "
    "양국 간 국방 협력을 강화하기로 합의했다고 국방부가 밝혔다.",
    "양 장관은 방위산업과 해양안보, 사이버 안보 분야에서 협력을 확대하고 유엔 평화유지활동 "
    "경험을 공유하기로 했다.",
    "장 장관은 한국과 베트남이 2022년 포괄적 전략동반자 관계로 격상된 이후 국방 분야 교류가 "
    "활발해졌다고 평가했다.",
]


async def test_a_korean_listing_and_pages_in_euc_kr_decode_right(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    page = korean_page(KO_TITLE, KO_TEXT, date(2024, 3, 28)).encode("euc-kr")
    # One page declares EUC-KR only in its <meta>; the other's header wrongly says UTF-8.
    site.add("/news/1001", Route(page, content_type="text/html"))
    site.add(
        "/news/1002",
        Route(
            page.replace("28일".encode("euc-kr"), "29일".encode("euc-kr")),
            content_type="text/html; charset=utf-8",
        ),
    )
    links = "".join(f'<li><a href="/news/{n}">{KO_TITLE} ({n})</a></li>' for n in (1001, 1002))
    listing = (
        '<html lang="ko"><head><meta charset="euc-kr"><title>정치 뉴스</title></head><body>'
        '<a href="/">홈</a> <a href="/politics">정치</a> '
        '<a href="https://elsewhere.example/n/1">다른 사이트의 아주 긴 기사 제목입니다 정말로</a>'
        f"<ul>{links}</ul></body></html>"
    ).encode("euc-kr")
    url = site.add("/politics", Route(listing, content_type="text/html; charset=EUC-KR"))
    sources = write_sources(
        tmp_path / "s.yaml",
        [{"id": "ko-portal", "name": "Portal", "url": url, "kind": "listing", "language": "ko"}],
    )

    [report] = await make_watcher(empty_store, reference, sources).run_pass()

    assert report.error is None
    items = items_of(empty_store, "ko-portal")
    assert sorted(i.url for i in items) == [site.url("/news/1001"), site.url("/news/1002")]
    assert {i.title for i in items} == {KO_TITLE}  # decoded right, from the page itself
    # The engine reads Korean: each page is kept as its own dialogue, in the text as written.
    assert {i.outcome for i in items} == {"kept"}
    stored = {d.id: d for d in empty_store.corpus().dialogues}
    by_url = {i.url: stored[i.dialogue_id or ""] for i in items}
    first, second = by_url[site.url("/news/1001")], by_url[site.url("/news/1002")]
    assert KO_TEXT[0] in [e.sentence for e in first.summary]
    assert KO_TEXT[0].replace("28일", "29일") in [e.sentence for e in second.summary]
    assert {p.person_id for p in first.participants} == {"shin-won-sik", "phan-van-giang"}
    assert (first.date.year, first.date.month, first.date.day) == (2024, 3, 28)


async def test_robots_txt_is_honoured_and_an_unreachable_one_stops_the_host(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    site.add(
        "/robots.txt",
        Route(b"User-agent: Briefbot\nDisallow: /private/\n", content_type="text/plain"),
    )
    allowed = site.add("/public/giang", Route(vietnamplus_page(GIANG).encode()))
    blocked = site.url("/private/giang")
    items = [
        (GIANG.title, allowed, date(2023, 3, 28), ""),
        ("Closed door", blocked, date(2023, 3, 29), ""),
    ]
    feed = site.add("/rss", Route(rss("Wire", items), content_type=RSS))
    sources = write_sources(tmp_path / "s.yaml", [{"id": "wire", "name": "Wire", "url": feed}])

    [report] = await make_watcher(empty_store, reference, sources).run_pass()

    assert [i.url for i in report.kept] == [allowed]
    [refused] = report.refused
    assert refused.url == blocked and "robots.txt disallows" in (refused.reason or "")
    assert site.hits("/private/giang") == []

    site.routes["/robots.txt"] = Route(b"down", status=500, content_type="text/plain")
    [unreachable] = await make_watcher(empty_store, reference, sources).run_pass()
    assert unreachable.error == "robots.txt unreachable (HTTP 500)"
    assert len(site.hits("/rss")) == 1  # the feed itself was not asked for again


async def test_redirects_are_followed_no_cookie_is_kept_and_the_agent_names_the_bot(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    final = site.add(
        "/2023/giang.html",
        Route(vietnamplus_page(GIANG).encode(), headers={"Set-Cookie": "visit=2; Path=/"}),
    )
    site.add("/story?id=7", Route(status=301, location="/2023/giang.html"))
    items = [(GIANG.title, site.url("/story?id=7"), date(2023, 3, 28), "")]
    site.add(
        "/rss.xml",
        Route(rss("Wire", items), content_type=RSS, headers={"Set-Cookie": "session=abc; Path=/"}),
    )
    site.add("/feed", Route(status=302, location=site.url("/rss.xml")))
    sources = write_sources(
        tmp_path / "s.yaml", [{"id": "wire", "name": "Wire", "url": site.url("/feed")}]
    )
    watcher = make_watcher(empty_store, reference, sources)

    await watcher.run_pass()
    await watcher.run_pass()

    [stored] = empty_store.corpus().sources.values()
    assert stored.url == final  # where the article really is
    assert all("cookie" not in r.headers for r in site.requests)
    agents = {r.headers["user-agent"] for r in site.requests}
    assert len(agents) == 1 and "Briefbot" in agents.pop()
    assert len(site.hits("/2023/giang.html")) == 1


async def test_private_addresses_are_refused_unless_allowed(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    feed = site.add("/rss", Route(rss("Wire", []), content_type=RSS))
    sources = write_sources(tmp_path / "s.yaml", [{"id": "local", "name": "L", "url": feed}])
    strict = replace(QUICK, allow_private=False)

    [report] = await make_watcher(empty_store, reference, sources, strict).run_pass()

    assert report.error == "127.0.0.1: 127.0.0.1 is a loopback address"
    assert site.requests == []


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("100.64.0.1", "private"),
        ("0.0.0.0", "private"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_ranges(address: str, problem: str | None) -> None:
    found = address_problem(address)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/feed",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "http://u:p@example.com/",
    ],
)
def test_only_plain_http_urls(url: str) -> None:
    assert url_problem(url) is not None


async def test_one_host_gets_one_request_at_a_time_with_the_politeness_delay(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    page = site.add("/a", Route(vietnamplus_page(GIANG).encode()))
    feed_a = site.add(
        "/rss-a", Route(rss("A", [(GIANG.title, page, date(2023, 3, 28), "")]), content_type=RSS)
    )
    feed_b = site.add("/rss-b", Route(rss("B", []), content_type=RSS))
    sources = write_sources(
        tmp_path / "s.yaml",
        [{"id": "a", "name": "A", "url": feed_a}, {"id": "b", "name": "B", "url": feed_b}],
    )
    polite = replace(QUICK, politeness=0.15)

    await make_watcher(empty_store, reference, sources, polite).run_pass()

    times = sorted(r.at for r in site.requests)
    assert len(times) == 4  # robots.txt, two feeds, one article
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.15


async def test_a_vietnamese_page_is_read_with_its_title_and_language(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    title = "Việt Nam - Hàn Quốc đối thoại chính sách quốc phòng lần thứ 12"
    paragraphs = [
        "Chiều 5/12, tại Seoul, Thứ trưởng Bộ Quốc phòng Hoàng Xuân Chiến và Thứ trưởng Bộ "
        "Quốc phòng Hàn Quốc Kim Seon-ho đồng chủ trì Đối thoại chính sách quốc phòng lần thứ 12.",
        "Hai bên nhất trí tăng cường hợp tác hải quân, an ninh biển và khắc phục hậu quả bom mìn.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title} - Tuổi Trẻ Online</title></head><body>"
        '<div class="header"><a href="/">Tuổi Trẻ</a> <a href="/the-gioi.htm">Thế giới</a></div>'
        f'<div class="detail__main"><h1 class="detail-title">{title}</h1>'
        f'<div class="detail-cmain">{body}</div></div></body></html>'
    ).encode()
    url = site.add("/the-gioi/doi-thoai-12.htm", Route(page))
    feed = site.add(
        "/rss/the-gioi.rss",
        Route(
            rss("Thế giới", [(title, url, date(2025, 12, 6), "")], language="vi"), content_type=RSS
        ),
    )
    sources = write_sources(
        tmp_path / "s.yaml",
        [
            {
                "id": "tuoitre",
                "name": "Tuổi Trẻ",
                "url": feed,
                "language": "vi",
                "include": ["Hàn Quốc"],
            }
        ],
    )

    [report] = await make_watcher(empty_store, reference, sources).run_pass()

    [item] = report.refused
    assert item.title == title
    # Today's engine knows the countries by their English names only: refused, with why.
    assert "does not mention both Vietnam and Korea" in (item.reason or "")


async def test_two_sources_polled_at_once_each_finish(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    held_feed, held_page = threading.Event(), threading.Event()
    older = site.add("/y/older", Route(vietnamplus_page(GIANG).encode(), hold=held_page))
    newer = site.add("/y/newer", Route(vietnamplus_page(TWELFTH).encode()))
    items = [
        (TWELFTH.title, newer, date(2025, 12, 6), ""),
        (GIANG.title, older, date(2023, 3, 28), ""),
    ]
    site.add("/y.rss", Route(rss("Y", items), content_type=RSS))
    with serving() as other_host:
        other_host.add("/x.rss", Route(rss("X", []), content_type=RSS, hold=held_feed))
        sources = write_sources(
            tmp_path / "s.yaml",
            [
                {"id": "x", "name": "X", "url": other_host.url("/x.rss")},
                {"id": "y", "name": "Y", "url": site.url("/y.rss")},
            ],
        )
        watcher = make_watcher(empty_store, reference, sources)
        specs = {w.spec.id: w.spec for w in watcher.sources()}
        # As the bot's jobs do: X's poll starts, Y's starts, X's ends while Y is mid-way.
        x = asyncio.create_task(watcher.poll_one(specs["x"]))
        await other_host.wait_for("/x.rss")
        y = asyncio.create_task(watcher.poll_one(specs["y"]))
        await site.wait_for("/y/older")
        held_feed.set()
        x_report = await x
        held_page.set()
        y_report = await y

    assert x_report.error is None
    assert y_report.error is None and [i.url for i in y_report.kept] == [older, newer]
