"""Articles saved as web pages: markup becomes text, scripts and styles disappear."""

from __future__ import annotations

from bot.ingest.article import RawArticle
from bot.ingest.clean import clean_text
from bot.ingest.extract import extract
from bot.ingest.markup import looks_like_html, markup_to_text

from .extract.seeds import reference

PAGE = """<!DOCTYPE html>
<html><head><title>VNA page</title>
<style>p { color: red; }</style>
<script>var tracker = "<p>not text</p>"; alert(1);</script></head>
<body>
<h1>Vietnam, RoK hold defence talks in Seoul</h1>
<p>Vietnamese Minister of National Defence Gen. Phan Van Giang and his RoK counterpart
Lee Jong-sup held talks in Seoul on March 28 &amp; agreed to expand
<b>naval</b> cooperation.</p>
<script>document.write("ads")</script>
<p>The two sides also discussed war-left bombs &lt;and&gt; mines.<br>They met again later.</p>
</body></html>
"""


def test_page_markup_becomes_one_line_per_block() -> None:
    text = markup_to_text(PAGE)
    assert text.splitlines() == [
        "Vietnam, RoK hold defence talks in Seoul",
        "Vietnamese Minister of National Defence Gen. Phan Van Giang and his RoK counterpart "
        "Lee Jong-sup held talks in Seoul on March 28 & agreed to expand naval cooperation.",
        "The two sides also discussed war-left bombs <and> mines.",
        "They met again later.",
    ]


def test_prose_is_not_taken_for_markup() -> None:
    prose = "Trade grew 5% (<10% forecast) as 2 < 3 and a<b in the talks."
    assert not looks_like_html(prose)
    assert markup_to_text(prose) == prose


def test_an_unclosed_head_ends_at_the_body() -> None:
    assert markup_to_text("<html><head><title>x</title><body><p>Talks held.</p>") == "Talks held."


def test_html_article_is_stored_and_quoted_as_text() -> None:
    page = RawArticle(file="page.html.txt", outlet="VNA", url=None, published=None, body=PAGE)
    found = extract(page, reference())
    assert found.source.text == clean_text(PAGE)
    for stored in (found.source.text, *(e.sentence for e in found.dialogue.summary)):
        assert "<" not in stored.replace("<and>", "") and "tracker" not in stored
        assert "alert(" not in stored and "color: red" not in stored
    assert found.source.title == "Vietnam, RoK hold defence talks in Seoul"
    assert found.dialogue.summary[0].sentence.startswith("Vietnamese Minister of National Defence")
    assert "maritime" in {t.id for t in found.dialogue.topics}
