"""Digest settings per chat, end to end: filters, daily times in time zones, instant digests,
forum topics, restarts and the /subscriptions buttons. The scheduler is driven by its own jobs:
each chat's job is looked at (when it runs next) and run at once; nothing waits on the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from live_bot import bot_settings, running_bot
from telegram.ext import Job
from telegram_fake import DEFAULT_SUPERGROUP_ID, FakeBotApi, SentMessage

from bot.app import BriefApplication
from bot.context import BotServices
from bot.delivery import SLOT_JOB, digest_job
from bot.domain.models import Subscription
from bot.store import Store

from .support import NEW_ARTICLE, NEW_TITLE, digests_to, ingest_here, is_send_to, settled, until

GROUP = DEFAULT_SUPERGROUP_ID


async def ask(fake: FakeBotApi, text: str, chat_id: int, **kwargs: Any) -> SentMessage:
    """Send a command in a chat (or, with thread, in a forum topic); the bot's next answer."""
    thread = kwargs.pop("thread", None)
    if thread is not None:
        kwargs |= {"chat_type": "supergroup", "message_thread_id": thread, "is_topic_message": True}
    elif chat_id > 0:
        kwargs.setdefault("user_id", chat_id)
    before = len(fake.sent_messages(chat_id))
    fake.enqueue_message(text, chat_id=chat_id, **kwargs)
    await fake.wait_for_async(is_send_to(chat_id), count=before + 1, timeout=10)
    return fake.sent_messages(chat_id)[before]


def job_for(app: BriefApplication, chat_id: int, thread_id: int | None = None) -> Job[Any] | None:
    """The scheduled job that serves this chat's subscription."""
    services: BotServices = app.bot_data
    subscription = services.store.subscription(chat_id=chat_id, thread_id=thread_id)
    assert subscription is not None
    return digest_job(app.job_queue, services, subscription)


def next_local(job: Job[Any] | None, zone: str) -> datetime:
    """When the job runs next, in `zone`."""
    assert job is not None and job.next_t is not None
    return job.next_t.astimezone(ZoneInfo(zone))


def in_thread(fake: FakeBotApi, chat_id: int, thread_id: int) -> list[str]:
    """Digests Telegram accepted in one forum topic."""
    return [
        m.visible_text
        for m in fake.sent_messages(chat_id)
        if m.method == "sendMessage"
        and m.message_thread_id == thread_id
        and "Briefbot digest" in m.visible_text
    ]


async def test_a_keyword_digest_reaches_only_the_chats_whose_words_match(
    fake: FakeBotApi, store_path: Path
) -> None:
    async with running_bot(bot_settings(fake, store_path)) as app:
        seoul = await ask(fake, "/subscribe corvette, seoul", 801)
        assert "Added keyword: corvette" in seoul.visible_text
        assert "Added keyword: seoul" in seoul.visible_text
        await ask(fake, "/subscribe corvette, frigate", 802)
        await ask(fake, "/subscribe Kim Seon Ho", 803)  # a person, by an alias
        await ask(fake, "/subscribe Phan Van Giang", 804)  # a person not in the article
        ingest_here(store_path, NEW_ARTICLE)
        for chat in (801, 803):
            await fake.wait_for_async(is_send_to(chat), count=2, timeout=10)
        await settled(app)
    [to_seoul] = digests_to(fake, 801)
    assert NEW_TITLE in to_seoul and "“seoul”" in to_seoul.splitlines()[0]
    [to_kim] = digests_to(fake, 803)
    assert NEW_TITLE in to_kim and "on Kim Seon-ho" in to_kim.splitlines()[0]
    assert digests_to(fake, 802) == [] and digests_to(fake, 804) == []


async def test_a_daily_time_is_honoured_in_each_chats_time_zone(
    fake: FakeBotApi, store_path: Path
) -> None:
    zones = {811: "Asia/Seoul", 812: "America/New_York"}
    async with running_bot(bot_settings(fake, store_path)) as app:
        for chat, zone in zones.items():
            await ask(fake, "/subscribe", chat)
            await ask(fake, f"/timezone {zone.lower()}", chat)
            answer = await ask(fake, "/digest_time 7:30", chat)
            due = next_local(job_for(app, chat), zone)
            assert (due.hour, due.minute) == (7, 30)
            assert timedelta(0) < due - datetime.now(ZoneInfo(zone)) <= timedelta(days=1)
            assert f"every day at 07:30 {zone} (next: {due:%d %b %Y}, 07:30 {zone})" in (
                answer.visible_text
            )
        seoul, new_york = job_for(app, 811), job_for(app, 812)
        assert seoul is not None and new_york is not None and seoul is not new_york
        ingest_here(store_path, NEW_ARTICLE)
        await settled(app)  # the run after new entries passed by both
        assert digests_to(fake, 811) == [] and digests_to(fake, 812) == []
        await seoul.run(app)  # 07:30 in Seoul
        await settled(app)
        assert len(digests_to(fake, 811)) == 1 and digests_to(fake, 812) == []
        await new_york.run(app)  # 07:30 in New York, hours later
        await settled(app)
    assert [len(digests_to(fake, c)) for c in zones] == [1, 1]


async def test_instant_chats_get_entries_soon_and_daily_chats_wait(
    fake: FakeBotApi, store_path: Path
) -> None:
    async with running_bot(bot_settings(fake, store_path)) as app:
        await ask(fake, "/subscribe maritime", 821)
        instant = await ask(fake, "/digest_time instant", 821)
        assert "soon after new entries arrive (instant)" in instant.visible_text
        await ask(fake, "/subscribe maritime", 822)
        await ask(fake, "/digest_time 07:30", 822)
        await ask(fake, "/subscribe maritime", 823)  # the standard schedule
        assert job_for(app, 821) is None  # no schedule: only new entries start its digest
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(821), count=3, timeout=10)
        await settled(app)
        assert digests_to(fake, 822) == []
        standard = job_for(app, 823)
        assert standard is not None
        await standard.run(app)  # the standard schedule's run serves neither of the others
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (821, 822, 823)] == [1, 0, 1]


async def test_settings_survive_a_restart(fake: FakeBotApi, store_path: Path) -> None:
    commands = (
        "/subscribe maritime, corvette, Phan Van Giang",
        "/timezone Seoul",
        "/digest_time 21:15",
    )
    async with running_bot(bot_settings(fake, store_path)):
        for command in commands:
            await ask(fake, command, 831)
        before = (await ask(fake, "/subscriptions", 831)).visible_text
    async with running_bot(bot_settings(fake, store_path)) as app:
        after = (await ask(fake, "/subscriptions", 831)).visible_text
        due = next_local(job_for(app, 831), "Asia/Seoul")
    assert after == before
    for shown in ("Maritime security", "Phan Văn Giang", "corvette", "21:15 Asia/Seoul"):
        assert shown in after
    assert (due.hour, due.minute) == (21, 15)


async def test_a_daily_time_set_by_another_process_gets_its_job_and_a_dropped_one_loses_it(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=841)
    elsewhere = Store(store_path)  # a second bot or a script sharing the store file

    def daily(at: str | None) -> None:
        def change(old: Subscription | None, _newest: int) -> Subscription | None:
            assert old is not None
            if at is None:
                return old.model_copy(update={"schedule": "standard", "daily_at": None})
            return old.model_copy(update={"schedule": "daily", "daily_at": at})

        elsewhere.edit_subscription(chat_id=841, change=change)

    def slot_jobs(app: BriefApplication) -> set[str]:
        assert app.job_queue is not None
        return {j.name or "" for j in app.job_queue.jobs() if (j.name or "").startswith(SLOT_JOB)}

    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_TZ="Asia/Seoul")) as app:
        standard = slot_jobs(app)
        daily("06:45")
        await until(app, lambda: any(" 45 6 " in name for name in slot_jobs(app)))
        assert (next_local(job_for(app, 841), "Asia/Seoul").hour, len(slot_jobs(app))) == (6, 2)
        daily(None)
        await until(app, lambda: slot_jobs(app) == standard)


async def test_two_forum_topics_keep_their_own_settings_and_digests(
    fake: FakeBotApi, store_path: Path
) -> None:
    fake.set_chat_member(GROUP, 901, "creator")
    async with running_bot(bot_settings(fake, store_path)) as app:
        await ask(fake, "/subscribe seoul", GROUP, thread=41, user_id=901)
        await ask(fake, "/subscribe cyber security, corvette", GROUP, thread=42, user_id=901)
        await ask(fake, "/digest_time 06:00", GROUP, thread=42, user_id=901)
        store = Store(store_path)
        first, second = (store.subscription(chat_id=GROUP, thread_id=t) for t in (41, 42))
        assert first is not None and (first.keywords, first.schedule) == (["seoul"], "standard")
        assert second is not None and (second.topics, second.schedule) == (
            ["cyber-security"],
            "daily",
        )
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(GROUP), count=4, timeout=10)
        await settled(app)
        assert len(in_thread(fake, GROUP, 41)) == 1 and in_thread(fake, GROUP, 42) == []
        job = job_for(app, GROUP, 42)
        assert job is not None and job is not job_for(app, GROUP, 41)
        await job.run(app)
        await settled(app)
    [digest] = in_thread(fake, GROUP, 42)
    assert "on Cyber security" in digest and len(in_thread(fake, GROUP, 41)) == 1


def button(message: SentMessage, label: str) -> str:
    """The callback data of the button with this label under a message."""
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    found = [b["callback_data"] for row in rows for b in row if b["text"] == label]
    assert found, f"no button {label!r} in {rows}"
    return str(found[0])


async def press(fake: FakeBotApi, message: SentMessage, label: str, **kwargs: Any) -> str:
    """Press a button under a message; the toast the bot answered with."""
    assert isinstance(message.chat_id, int) and message.message_id is not None
    update = fake.enqueue_callback_query(
        button(message, label), chat_id=message.chat_id, message_id=message.message_id, **kwargs
    )
    query_id = update["callback_query"]["id"]
    [answered] = await fake.wait_for_async(
        lambda c: (
            c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
        )
    )
    return str(answered.params.get("text") or "")


def edits(fake: FakeBotApi, chat_id: int) -> list[SentMessage]:
    return [m for m in fake.sent_messages(chat_id) if m.method == "editMessageText"]


async def test_subscriptions_buttons_change_the_setting_in_place(
    fake: FakeBotApi, store_path: Path
) -> None:
    async with running_bot(bot_settings(fake, store_path)):
        await ask(fake, "/subscribe maritime, corvette", 851)
        status = await ask(fake, "/subscriptions", 851)
        assert "Keywords: corvette" in status.visible_text
        assert "Dropped keyword: corvette" in await press(fake, status, "✕ corvette", user_id=851)
        await fake.wait_for_async("editMessageText", timeout=10)
        [edited] = edits(fake, 851)
        assert edited.message_id == status.message_id and "corvette" not in edited.visible_text
        await press(fake, edited, "Instant digests", user_id=851)
        await fake.wait_for_async("editMessageText", count=2, timeout=10)
        assert "(instant)" in edits(fake, 851)[-1].visible_text
        await press(fake, edits(fake, 851)[-1], "Stop all digests", user_id=851)
        await fake.wait_for_async("editMessageText", count=3, timeout=10)
    subscription = Store(store_path).subscription(chat_id=851)
    assert subscription is None and "Unsubscribed" in edits(fake, 851)[-1].visible_text


async def test_a_button_acts_on_the_forum_topic_it_was_pressed_in_and_only_for_admins(
    fake: FakeBotApi, store_path: Path
) -> None:
    fake.set_chat_member(GROUP, 901, "administrator")
    fake.set_chat_member(GROUP, 902, "member")
    async with running_bot(bot_settings(fake, store_path)):
        for thread in (43, 44):
            await ask(fake, "/subscribe maritime, corvette", GROUP, thread=thread, user_id=901)
        status = await ask(fake, "/subscriptions", GROUP, thread=44, user_id=901)
        assert status.message_thread_id == 44
        refused = await press(fake, status, "✕ corvette", user_id=902, chat_type="supergroup")
        assert "Only this chat's administrators" in refused
        await press(fake, status, "✕ corvette", user_id=901, chat_type="supergroup")
        await fake.wait_for_async("editMessageText", timeout=10)
    store = Store(store_path)
    kept, changed = (store.subscription(chat_id=GROUP, thread_id=t) for t in (43, 44))
    assert kept is not None and kept.keywords == ["corvette"]
    assert changed is not None and changed.keywords == [] and changed.topics == ["maritime"]


async def test_a_daily_chat_switched_to_instant_gets_what_was_waiting_at_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    async with running_bot(bot_settings(fake, store_path)) as app:
        for chat in (861, 862):
            await ask(fake, "/subscribe maritime", chat)
            await ask(fake, "/digest_time 07:30", chat)
        ingest_here(store_path, NEW_ARTICLE)
        await settled(app)  # the run after new entries passed the daily chats by
        assert digests_to(fake, 861) == [] and digests_to(fake, 862) == []
        await ask(fake, "/digest_time instant", 861)
        await fake.wait_for_async(
            lambda c: is_send_to(861)(c) and "Briefbot digest" in str(c.params.get("text")),
            timeout=10,
        )
        status = await ask(fake, "/subscriptions", 862)
        await press(fake, status, "Instant digests", user_id=862)
        await fake.wait_for_async(
            lambda c: is_send_to(862)(c) and "Briefbot digest" in str(c.params.get("text")),
            timeout=10,
        )
        await settled(app)
    for chat in (861, 862):
        [digest] = digests_to(fake, chat)
        assert NEW_TITLE in digest


async def test_a_keyword_finds_the_entry_in_another_spelling_of_its_name(
    fake: FakeBotApi, store_path: Path
) -> None:
    async with running_bot(bot_settings(fake, store_path)) as app:
        await ask(fake, "/subscribe 베트남", 871)  # the article writes "Vietnam"
        await ask(fake, "/subscribe ROK", 872)  # and "RoK"
        ingest_here(store_path, NEW_ARTICLE)
        for chat in (871, 872):
            await fake.wait_for_async(is_send_to(chat), count=2, timeout=10)
        await settled(app)
    for chat in (871, 872):
        [digest] = digests_to(fake, chat)
        assert NEW_TITLE in digest
