"""Hypothesis strategies for what users and article files can send the bot."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from bot.domain.commands.all_commands import COMMANDS, HIDDEN_COMMANDS

COMMAND_NAMES = sorted({c.name for c in COMMANDS} | set(HIDDEN_COMMANDS))
MESSAGE_LIMIT = 4096  # characters of a Telegram text message
CALLBACK_LIMIT = 64  # bytes of callback data
PAYLOAD_LIMIT = 64  # characters of a /start deep-link payload
INLINE_LIMIT = 256  # characters of an inline query

# Any code point, lone surrogates included: Telegram's JSON may carry "\ud800" escapes.
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.text(any_char, max_size=200)
# Words the engine reacts to, so examples reach deep paths rather than "no match" at once.
known_words = st.sampled_from(
    [
        "maritime",
        "Phan Van Giang",
        "Giang",
        "four no's",
        "2024",
        "page",
        "2",
        "-1",
        "0",
        '"bomb clearance"',
        '"',
        "²",
        "٢٠٢٤",
        "\ud800",
        "<b>",
        "&amp;",
        "@briefbot_test_bot",
        "\u00ad",
        "\u200b",
        "\n",
    ]
)
CASES: list[Callable[[str], str]] = [str, str.upper, str.title]
argument_text = st.lists(st.one_of(known_words, any_text), max_size=12).map(" ".join)


@st.composite
def command_texts(draw: st.DrawFn) -> str:
    """A message that starts like a command: a known or random name, then any arguments."""
    name = draw(st.one_of(st.sampled_from(COMMAND_NAMES), st.text(any_char, max_size=12)))
    mention = draw(st.sampled_from(["", "@briefbot_test_bot", "@other_bot"]))
    case = draw(st.sampled_from(CASES))
    args = draw(st.one_of(argument_text, st.text(any_char, min_size=1000, max_size=4000)))
    return f"/{case(name)}{mention} {args}"[:MESSAGE_LIMIT]


@st.composite
def start_payloads(draw: st.DrawFn) -> str:
    """A deep link's payload: a known kind and any value, or anything at all."""
    kind = draw(st.sampled_from(["dialogue", "person", "topic", "position", "source", "year"]))
    value = draw(st.one_of(argument_text, st.text(st.characters(), max_size=PAYLOAD_LIMIT)))
    payload = draw(st.one_of(st.just(f"{kind}_{value}"), any_text))
    return payload[:PAYLOAD_LIMIT]


def _fits_callback(text: str) -> bool:
    return 0 < len(text.encode("utf-8", "surrogatepass")) <= CALLBACK_LIMIT


callback_data = st.one_of(
    st.builds(lambda name, args: f"/{name} {args}", st.sampled_from(COMMAND_NAMES), argument_text),
    any_text,
).filter(_fits_callback)

inline_queries = st.one_of(argument_text, any_text).map(lambda q: q[:INLINE_LIMIT])
