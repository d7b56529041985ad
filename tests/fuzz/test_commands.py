"""Any command text, deep link, button or inline query: an answer in valid Telegram HTML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from telegram_fake import BOT_USERNAME, assert_telegram_html

from bot.config import Settings
from bot.context import BotServices
from bot.domain.briefings import answer
from bot.domain.commands import parse_command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.text import scrub
from bot.handlers.inline import inline_results
from bot.keyboards import CALLBACK_LIMIT, keyboard_for
from bot.render import render_html
from bot.store import Store, copy_store

from .strategies import callback_data, command_texts, inline_queries, start_payloads

FUZZ = settings(max_examples=120)  # the rest comes from the profile in conftest.py


@pytest.fixture(scope="module")
def services(
    seed_store_file: Path, tmp_path_factory: pytest.TempPathFactory, reference: Reference
) -> Iterator[BotServices]:
    """The seed store (a copy) and reference data, as handlers reach them."""
    path = tmp_path_factory.mktemp("fuzz") / "store.json"
    copy_store(seed_store_file, path)
    store = Store(path)
    attached = BotServices()
    attached.attach(settings=Settings(_env_file=None), store=store, reference=reference)
    yield attached
    store.close()


def assert_answered(corpus: Corpus, services: BotServices, text: str) -> None:
    """What a handler does with `text`: a non-empty answer in valid HTML, buttons that fit."""
    command = parse_command(scrub(text), BOT_USERNAME)
    if command is None:
        return  # not a command for this bot: nothing is sent
    view = answer(corpus, services.reference, command)
    messages = render_html(view)
    assert messages
    for message in messages:
        assert_telegram_html(message)
    keyboard = keyboard_for(view.links, limit=24)
    for row in keyboard.inline_keyboard if keyboard else ():
        for button in row:
            assert len(str(button.callback_data).encode()) <= CALLBACK_LIMIT


@FUZZ
@given(text=command_texts())
def test_any_command_text_is_answered_in_valid_html(services: BotServices, text: str) -> None:
    assert_answered(services.store.corpus(), services, text)


@FUZZ
@given(payload=start_payloads())
def test_any_deep_link_payload_is_answered(services: BotServices, payload: str) -> None:
    assert_answered(services.store.corpus(), services, f"/start {payload}")


@FUZZ
@given(data=callback_data)
def test_any_button_data_is_answered(services: BotServices, data: str) -> None:
    assert_answered(services.store.corpus(), services, data)


@FUZZ
@given(query=inline_queries)
def test_any_inline_query_gets_valid_results(services: BotServices, query: str) -> None:
    results = inline_results(services, scrub(query).strip(), BOT_USERNAME)
    assert len(results) <= 4
    for result in results:
        content = getattr(result, "input_message_content", None)
        assert_telegram_html(str(getattr(content, "message_text", "")))
        assert len(result.id.encode()) <= 64
