"""Briefings styled for the terminal."""

from __future__ import annotations

from bot.terminal import complete_command, html_to_rich


def test_tags_become_styles_and_entities_text() -> None:
    text = html_to_rich('<b>Title</b> &lt;b&gt; &amp; <i>note</i> <a href="https://x.org">site</a>')
    assert text.plain == "Title <b> & note site"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles["Title"] == "bold"
    assert styles["note"] == "italic"
    assert styles["site"] == "underline link https://x.org"


def test_square_brackets_in_text_are_not_rich_markup() -> None:
    assert html_to_rich("[bold]not markup[/bold]").plain == "[bold]not markup[/bold]"


def test_tab_completes_the_commands_the_terminal_answers() -> None:
    assert complete_command("/to") == ["/topic ", "/topics "]
    assert complete_command("pe") == ["/person ", "/people "]
    # Chat commands (/subscribe) and button-only ones (/dialogue) are not offered.
    assert complete_command("/su") == []
    assert complete_command("/dia") == []
    assert len(complete_command("")) == 13
