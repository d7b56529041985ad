"""Encoding repair: ftfy's result on any text, though lines it would not change skip it."""

from __future__ import annotations

import ftfy
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.clean import fix_encoding, fix_mojibake

from .strategies import any_char

# Pieces ftfy reacts to, among plain words: entities before and after markup, mojibake,
# curly quotes, line breaks of every kind, terminal escapes, control and wide characters.
pieces = st.sampled_from(
    [
        "Seoul",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\u2028",
        "&amp;",
        "&eacute;",
        "&lt;b&gt;",
        "<p>",
        "<",
        "Ã©",
        "HoĂ ng XuĂ¢n",
        "’",
        "“quoted”",
        "\x1b[36m",
        "\x7f",
        "\x00",
        "\x85",
        "ＬＯＵＤ",
        "ﬂ",
        "Hàn Quốc",
        "한국",
    ]
)
texts = st.one_of(
    st.lists(pieces, max_size=40).map("".join),
    st.text(any_char, max_size=200),
)


@given(texts)
def test_repair_is_ftfys_on_every_line(text: str) -> None:
    assert fix_encoding(text) == ftfy.fix_text(fix_mojibake(text))
