"""Tests for FakeBotApi, driving a real PTB Application over loopback HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageOriginChannel,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from .server import (
    BOT_USERNAME,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    TOKEN,
    Call,
    FakeBotApi,
    FakeTelegramServer,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    running_app,
)

App = Application[Any, Any, Any, Any, Any, Any]


def _call_api(url: str, method: str) -> tuple[int, Any]:
    """POST to `method` of the Bot API at `url`, as a bot would; (HTTP status, JSON answer)."""
    host, _, rest = url.removeprefix("http://").partition("/")
    connection = http.client.HTTPConnection(host, timeout=5)
    try:
        connection.request("POST", f"/{rest}/bot{TOKEN}/{method}".replace("//", "/"))
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    name = update.effective_user.first_name
    await update.effective_message.reply_text(f"Hello <b>{name}</b>", parse_mode=ParseMode.HTML)


async def _topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    await update.effective_message.reply_text(
        f"topic: {' '.join(context.args or [])}", reply_markup=keyboard
    )


async def _more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Loading")
    await query.edit_message_text(f"<i>more about {query.data}</i>", parse_mode=ParseMode.HTML)


async def _document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    data = await (await message.document.get_file()).download_as_bytearray()
    await message.reply_text(f"got {message.document.file_name}: {bytes(data).decode()}")


async def _inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.inline_query is not None
    content = InputTextMessageContent(f"brief on {update.inline_query.query}")
    await update.inline_query.answer([InlineQueryResultArticle("1", "Brief", content)])


async def _channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.channel_post is not None
    await context.bot.send_message(update.channel_post.chat_id, "seen in channel")


@pytest.fixture
async def app(fake_bot_api: FakeBotApi) -> AsyncIterator[App]:
    """A real PTB Application talking to the fake over HTTP, polling for updates."""
    application = fake_bot_api.application_builder().build()
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CommandHandler("topic", _topic))
    application.add_handler(CallbackQueryHandler(_more))
    application.add_handler(InlineQueryHandler(_inline))
    application.add_handler(MessageHandler(filters.Document.ALL, _document))
    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, _channel_post))
    async with running_app(application):
        yield application


async def test_start_command_gets_a_reply(fake_bot_api: FakeBotApi, app: App) -> None:
    update = fake_bot_api.enqueue_message("/start", chat_id=555, user_id=555)
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]

    [call] = await fake_bot_api.wait_for_async("sendMessage", chat_id=555)

    assert call.ok and call.params["parse_mode"] == "HTML"
    sent = fake_bot_api.last_message(555)
    assert sent.text == "Hello <b>Test</b>"
    assert sent.visible_text == "Hello Test"
    assert sent.call.result["entities"] == [{"type": "bold", "offset": 6, "length": 4}]
    assert [c.method for c in fake_bot_api.calls()][:2] == ["getMe", "deleteWebhook"]
    # PTB's next getUpdates confirms the update through its offset; nothing stays pending.
    deadline = time.monotonic() + 2
    while fake_bot_api.pending_updates() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert fake_bot_api.pending_updates() == []


async def test_group_command_with_bot_username(fake_bot_api: FakeBotApi, app: App) -> None:
    fake_bot_api.enqueue_message("/topic@otherbot ignored", chat_type="supergroup")
    fake_bot_api.enqueue_message(
        f"/topic@{BOT_USERNAME} maritime security",
        chat_type="supergroup",
        message_thread_id=77,
        is_topic_message=True,
    )

    await fake_bot_api.wait_for_async("sendMessage", chat_id=DEFAULT_SUPERGROUP_ID)

    [sent] = fake_bot_api.sent_messages(DEFAULT_SUPERGROUP_ID)
    assert sent.text == "topic: maritime security"
    assert sent.message_thread_id == 77  # PTB's reply_text keeps the forum topic
    assert sent.reply_markup == {"inline_keyboard": [[{"text": "More", "callback_data": "more"}]]}


async def test_callback_query_is_answered_and_message_edited(
    fake_bot_api: FakeBotApi, app: App
) -> None:
    fake_bot_api.enqueue_message("/topic trade", chat_id=DEFAULT_USER_ID)
    await fake_bot_api.wait_for_async("sendMessage")

    fake_bot_api.enqueue_callback_query("more", chat_id=DEFAULT_USER_ID)
    await fake_bot_api.wait_for_async("editMessageText")

    [answer] = fake_bot_api.calls("answerCallbackQuery")
    assert answer.ok and answer.params["text"] == "Loading"
    first, edited = fake_bot_api.sent_messages(DEFAULT_USER_ID)
    assert edited.method == "editMessageText"
    assert edited.message_id == first.message_id
    assert edited.visible_text == "more about more"
    assert "reply_markup" not in edited.call.result  # editing without a keyboard removes it


async def test_invalid_html_from_the_bot_is_rejected(fake_bot_api: FakeBotApi, app: App) -> None:
    # PTB capitalize()s descriptions, lower-casing the rest, hence (?i).
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
        await app.bot.send_message(42, "<br>hello", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag corresponding to start tag"):
        await app.bot.send_message(42, "<b>hello", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Message is too long"):
        await app.bot.send_message(42, "<b>" + "x" * 4097 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Message text is empty"):
        await app.bot.send_message(42, "<b></b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await app.bot.send_document(42, b"data", filename="a.txt", caption="c" * 1025)

    # Without parse_mode the same text is fine, and 4096 visible characters are accepted.
    await app.bot.send_message(42, "<b>hello")
    await app.bot.send_message(42, "<b>" + "😀" * 2048 + "</b>", parse_mode=ParseMode.HTML)
    assert [m.text[:8] for m in fake_bot_api.sent_messages(42)] == ["<b>hello", "<b>😀😀😀😀😀"]
    failed = [call for call in fake_bot_api.calls() if not call.ok]
    assert [call.status for call in failed] == [400] * 5


# PTB 22 warns that RetryAfter.retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_is_parsed_by_ptb(fake_bot_api: FakeBotApi, app: App) -> None:
    fake_bot_api.fail_next("sendMessage", 42, error_code=429, retry_after=7)

    with pytest.raises(RetryAfter) as excinfo:
        await app.bot.send_message(42, "digest")
    retry_after = excinfo.value.retry_after
    seconds = retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else retry_after
    assert seconds == 7

    [failed] = fake_bot_api.calls("sendMessage")
    assert failed.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await app.bot.send_message(42, "digest")  # the failure fired only once
    assert [m.text for m in fake_bot_api.sent_messages(42)] == ["digest"]


async def test_blocked_and_migrated_chats(fake_bot_api: FakeBotApi, app: App) -> None:
    fake_bot_api.fail_next("*", 7, error_code=403, times=None)
    fake_bot_api.fail_next("sendMessage", -55, error_code=400, migrate_to_chat_id=-10055)

    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(7, "hi")
    with pytest.raises(ChatMigrated) as excinfo:
        await app.bot.send_message(-55, "hi")
    assert excinfo.value.new_chat_id == -10055
    await app.bot.send_message(-10055, "hi")
    await app.bot.send_message(8, "other chats are unaffected")

    fake_bot_api.clear_failures()
    await app.bot.send_message(7, "unblocked")
    assert [m.chat_id for m in fake_bot_api.sent_messages()] == [-10055, 8, 7]


async def test_document_download_and_upload(fake_bot_api: FakeBotApi, app: App) -> None:
    fake_bot_api.enqueue_document(b"payload", "report.txt", caption="/ignored", chat_id=9)
    [reply] = await fake_bot_api.wait_for_async("sendMessage", chat_id=9)
    assert reply.params["text"] == "got report.txt: payload"

    await app.bot.send_document(
        9,
        b"%PDF-1.4 \x00\xff\r\n binary",
        filename="brief.pdf",
        caption="<b>Brief</b>",
        parse_mode="HTML",
    )
    await app.bot.send_photo(9, b"\x89PNG fake", caption="chart")
    document, photo = fake_bot_api.sent_messages(9)[1:]
    assert document.file is not None and photo.file is not None
    assert document.file.filename == "brief.pdf"
    assert document.file.content == b"%PDF-1.4 \x00\xff\r\n binary"
    assert document.visible_text == "Brief" and document.parse_mode == "HTML"
    assert photo.file.content == b"\x89PNG fake" and photo.text == "chart"


async def test_inline_query_and_channel_post(fake_bot_api: FakeBotApi, app: App) -> None:
    fake_bot_api.enqueue_inline_query("semiconductors")
    fake_bot_api.enqueue_channel_post("news", chat_id=-100777)

    [answer] = await fake_bot_api.wait_for_async("answerInlineQuery")
    [post] = await fake_bot_api.wait_for_async("sendMessage", chat_id=-100777)

    assert answer.ok
    assert answer.params["results"][0]["input_message_content"]["message_text"] == (
        "brief on semiconductors"
    )
    assert post.result["sender_chat"]["type"] == "channel" and "from" not in post.result


async def test_chat_member_chat_and_commands_round_trip(fake_bot_api: FakeBotApi, app: App) -> None:
    for status in ("creator", "administrator", "member", "restricted", "left", "kicked"):
        fake_bot_api.set_chat_member(-100, 5, status)
        member = await app.bot.get_chat_member(-100, 5)
        assert member.status == status
    assert (await app.bot.get_chat_member(-100, 6)).status == "member"

    chat = await app.bot.get_chat(DEFAULT_SUPERGROUP_ID)
    assert chat.type == "supergroup"

    await app.bot.set_my_commands([("topic", "Brief on a topic"), ("start", "Start")])
    commands = await app.bot.get_my_commands()
    assert [c.command for c in commands] == ["topic", "start"]
    assert fake_bot_api.my_commands()[0] == {"command": "topic", "description": "Brief on a topic"}
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await app.bot.set_my_commands([("Bad-Name", "x")])

    assert await app.bot.send_chat_action(5, "typing")
    assert (await app.bot.get_me()).username == BOT_USERNAME


async def test_unknown_method_is_recorded(fake_bot_api: FakeBotApi, app: App) -> None:
    with pytest.raises(Exception, match="not found"):
        await app.bot.do_api_request("sendTeleportation", api_kwargs={"chat_id": 1})
    assert fake_bot_api.unknown_methods() == ["sendTeleportation"]
    [call] = fake_bot_api.calls("sendTeleportation")
    assert call.response["description"] == "Not Found: method not found"


async def test_wait_for_timeout_lists_what_was_recorded(fake_bot_api: FakeBotApi, app: App) -> None:
    await app.bot.send_message(3, "something else")
    with pytest.raises(AssertionError) as excinfo:
        await fake_bot_api.wait_for_async("sendPhoto", timeout=0.2)
    message = str(excinfo.value)
    assert "waiting for 1 call(s) matching 'sendPhoto'" in message
    assert "sendMessage({'chat_id': 3, 'text': 'something else'}) -> ok" in message
    # The sync variant refuses to block the event loop the bot runs on.
    with pytest.raises(RuntimeError, match="wait_for_async"):
        fake_bot_api.wait_for("sendPhoto", timeout=0.2)


def _post(fake: FakeBotApi, method: str, **params: Any) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    try:
        body = json.dumps(params)
        headers = {"Content-Type": "application/json"}
        conn.request("POST", f"/bot{TOKEN}/{method}", body=body, headers=headers)
        return dict(json.loads(conn.getresponse().read()))
    finally:
        conn.close()


async def test_edited_message_reaches_ptb_as_an_edit(fake_bot_api: FakeBotApi, app: App) -> None:
    sent = fake_bot_api.enqueue_message("/topc maritime", chat_id=556, user_id=556)["message"]
    edit = fake_bot_api.enqueue_edit(556, sent["message_id"], "/topic maritime")

    [call] = await fake_bot_api.wait_for_async("sendMessage", chat_id=556)

    assert call.params["text"] == "topic: maritime"
    edited = edit["edited_message"]
    assert edited["message_id"] == sent["message_id"] and edited["edit_date"] >= sent["date"]
    assert edited["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


def test_automatic_forward_is_the_channel_post_in_the_discussion_group(
    fake_bot_api: FakeBotApi,
) -> None:
    post = fake_bot_api.enqueue_channel_post("/latest", chat_id=-100777)

    update = Update.de_json(fake_bot_api.enqueue_automatic_forward(post), None)

    message = update.message
    assert message is not None and message.is_automatic_forward
    assert message.chat.id == DEFAULT_SUPERGROUP_ID and message.text == "/latest"
    assert message.sender_chat is not None and message.sender_chat.id == -100777
    assert message.from_user is not None and message.from_user.id == 777000
    origin = message.forward_origin
    assert isinstance(origin, MessageOriginChannel) and origin.chat.id == -100777


def test_long_poll_wakes_on_enqueue_and_honours_offset(fake_bot_api: FakeBotApi) -> None:
    timer = threading.Timer(0.2, fake_bot_api.enqueue_message, args=("hello",))
    timer.start()
    started = time.monotonic()
    first = _post(fake_bot_api, "getUpdates", timeout=5)
    timer.join()
    assert time.monotonic() - started < 1.5
    [update] = first["result"]
    assert update["message"]["text"] == "hello"

    # Not confirmed yet: delivered again. Confirming with offset drops it.
    assert _post(fake_bot_api, "getUpdates")["result"] == [update]
    second = fake_bot_api.enqueue_message("again")
    result = _post(fake_bot_api, "getUpdates", offset=update["update_id"] + 1)["result"]
    assert result == [second]
    assert second["update_id"] == update["update_id"] + 1

    # Sync wait_for works from a plain (loop-less) test thread.
    polls = fake_bot_api.wait_for("getUpdates", count=3, timeout=1)
    assert all(isinstance(call, Call) for call in polls)
    with pytest.raises(AssertionError, match="Recorded 3 call"):
        fake_bot_api.wait_for("sendMessage", timeout=0.1)


def test_bad_token_and_webhook_conflict(fake_bot_api: FakeBotApi) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", fake_bot_api.port, timeout=5)
    conn.request("POST", "/bot1:wrong/getMe")
    assert conn.getresponse().status == 401
    conn.close()
    assert _post(fake_bot_api, "setWebhook", url="https://example.com/hook")["result"] is True
    assert _post(fake_bot_api, "getUpdates")["error_code"] == 409
    assert _post(fake_bot_api, "deleteWebhook")["result"] is True
    assert _post(fake_bot_api, "getUpdates")["result"] == []


@pytest.mark.parametrize(
    ("params", "description"),
    [
        (
            {"url": "http://example.com/hook"},
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        ),
        (
            {"url": "https://example.com/hook", "secret_token": "not a secret!"},
            "Bad Request: secret token contains unallowed characters",
        ),
        (
            {"url": "https://example.com/hook", "secret_token": "x" * 257},
            "Bad Request: secret token contains unallowed characters",
        ),
    ],
)
def test_set_webhook_is_refused_as_telegram_refuses_it(
    fake_bot_api: FakeBotApi, params: dict[str, str], description: str
) -> None:
    answer = _post(fake_bot_api, "setWebhook", **params)

    assert (answer["error_code"], answer["description"]) == (400, description)
    assert fake_bot_api.webhook_url == ""


def test_set_webhook_keeps_its_secret(fake_bot_api: FakeBotApi) -> None:
    secret = "A-z_09" * 40
    answer = _post(fake_bot_api, "setWebhook", url="https://example.com/h", secret_token=secret)

    assert answer["result"] is True
    assert (fake_bot_api.webhook_url, fake_bot_api.webhook_secret) == (
        "https://example.com/h",
        secret,
    )


def test_stop_closes_idle_keep_alive_connections_and_threads() -> None:
    fake = FakeBotApi().start()
    conn = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    conn.request("POST", f"/bot{TOKEN}/getMe")
    assert conn.getresponse().read()  # the connection stays open (HTTP/1.1 keep-alive)
    port = fake.port

    started = time.monotonic()
    fake.stop()
    assert time.monotonic() - started < 1.0
    conn.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("FakeBotApi")]
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
    fake.stop()  # idempotent


def test_fakes_sharing_a_server_see_only_their_own_traffic() -> None:
    with FakeTelegramServer() as server:
        first, second = server.new_api(), server.new_api()
        assert first.port == second.port and first.url != second.url

        first.enqueue_message("/start")
        status, answer = _call_api(second.url, "getUpdates")

        assert status == 200 and answer["result"] == []
        assert [c.method for c in second.calls()] == ["getUpdates"]
        assert first.calls() == [] and len(first.pending_updates()) == 1
        first.stop()
        assert _call_api(second.url, "getMe")[0] == 200
        second.stop()


def test_a_stopped_fake_on_a_shared_server_answers_unauthorized() -> None:
    with FakeTelegramServer() as server:
        fake = server.new_api()
        url = fake.url
        fake.stop()

        status, answer = _call_api(url, "getMe")

        assert status == 401 and answer["description"] == "Unauthorized"


async def test_reset_forgets_a_tests_traffic_while_the_bot_keeps_polling(
    fake_bot_api: FakeBotApi, app: App
) -> None:
    fake_bot_api.enqueue_message("/start", chat_id=555, user_id=555)
    await fake_bot_api.wait_for_async("sendMessage", chat_id=555)
    fake_bot_api.fail_next("sendMessage", error_code=400, description="Bad Request: left over")
    fake_bot_api.set_chat_member(-100, 555, "administrator")

    fake_bot_api.reset()

    assert fake_bot_api.calls() == [] and fake_bot_api.sent_messages() == []
    fake_bot_api.enqueue_message("/start", chat_id=556, user_id=556)
    [call] = await fake_bot_api.wait_for_async("sendMessage", chat_id=556)
    assert call.ok  # the programmed failure went with the reset
    assert [m.chat_id for m in fake_bot_api.sent_messages()] == [556]
    member = await app.bot.get_chat_member(-100, 555)
    assert member.status == "member"
