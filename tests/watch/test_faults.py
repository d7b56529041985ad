"""Faults: each failing source gets its own error and back-off, the others carry on."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain.reference import Reference
from bot.store import Store
from bot.watch.catalog import find_source

from .conftest import QUICK, make_watcher, write_sources
from .pages import ARTICLES, rss, story, vietnamplus_page
from .site import Route, Site

GIANG = story(ARTICLES / "001_9d61a36bc6a10294.txt")
T0 = datetime(2025, 12, 1, 6, 0, tzinfo=UTC)
RSS = "application/rss+xml"


def _good_feed(site: Site) -> str:
    page = site.add("/ok/giang", Route(vietnamplus_page(GIANG).encode()))
    return site.add(
        "/ok/rss", Route(rss("OK", [(GIANG.title, page, date(2023, 3, 28), "")]), content_type=RSS)
    )


async def test_every_kind_of_failure_is_recorded_and_the_good_source_still_delivers(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    slow = threading.Event()
    faults = {
        "server-error": Route(b"oops", status=500, content_type="text/plain"),
        "gone": Route(b"gone", status=404, content_type="text/plain"),
        "malformed": Route(b"<?xml version='1.0'?><rss><channel><item><title>x", content_type=RSS),
        "html": Route(b"<!DOCTYPE html><html><body><p>Home page</p></body></html>"),
        "oversize": Route(b"<rss>" + b" " * 300_000, content_type=RSS),
        "oversize-streamed": Route(
            b"<rss>" + b" " * 300_000, content_type=RSS, declare_length=False
        ),
        "slow": Route(rss("Slow", []), content_type=RSS, hold=slow),
        "loop": Route(status=302, location="/loop"),
        "binary": Route(bytes(range(256)) * 50, content_type="application/octet-stream"),
    }
    urls = {name: site.add(f"/{name}", route) for name, route in faults.items()}
    sources = [{"id": "good", "name": "Good", "url": _good_feed(site)}]
    sources += [{"id": name, "name": name, "url": url} for name, url in urls.items()]
    sources.append({"id": "no-dns", "name": "Nowhere", "url": "http://briefbot-test.invalid/rss"})
    path = write_sources(tmp_path / "s.yaml", sources)

    reports = await make_watcher(empty_store, reference, path).run_pass(now=T0)

    errors = {r.source.id: r.error for r in reports}
    assert errors.pop("good") is None
    assert errors == {
        "server-error": "HTTP 500",
        "gone": "HTTP 404",
        "malformed": errors["malformed"],
        "html": "expected a feed, got an HTML page",
        "oversize": f"body larger than {QUICK.max_bytes:,} bytes",
        "oversize-streamed": f"body larger than {QUICK.max_bytes:,} bytes",
        "slow": errors["slow"],
        "loop": "more than 5 redirects",
        "binary": errors["binary"],
        "no-dns": errors["no-dns"],
    }
    assert (errors["malformed"] or "").startswith("malformed feed")
    assert (errors["slow"] or "").startswith("timed out")
    assert (errors["binary"] or "").startswith(("malformed feed", "not an RSS or Atom feed"))
    assert (errors["no-dns"] or "").startswith("cannot resolve briefbot-test.invalid")
    assert len(empty_store.corpus().sources) == 1
    state = find_source(empty_store, path, "server-error")
    assert state is not None
    assert state.state.last_error == "HTTP 500" and state.state.failures == 1
    assert state.state.next_due == T0 + timedelta(seconds=60)


async def test_back_off_doubles_a_week_of_failures_marks_broken_and_a_success_heals(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    site.add("/rss", Route(b"down", status=503, content_type="text/plain"))
    path = write_sources(
        tmp_path / "s.yaml", [{"id": "flaky", "name": "F", "url": site.url("/rss")}]
    )
    watcher = make_watcher(empty_store, reference, path)

    await watcher.run_pass(now=T0)
    skipped = await watcher.run_pass(now=T0 + timedelta(seconds=30), due_only=True)
    await watcher.run_pass(now=T0 + timedelta(seconds=61), due_only=True)
    second = find_source(empty_store, path, "flaky")
    await watcher.run_pass(now=T0 + timedelta(days=7, seconds=1))
    week = find_source(empty_store, path, "flaky")
    site.routes["/rss"] = Route(rss("F", []), content_type=RSS)
    await watcher.run_pass(now=T0 + timedelta(days=8))
    healed = find_source(empty_store, path, "flaky")

    assert skipped == []  # not due yet: the back-off holds
    assert second is not None and second.state.failures == 2
    assert second.state.next_due == T0 + timedelta(seconds=61 + 120)
    assert week is not None and week.state.broken and week.state.last_error == "HTTP 503"
    assert healed is not None and not healed.state.broken and healed.state.last_error is None
    assert healed.state.failures == 0 and healed.state.failing_since is None


async def test_odd_entries_in_a_feed_spare_the_rest(
    site: Site, empty_store: Store, reference: Reference, tmp_path: Path
) -> None:
    page = site.add("/ok/giang", Route(vietnamplus_page(GIANG).encode()))
    entries = (
        "<item><title>No link at all</title></item>"
        "<item><title>Script</title><link>javascript:alert(1)</link></item>"
        f"<item><title>Huge</title><link>{site.url('/x?' + 'a' * 3000)}</link></item>"
        f"<item><title>{GIANG.title}</title><link>{page}</link></item>"
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}'
    body += "</channel></rss>"
    feed = site.add("/odd.rss", Route(body.encode(), content_type=RSS))
    path = write_sources(tmp_path / "s.yaml", [{"id": "odd", "name": "Odd", "url": feed}])

    [report] = await make_watcher(empty_store, reference, path).run_pass()

    assert report.error is None
    assert [i.url for i in report.kept] == [page]
    [script] = report.refused
    assert script.url == "javascript:alert(1)"
    assert "only http and https" in (script.reason or "")
    assert all(len(r.path) < 100 for r in site.requests)  # the huge link was never requested
