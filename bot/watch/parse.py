"""What a fetched body holds: a feed's items, a listing page's article links, an article's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from bot.ingest.markup import markup_to_text
from bot.watch.decode import decode_page
from bot.watch.fetch import Fetched

MAX_ITEMS = 200  # per feed or listing: a runaway page cannot flood a pass
MIN_LINK_TEXT = 20  # a listing's article links carry a headline, not "More" or "Next"
MAX_URL = 2000  # longer links are not articles anyone cites
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)$", re.IGNORECASE)


class ParseError(ValueError):
    """A body that is not what the source should serve; the message says what it was."""


@dataclass(frozen=True)
class Item:
    """One entry of a feed or link of a listing: where the article is, and what is known of it."""

    url: str
    title: str | None = None
    summary: str = ""
    published: date | None = None


@dataclass(frozen=True)
class Listing:
    """A feed's or listing page's title, language and items."""

    title: str | None
    language: str | None
    items: list[Item]


@dataclass(frozen=True)
class Page:
    """An article page's main text and metadata, as the extractor found them."""

    title: str | None
    text: str
    published: date | None
    author: str | None
    language: str | None


def canonical_url(url: str) -> str:
    """The URL without its fragment and tracking parameters, host in lower case."""
    parts = urlsplit(url.strip())
    query = "&".join(
        p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def looks_like_html(fetched: Fetched) -> bool:
    """An HTML page, by its Content-Type or its first tag."""
    kind = (fetched.content_type or "").lower()
    return ("html" in kind and "xml" not in kind) or bool(_HTML_START.match(fetched.body[:2048]))


def _date(parsed: Any) -> date | None:
    """A feedparser time tuple as a date."""
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (AttributeError, ValueError):
        return None


def parse_feed(fetched: Fetched) -> Listing:
    """RSS or Atom items; a page that is not a feed raises ParseError saying what it was."""
    import feedparser  # loaded on the first feed, not at start-up

    headers = {"content-type": fetched.content_type or "application/xml"}
    feed = feedparser.parse(fetched.body, response_headers=headers, sanitize_html=True)
    if not feed.entries:
        if looks_like_html(fetched):
            raise ParseError("expected a feed, got an HTML page")
        if feed.bozo:
            reason = str(feed.get("bozo_exception") or "not RSS or Atom")
            raise ParseError(f"malformed feed ({reason[:120]})")
        if not feed.version:
            raise ParseError("not an RSS or Atom feed")
    items = []
    for entry in feed.entries[:MAX_ITEMS]:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        summary = markup_to_text(str(entry.get("summary") or ""))
        url = canonical_url(urljoin(fetched.url, link))
        if len(url) > MAX_URL:
            continue
        items.append(
            Item(
                url=url,
                title=markup_to_text(str(entry.get("title") or "")).strip() or None,
                summary=summary,
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    if not items and feed.bozo:
        reason = str(feed.get("bozo_exception") or "no usable entry")
        raise ParseError(f"malformed feed ({reason[:120]})")
    meta = feed.get("feed", {})
    return Listing(meta.get("title") or None, meta.get("language") or None, items)


class _Links(HTMLParser):
    """Every <a href> with its text, and the page's <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.title = ""
        self._href: str | None = None
        self._text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._in_title:
            self.title += data


def parse_listing(fetched: Fetched) -> Listing:
    """Links of a section page that look like articles: same site, with a headline as text."""
    html = decode_page(fetched.body, fetched.content_type)
    parser = _Links()
    parser.feed(html)
    parser.close()
    base = urlsplit(fetched.url)
    site = base.netloc.lower().removeprefix("www.")
    seen: set[str] = set()
    items = []
    for href, text in parser.links:
        url = canonical_url(urljoin(fetched.url, href))
        parts = urlsplit(url)
        same_site = parts.netloc.removeprefix("www.") == site
        if (
            parts.scheme in ("http", "https")
            and same_site
            and parts.path.rstrip("/") != base.path.rstrip("/")
            and len(text) >= MIN_LINK_TEXT
            and len(url) <= MAX_URL
            and url not in seen
        ):
            seen.add(url)
            items.append(Item(url=url, title=text))
        if len(items) >= MAX_ITEMS:
            break
    match = _LANG.search(html[:4096])
    title = " ".join(parser.title.split()) or None
    return Listing(title, match.group(1).lower() if match else None, items)


def extract_page(fetched: Fetched) -> Page | None:
    """The article in a page (text, title, date, byline); None when it has no main text."""
    html = decode_page(fetched.body, fetched.content_type)
    import trafilatura  # heavy: loaded on the first article page, not at start-up

    doc = trafilatura.bare_extraction(
        html,
        url=fetched.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # A date only from the page's own markup, never a guess from elsewhere.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return None
    published = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    match = _LANG.search(html[:4096])
    return Page(
        title=getattr(doc, "title", None) or None,
        text=str(text),
        published=published,
        author=getattr(doc, "author", None) or None,
        language=match.group(1).lower() if match else None,
    )
