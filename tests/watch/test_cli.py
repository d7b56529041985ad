"""`briefbot sources …` and `briefbot watch --once`, run as a user runs them.

A first `watch --once` runs the installed script; the rest `bot.cli.main`, same environment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cli_process import briefbot, briefbot_main, clean_environment_for, lines

from .conftest import write_sources
from .pages import ARTICLES, NEW_DIALOGUE, rss, story, vietnamplus_page
from .site import Route, Site

GIANG = story(ARTICLES / "001_9d61a36bc6a10294.txt")
TWELFTH = story(NEW_DIALOGUE)
RSS = "application/rss+xml"


def _env(tmp_path: Path, sources: Path) -> dict[str, str]:
    return {
        **clean_environment_for(tmp_path),
        "BRIEFBOT_SOURCES": str(sources),
        "BRIEFBOT_SOURCES_ALLOW_PRIVATE": "1",
        "BRIEFBOT_WATCH_POLITENESS": "0",
    }


def test_watch_once_then_check_shows_what_was_kept_and_refused(site: Site, tmp_path: Path) -> None:
    kept = site.add("/twelfth", Route(vietnamplus_page(TWELFTH).encode()))
    items = [
        (TWELFTH.title, kept, date(2025, 12, 6), "Defence policy dialogue"),
        ("Vietnam beat Korea at football", site.url("/football"), date(2025, 12, 7), ""),
    ]
    site.add("/rss", Route(rss("Wire", items), content_type=RSS, etag='"1"'))
    site.add("/down", Route(b"no", status=503, content_type="text/plain"))
    sources = write_sources(
        tmp_path / "sources.yaml",
        [
            {"id": "wire", "name": "Wire", "url": site.url("/rss"), "exclude": ["football"]},
            {"id": "down", "name": "Down", "url": site.url("/down")},
            {"id": "off", "name": "Off", "url": "https://example.com/rss", "enabled": False},
        ],
    )
    env = _env(tmp_path, sources)

    first = briefbot("watch", "--once", env=env, cwd=tmp_path)
    second = briefbot_main("watch", "--once", env=env, cwd=tmp_path)
    listed = briefbot_main("sources", "list", env=env, cwd=tmp_path)
    checked = briefbot_main("sources", "check", "wire", env=env, cwd=tmp_path)

    assert first.returncode == 1, first.stderr  # a source failed
    assert lines(first.stderr) == [
        "down: HTTP 503",
        "2 source(s) polled: 1 article(s) kept, 1 refused, 1 source(s) failed",
    ]
    assert second.returncode == 0
    assert lines(second.stderr) == [
        "0 source(s) polled: 0 article(s) kept, 0 refused, 0 source(s) failed"
    ]
    listing = lines(listed.stdout)
    assert listing[0].startswith("wire — Wire (en, feed): ok, checked ")
    assert listing[0].endswith("1 kept, 1 refused")
    assert listing[1].startswith("down — Down (en, feed): failing since ")
    assert "(1×): HTTP 503; next try " in listing[1]
    assert listing[2] == "off — Off (en, feed): disabled"
    report = lines(checked.stdout)
    assert report[1] == "This check: not modified; 0 kept, 0 refused, 0 seen before"
    assert f"kept: {TWELFTH.title} <{kept}> — added" in report
    assert (
        f"refused: Vietnam beat Korea at football <{site.url('/football')}> "
        "— excluded keyword 'football'" in report
    )
    assert site.hits("/football") == []
    assert len(site.hits("/twelfth")) == 1


def test_add_and_remove_from_the_command_line(site: Site, tmp_path: Path) -> None:
    url = site.add("/feed.xml", Route(rss("Korea desk", [], language="ko"), content_type=RSS))
    env = _env(tmp_path, write_sources(tmp_path / "sources.yaml", []))

    added = briefbot_main("sources", "add", url, "--name", "Desk", env=env, cwd=tmp_path)
    source_id = added.stdout.split()[1].rstrip(":")
    removed = briefbot_main("sources", "remove", source_id, env=env, cwd=tmp_path)
    unknown = briefbot_main("sources", "remove", "nope", env=env, cwd=tmp_path)
    refused = briefbot_main("sources", "add", "file:///etc/passwd", env=env, cwd=tmp_path)

    assert added.returncode == 0 and added.stdout.strip().endswith("Desk (ko, feed).")
    assert (
        removed.returncode == 0
        and removed.stdout.strip() == f"No longer watching {source_id} (Desk)."
    )
    assert unknown.returncode == 1 and "no source 'nope'" in unknown.stderr
    assert refused.returncode == 1 and "only http and https" in refused.stderr
    assert "Traceback" not in added.stderr + removed.stderr + unknown.stderr + refused.stderr


def test_a_bad_sources_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources: [{id: x, name: X, language: xx, url: 'https://x.example/'}]\n")

    result = briefbot_main("watch", "--once", env=_env(tmp_path, bad), cwd=tmp_path)

    assert result.returncode == 2
    [line] = lines(result.stderr)
    assert line.startswith(f"error: {bad}: source #1 is not valid: language")
