"""Tests for the Telegram HTML parse-mode checker."""

from __future__ import annotations

import pytest

from .html_check import (
    MAX_MESSAGE_LENGTH,
    assert_telegram_html,
    check_telegram_html,
    parse_telegram_html,
    utf16_len,
)

VALID = [
    "plain text",
    "",
    "<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em>",
    "<u>u</u> <ins>ins</ins> <s>s</s> <strike>st</strike> <del>del</del>",
    '<span class="tg-spoiler">spoiler</span> <tg-spoiler>too</tg-spoiler>',
    '<a href="https://example.com/?a=1&amp;b=2">link</a>',
    '<a href="tg://user?id=123">mention</a>',
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    "<code>x &lt; y</code>",
    "<pre>block</pre>",
    '<pre><code class="language-python">print("hi")</code></pre>',
    "<blockquote>quote</blockquote>",
    "<blockquote expandable>long quote</blockquote>",
    "<b>bold <i>bold italic <u>and underlined</u></i></b>",
    "<B>case-insensitive tags</B>",
    "Tom &amp; Jerry &lt;3 &gt; &quot;quoted&quot; &#169; &#x1F600;",
    "<b>Vietnam–Korea</b> brief: 🇻🇳🇰🇷",
    "<blockquote><b>bold</b> inside a quote</blockquote>",
    "<a href='single-quoted.example'>x</a>",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_html_has_no_problems(text: str) -> None:
    assert check_telegram_html(text) == []
    assert_telegram_html(text)


INVALID = [
    ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
    ("<b>unbalanced", 'Can\'t find end tag corresponding to start tag "b"'),
    ("closing only</b>", "Unexpected end tag at byte offset 12"),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("Tom & Jerry", 'Unescaped "&" at byte offset 4'),
    ("AT&T", 'Unescaped "&" at byte offset 2'),
    ("&nbsp;", 'Unsupported named HTML entity "&nbsp;"'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("1 <2 and 3", 'Unsupported start tag "2" at byte offset 2'),
    ("x <y", "Unclosed start tag at byte offset 2"),
    ("x > y", 'Unescaped ">" at byte offset 2'),
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("line<br/>break", 'Unsupported start tag "br/" at byte offset 4'),
    ("<!-- note -->", 'Unsupported start tag "!--" at byte offset 0'),
    ("<p>para</p>", 'Unsupported start tag "p"'),
    ("<b", "Unclosed start tag at byte offset 0"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ('<b class="x">t</b>', 'Unsupported attribute "class" in the tag "b"'),
    ('<span class="red">t</span>', 'Tag "span" must have class "tg-spoiler"'),
    ("<span>t</span>", 'Tag "span" must have class "tg-spoiler"'),
    ("<a href=https://x.y>l</a>", "Unexpected end of name token at byte offset 8"),
    ('<a href="x" target="_blank">l</a>', 'Unsupported attribute "target"'),
    ("<tg-emoji>👍</tg-emoji>", 'Tag "tg-emoji" must have a numeric "emoji-id"'),
    ('<code class="language-py">x</code>', 'Attribute "class" of tag "code" is only allowed'),
    ("<code><b>x</b></code>", 'Tag "b" can\'t be nested inside "code"'),
    ("<pre><i>x</i></pre>", 'Tag "i" can\'t be nested inside "pre"'),
    ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested inside"),
    ('<a href="https://a.b"><a href="https://c.d">x</a></a>', 'Tag "a" can\'t be nested'),
    ("&#0;", "Invalid numeric HTML entity"),
    ("é<script>", 'Unsupported start tag "script" at byte offset 2'),  # UTF-8 byte offsets
]


@pytest.mark.parametrize(("text", "expected"), INVALID)
def test_invalid_html_is_reported(text: str, expected: str) -> None:
    problems = check_telegram_html(text)
    assert problems, f"{text!r} should be rejected"
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(AssertionError, match="Invalid Telegram HTML"):
        assert_telegram_html(text)


def test_ampersand_entity_is_fine_but_raw_ampersand_is_not() -> None:
    assert check_telegram_html("R&amp;D") == []
    assert check_telegram_html("R&D") != []


def test_length_is_counted_on_visible_text_in_utf16_units() -> None:
    # Tags and entities do not count: 4096 visible characters wrapped in markup are fine.
    assert check_telegram_html("<b>" + "x" * MAX_MESSAGE_LENGTH + "</b>") == []
    assert check_telegram_html("&amp;" * MAX_MESSAGE_LENGTH) == []
    too_long = check_telegram_html("x" * (MAX_MESSAGE_LENGTH + 1))
    assert len(too_long) == 1 and "too long" in too_long[0]
    # An emoji outside the BMP is two UTF-16 code units.
    assert utf16_len("😀") == 2
    assert check_telegram_html("😀" * 2048) == []
    assert check_telegram_html("😀" * 2049) != []
    assert check_telegram_html("x" * 5000, max_length=None) == []


def test_entities_use_utf16_offsets() -> None:
    parsed = parse_telegram_html('😀 <b>bold</b> <a href="https://e.x">l</a>')
    assert parsed.ok
    assert parsed.text == "😀 bold l"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://e.x"},
    ]


def test_pre_with_language_becomes_one_pre_entity() -> None:
    parsed = parse_telegram_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]


def test_every_problem_is_listed_in_the_assertion() -> None:
    with pytest.raises(AssertionError) as excinfo:
        assert_telegram_html("a & b <i>c")
    message = str(excinfo.value)
    assert 'Unescaped "&"' in message
    assert "Can't find end tag" in message
