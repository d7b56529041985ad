"""Store.edit_subscription: one read-change-write of a chat's settings, its position kept."""

from __future__ import annotations

from pathlib import Path

from bot.domain.models import Subscription
from bot.store import Store


def test_a_change_keeps_the_position_a_delivery_recorded_and_none_removes(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    created = store.edit_subscription(
        chat_id=5, thread_id=3, change=lambda old, newest: Subscription(chat_id=5, last_seq=newest)
    )
    assert created is not None and (created.thread_id, created.last_seq) == (3, 0)
    store.mark_delivered(chat_id=5, thread_id=3, seq=4)  # a digest went out meanwhile

    def stale(old: Subscription | None, newest: int) -> Subscription | None:
        return created.model_copy(update={"keywords": ["corvette"], "timezone": "Asia/Seoul"})

    changed = store.edit_subscription(chat_id=5, thread_id=3, change=stale)
    reopened = Store(tmp_path / "store.json").subscription(chat_id=5, thread_id=3)
    assert changed == reopened
    assert reopened is not None and reopened.last_seq == 4 and reopened.keywords == ["corvette"]
    assert reopened.timezone == "Asia/Seoul"
    assert store.edit_subscription(chat_id=5, thread_id=3, change=lambda old, n: None) is None
    assert Store(tmp_path / "store.json").subscription(chat_id=5, thread_id=3) is None
