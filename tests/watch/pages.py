"""Feeds and article pages modelled on the outlets' own markup, built from real article texts."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

from bot.ingest.article import read_article

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "data" / "articles"
NEW_DIALOGUE = REPO / "tests" / "fixtures" / "new_dialogue.txt"


@dataclass(frozen=True)
class Story:
    """An article's headline, paragraphs and date, as an outlet would publish them."""

    title: str
    paragraphs: list[str]
    published: date


def story(path: Path, *, title: str | None = None, published: date | None = None) -> Story:
    """A story from an article file: its first short line is the headline unless one is given."""
    raw = read_article(path)
    lines = [line.strip() for line in raw.body.splitlines() if line.strip()]
    if title is None:
        if len(lines[0]) < 120 and not lines[0].endswith("."):
            title = lines.pop(0)
        else:
            title = lines[0].split(",")[0][:90]
    return Story(title, lines, published or raw.published or date(2025, 1, 15))


def _page_furniture(site: str) -> tuple[str, str]:
    """Navigation, share buttons and a footer: what every outlet wraps around the story."""
    nav = (
        f'<header class="header"><a class="logo" href="/">{site}</a><nav class="menu">'
        '<a href="/politics">Politics</a> <a href="/economy">Economy</a> '
        '<a href="/world">World</a> <a href="/society">Society</a></nav></header>'
    )
    footer = (
        '<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a></div>'
        '<footer class="footer"><p>© 2025 ' + site + ". All rights reserved.</p>"
        "<p>Licence for online press No. 123/GP-BTTTT.</p></footer>"
        "<script>window.dataLayer=[];document.write('tracking');</script>"
    )
    return nav, footer


def vietnamplus_page(s: Story) -> str:
    """An en.vietnamplus.vn article (VNA's English service)."""
    nav, footer = _page_furniture("VietnamPlus")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(s.title)} | Vietnam+ (VietnamPlus)</title>"
        f'<meta property="og:title" content="{html.escape(s.title)}">'
        f'<meta property="article:published_time" content="{s.published}T09:30:00+07:00">'
        '<meta name="author" content="VNA"></head><body>'
        f'{nav}<main><div class="detail-page"><article class="article">'
        f'<h1 class="article__title cms-title">{html.escape(s.title)}</h1>'
        f'<div class="article__meta"><time class="time" datetime="{s.published.isoformat()}">'
        f"{s.published:%A, %B %d, %Y}</time></div>"
        f'<div class="article__body cms-body">{body}</div></article>'
        '<aside class="related"><h3>Related</h3><ul>'
        '<li><a href="/other-1.vnp">Vietnam, Laos boost trade ties</a></li></ul></aside>'
        f"</div></main>{footer}</body></html>"
    )


def yonhap_page(s: Story) -> str:
    """An en.yna.co.kr article (Yonhap's English service)."""
    nav, footer = _page_furniture("Yonhap News Agency")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(s.title)} | Yonhap News Agency</title>"
        f'<meta property="article:published_time" content="{s.published}T15:00:00+09:00">'
        "</head><body>"
        f'{nav}<div class="container"><div class="content03">'
        f'<h1 class="tit">{html.escape(s.title)}</h1>'
        f'<p class="update-time">{s.published:%Y-%m-%d} 15:00</p>'
        f'<article class="story-news article">{body}'
        '<p class="adrs">(END)</p></article></div></div>'
        f"{footer}</body></html>"
    )


def korean_page(title: str, paragraphs: list[str], published: date) -> str:
    """A Korean-language article page in the style of a portal that still serves EUC-KR."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<html lang="ko"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        f"<title>{html.escape(title)}</title></head><body>"
        '<div id="gnb"><a href="/">뉴스</a> <a href="/politics">정치</a></div>'
        f'<div id="articleTitle"><h3>{html.escape(title)}</h3>'
        f'<span class="date">{published:%Y.%m.%d}</span></div>'
        f'<div id="articleBody">{body}</div>'
        '<div id="footer">저작권자 ⓒ 뉴스 무단전재-재배포 금지</div></body></html>'
    )


def rss(title: str, items: list[tuple[str, str, date, str]], *, language: str = "en") -> bytes:
    """An RSS 2.0 feed of (title, link, published, summary) items."""
    entries = "".join(
        "<item>"
        f"<title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid>"
        f"<pubDate>{format_datetime(datetime(d.year, d.month, d.day, 8, tzinfo=UTC))}</pubDate>"
        f"<description>{html.escape(summary)}</description>"
        "</item>"
        for t, link, d, summary in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://example.invalid/</link>"
        f"<language>{language}</language><description>News</description>{entries}"
        "</channel></rss>"
    ).encode()


def atom(title: str, items: list[tuple[str, str, date, str]]) -> bytes:
    """An Atom feed of (title, link, published, summary) items."""
    entries = "".join(
        "<entry>"
        f'<title>{html.escape(t)}</title><link href="{html.escape(link)}"/>'
        f"<id>{html.escape(link)}</id><updated>{d.isoformat()}T08:00:00Z</updated>"
        f"<summary>{html.escape(summary)}</summary>"
        "</entry>"
        for t, link, d, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>urn:briefbot:test</id>"
        f"<updated>2025-01-01T00:00:00Z</updated>{entries}</feed>"
    ).encode()


# A dialogue none of the bundled articles reports (synthetic, like tests/fixtures/new_dialogue.txt).
SIXTH_STRATEGIC = Story(
    "Vietnam, RoK hold sixth deputy foreign ministerial strategic dialogue",
    [
        "Hanoi (Test Wire) – The sixth Vietnam-Republic of Korea (RoK) strategic dialogue at "
        "deputy foreign minister level took place in Hanoi on January 14, co-chaired by Deputy "
        "Foreign Minister Nguyen Minh Vu and RoK First Vice Foreign Minister Park Yoon-joo.",
        "The two sides agreed to deepen cooperation in trade, investment and semiconductor "
        "supply chains.",
        "They also discussed maritime security and the situation on the Korean Peninsula.",
        "(This article is synthetic test data for Briefbot's tests; it is not part of the corpus.)",
    ],
    date(2026, 1, 15),
)
