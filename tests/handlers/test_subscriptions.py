"""/subscribe, /unsubscribe, /subscriptions, /digest, /subscribe_channel through the real bot."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import assert_all_sent_valid
from live_bot import bot_settings, running_bot
from telegram_fake import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_CHANNEL_ID,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    Call,
    FakeBotApi,
    SentMessage,
    auto_entities,
)

from bot.app import BriefApplication
from bot.domain.reference import load_reference
from bot.ingest.pipeline import ingest_paths
from bot.store import Store

REPO = Path(__file__).resolve().parents[2]
NEW_ARTICLE = REPO / "tests" / "fixtures" / "new_dialogue.txt"
ADMIN_ID = 777


@pytest.fixture
async def bot(fake: FakeBotApi, store_path: Path) -> AsyncIterator[BriefApplication]:
    """The running bot, with one configured Briefbot admin."""
    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_ADMINS=str(ADMIN_ID))) as app:
        yield app
    assert_all_sent_valid(fake)


def is_digest_to(chat_id: int) -> Callable[[Call], bool]:
    """Predicate: a digest message Telegram accepted for the chat."""
    return lambda c: c.ok and c.chat_id == chat_id and "digest" in str(c.params.get("text", ""))


async def reply_to(fake: FakeBotApi, text: str, chat_id: int, **kwargs: object) -> SentMessage:
    """Send a message to the bot and return its next answer in that chat."""
    before = len(fake.sent_messages(chat_id))
    fake.enqueue_message(text, chat_id=chat_id, **kwargs)  # type: ignore[arg-type]
    await fake.wait_for_async(
        lambda c: c.method == "sendMessage" and c.chat_id == chat_id and c.ok,
        count=before + 1,
        timeout=10,
    )
    return fake.sent_messages(chat_id)[before]


async def test_private_subscribe_to_topics_and_see_it(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    answer = await reply_to(fake, "/subscribe maritime cyber-security", DEFAULT_USER_ID)
    assert "Subscribed" in answer.visible_text
    assert "Cyber security, Maritime security" in answer.visible_text
    sub = Store(store_path).subscription(chat_id=DEFAULT_USER_ID)
    assert sub is not None and sub.topics == ["cyber-security", "maritime"]
    status = await reply_to(fake, "/subscriptions", DEFAULT_USER_ID)
    assert "0 8 * * *" in status.visible_text and "next:" in status.visible_text


async def test_what_names_no_topic_person_or_series_is_a_keyword_shown_escaped(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    answer = await reply_to(fake, "/subscribe <b>nonsense</b>", DEFAULT_USER_ID)
    assert "Added keyword: <b>nonsense</b>" in answer.visible_text  # escaped, so shown as typed
    sub = Store(store_path).subscription(chat_id=DEFAULT_USER_ID)
    assert sub is not None and sub.keywords == ["<b>nonsense</b>"] and sub.topics == []


async def test_an_item_with_nothing_to_match_changes_nothing(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    answer = await reply_to(fake, "/subscribe !!!, ???", DEFAULT_USER_ID)
    assert (
        "Not added: “!!!”" in answer.visible_text and "Nothing was changed" in answer.visible_text
    )
    assert Store(store_path).subscription(chat_id=DEFAULT_USER_ID) is None


async def test_unsubscribe_topic_then_all(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    await reply_to(fake, "/subscribe maritime war-legacy", DEFAULT_USER_ID)
    dropped = await reply_to(fake, "/unsubscribe maritime", DEFAULT_USER_ID)
    assert "War legacy" in dropped.visible_text and "Maritime" not in dropped.visible_text
    stopped = await reply_to(fake, "/unsubscribe", DEFAULT_USER_ID)
    assert "Unsubscribed" in stopped.visible_text
    assert Store(store_path).subscription(chat_id=DEFAULT_USER_ID) is None
    again = await reply_to(fake, "/unsubscribe", DEFAULT_USER_ID)
    assert "not subscribed" in again.visible_text


async def test_group_member_is_refused_politely(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    group = DEFAULT_SUPERGROUP_ID
    fake.set_chat_member(group, DEFAULT_USER_ID, "member")
    answer = await reply_to(fake, f"/subscribe@{BOT_USERNAME}", group, chat_type="supergroup")
    assert "Only this group's administrators" in answer.visible_text
    assert Store(store_path).subscription(chat_id=group) is None
    assert any(c.method == "getChatMember" for c in fake.calls())


async def test_group_admin_subscribes(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    group = DEFAULT_SUPERGROUP_ID
    fake.set_chat_member(group, DEFAULT_USER_ID, "administrator")
    answer = await reply_to(fake, "/subscribe maritime", group, chat_type="supergroup")
    assert "Subscribed" in answer.visible_text
    assert Store(store_path).subscription(chat_id=group) is not None


async def test_forum_topic_subscription_gets_its_digest_in_that_topic(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    group = DEFAULT_SUPERGROUP_ID
    fake.set_chat_member(group, DEFAULT_USER_ID, "creator")
    await reply_to(
        fake,
        "/subscribe",
        group,
        chat_type="supergroup",
        message_thread_id=42,
        is_topic_message=True,
    )
    store = Store(store_path)
    assert store.subscription(chat_id=group, thread_id=42) is not None
    ingest_paths([NEW_ARTICLE], store=store, reference=load_reference())
    await fake.wait_for_async(
        lambda c: c.method == "sendMessage" and "digest" in str(c.params.get("text", "")),
        timeout=10,
    )
    digest = fake.last_message(group)
    assert digest.message_thread_id == 42 and "12th defence policy dialogue" in digest.text


async def test_channel_post_subscribes_the_channel(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    answer = await reply_to(fake, "/subscribe", DEFAULT_CHANNEL_ID, chat_type="channel")
    assert "Subscribed" in answer.visible_text
    assert Store(store_path).subscription(chat_id=DEFAULT_CHANNEL_ID) is not None


async def test_admin_subscribes_a_channel_by_name(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    channel = -1009876
    fake.add_chat(channel, "channel", title="Attaché notes", username="attache_notes")
    fake.set_chat_member(channel, BOT_ID, "administrator")
    refused = await reply_to(fake, "/subscribe_channel @attache_notes", DEFAULT_USER_ID)
    assert "Only Briefbot's administrators" in refused.visible_text
    answer = await reply_to(fake, "/subscribe_channel @attache_notes", ADMIN_ID, user_id=ADMIN_ID)
    assert "Subscribed @attache_notes" in answer.visible_text
    assert Store(store_path).subscription(chat_id=channel) is not None


async def test_digest_command_sends_pending_now_or_says_nothing_new(
    fake: FakeBotApi, store_path: Path
) -> None:
    # A long debounce, so only /digest can deliver the new entry within the test.
    settings = bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=600)
    async with running_bot(settings):
        not_yet = await reply_to(fake, "/digest", DEFAULT_USER_ID)
        assert "send /subscribe first" in not_yet.visible_text
        await reply_to(fake, "/subscribe", DEFAULT_USER_ID)
        nothing = await reply_to(fake, "/digest", DEFAULT_USER_ID)
        assert "Nothing new" in nothing.visible_text
        ingest_paths([NEW_ARTICLE], store=Store(store_path), reference=load_reference())
        digest = await reply_to(fake, "/digest", DEFAULT_USER_ID)
        assert "Briefbot digest" in digest.visible_text
        assert "12th defence policy dialogue" in digest.visible_text
        again = await reply_to(fake, "/digest", DEFAULT_USER_ID)
        assert "Nothing new" in again.visible_text


async def test_digest_waiting_on_a_rate_limited_fan_out_does_not_hold_up_other_users(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    for chat in (711, 712):
        store.subscribe(chat_id=chat)
    # Telegram keeps chat 711 waiting: PTB's rate limiter retries three times, a second apart.
    fake.fail_next("sendMessage", 711, error_code=429, retry_after=1, times=4)
    async with running_bot(bot_settings(fake, store_path)):
        ingest_paths([NEW_ARTICLE], store=store, reference=load_reference())
        await fake.wait_for_async(lambda c: c.chat_id == 711 and c.status == 429, timeout=10)
        fake.enqueue_message("/digest", chat_id=712, user_id=712)
        asked = time.monotonic()
        helped = await reply_to(fake, "/help", 713, user_id=713)
        assert helped.call.time - asked < 2.0  # at most one retry_after pause, not the fan-out
        await fake.wait_for_async(is_digest_to(712), timeout=10)
        await fake.wait_for_async(lambda c: c.chat_id == 711 and c.status == 429, count=4)
    assert len([c for c in fake.calls("sendMessage") if is_digest_to(712)(c)]) == 1


async def test_briefbot_admin_is_no_group_admin(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    group = DEFAULT_SUPERGROUP_ID
    fake.set_chat_member(group, ADMIN_ID, "member")
    answer = await reply_to(fake, "/subscribe", group, chat_type="supergroup", user_id=ADMIN_ID)
    assert "Only this group's administrators" in answer.visible_text
    assert Store(store_path).subscription(chat_id=group) is None


async def test_anonymous_group_admin_subscribes(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    group = fake.add_chat(-100777, "supergroup", title="Attachés")
    # An anonymous admin posts as the group itself; Telegram names the sender GroupAnonymousBot.
    fake.enqueue_update(
        {
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": group,
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                "sender_chat": group,
                "text": "/subscribe maritime",
                "entities": auto_entities("/subscribe maritime"),
            }
        }
    )
    await fake.wait_for_async(lambda c: c.method == "sendMessage" and c.chat_id == -100777)
    assert "Subscribed" in fake.last_message(-100777).visible_text
    subscription = Store(store_path).subscription(chat_id=-100777)
    assert subscription is not None and subscription.topics == ["maritime"]


async def test_channel_by_name_needs_a_channel_where_the_bot_is_admin(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    fake.add_chat(-1009001, "channel", title="Notes", username="plain_notes")
    fake.set_chat_member(-1009001, BOT_ID, "member")
    fake.add_chat(-1009002, "supergroup", title="A group", username="a_group")
    fake.set_chat_member(-1009002, BOT_ID, "administrator")
    fake.add_chat(-1009003, "channel", title="Quiet", username="quiet_notes")
    fake.set_chat_member(-1009003, BOT_ID, "administrator", can_post_messages=False)
    not_admin = await reply_to(fake, "/subscribe_channel @plain_notes", ADMIN_ID, user_id=ADMIN_ID)
    assert "Make me an administrator of @plain_notes who may post" in not_admin.visible_text
    mute = await reply_to(fake, "/subscribe_channel @quiet_notes", ADMIN_ID, user_id=ADMIN_ID)
    assert "Make me an administrator of @quiet_notes who may post" in mute.visible_text
    group = await reply_to(fake, "/subscribe_channel @a_group", ADMIN_ID, user_id=ADMIN_ID)
    assert "@a_group is not a channel" in group.visible_text
    store = Store(store_path)
    assert store.subscription(chat_id=-1009001) is None
    assert store.subscription(chat_id=-1009002) is None
    assert store.subscription(chat_id=-1009003) is None


async def test_schedule_runs_in_the_configured_time_zone(
    fake: FakeBotApi, store_path: Path
) -> None:
    zone = "Pacific/Kiritimati"  # UTC+14: a schedule read in UTC would show another hour and day
    settings = bot_settings(fake, store_path, BRIEFBOT_TZ=zone, BRIEFBOT_DIGEST_CRON="30 6 * * *")
    async with running_bot(settings):
        await reply_to(fake, "/subscribe", DEFAULT_USER_ID)
        status = await reply_to(fake, "/subscriptions", DEFAULT_USER_ID)
    now = datetime.now(ZoneInfo(zone))
    due = now.replace(hour=6, minute=30, second=0, microsecond=0)
    if due <= now:
        due += timedelta(days=1)
    assert f"next: {due:%d %b %Y}, 06:30 {zone}" in status.visible_text


async def test_a_bad_time_zone_or_digest_time_is_answered_with_examples_and_changes_nothing(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    await reply_to(fake, "/subscribe maritime", DEFAULT_USER_ID)
    zone = await reply_to(fake, "/timezone Mars/Olympus_Mons", DEFAULT_USER_ID)
    assert "Unknown time zone “Mars/Olympus_Mons”" in zone.visible_text
    assert "Asia/Seoul" in zone.visible_text and "Nothing was changed" in zone.visible_text
    time_of_day = await reply_to(fake, "/digest_time 25:00", DEFAULT_USER_ID)
    assert "/digest_time 07:30" in time_of_day.visible_text
    assert "/digest_time instant" in time_of_day.visible_text
    sub = Store(store_path).subscription(chat_id=DEFAULT_USER_ID)
    assert sub is not None and (sub.timezone, sub.schedule) == (None, "standard")
    seoul = await reply_to(fake, "/timezone asia/SEOUL", DEFAULT_USER_ID)
    assert (
        "Time zone: Asia/Seoul" in seoul.visible_text and "(the default)" not in seoul.visible_text
    )


async def test_digest_time_and_time_zone_in_a_chat_not_subscribed_say_so_and_subscribe_nothing(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    for text in ("/digest_time 07:30", "/digest_time instant", "/timezone Asia/Seoul"):
        answer = await reply_to(fake, text, DEFAULT_USER_ID)
        assert "no subscription yet: send /subscribe first" in answer.visible_text, text
    assert Store(store_path).subscription(chat_id=DEFAULT_USER_ID) is None
    assert not [c for c in fake.calls() if c.chat_id == DEFAULT_USER_ID and not c.ok]


async def test_a_name_several_people_bear_is_asked_about_and_nothing_is_added(
    bot: BriefApplication, fake: FakeBotApi, store_path: Path
) -> None:
    answer = await reply_to(fake, "/subscribe Han", DEFAULT_USER_ID)
    assert "“Han” could be" in answer.visible_text
    assert "Han Duck-soo (han-duck-soo)" in answer.visible_text
    assert "/subscribe" not in answer.visible_text  # no tappable command that subscribes to all
    assert "Nothing was changed" in answer.visible_text
    assert Store(store_path).subscription(chat_id=DEFAULT_USER_ID) is None
    chosen = await reply_to(fake, "/subscribe han-duck-soo", DEFAULT_USER_ID)
    assert "Added person: Han Duck-soo" in chosen.visible_text
    sub = Store(store_path).subscription(chat_id=DEFAULT_USER_ID)
    assert sub is not None and sub.people == ["han-duck-soo"] and sub.keywords == []


async def test_help_shows_every_digest_time_choice(bot: BriefApplication, fake: FakeBotApi) -> None:
    answer = await reply_to(fake, "/help", DEFAULT_USER_ID)
    assert "/digest_time <HH:MM|instant|standard>" in answer.visible_text
