"""A fake Telegram Bot API HTTP server on 127.0.0.1 for end-to-end tests of PTB applications."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import itertools
import json
import re
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from telegram.ext import ApplicationBuilder

from .html_check import MAX_CAPTION_LENGTH, MAX_MESSAGE_LENGTH, parse_telegram_html, utf16_len

if TYPE_CHECKING:
    from telegram.ext import Application
    from telegram.ext._applicationbuilder import InitApplicationBuilder

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_USERNAME",
    "DEFAULT_USER_ID",
    "QUERY_EXPIRED",
    "TOKEN",
    "Call",
    "FakeBotApi",
    "SentMessage",
    "UploadedFile",
    "auto_entities",
    "fake_bot_api_fixture",
    "running_app",
]

JsonDict = dict[str, Any]
ChatKey = int | str

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw8"
BOT_ID = 4242
BOT_USERNAME = "briefbot_test_bot"
BOT_FIRST_NAME = "Briefbot Test"
DEFAULT_USER_ID = 1001
DEFAULT_USERNAME = "tester"
DEFAULT_GROUP_ID = -987654321
DEFAULT_SUPERGROUP_ID = -1001234567890
DEFAULT_CHANNEL_ID = -1009876543210

# Methods whose successful results are messages the bot produced (see sent_messages()).
_MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText", "sendPhoto", "sendDocument"})
# Form-encoded values are JSON for non-strings (PTB's RequestParameter.json_value); these
# parameters are strings in the Bot API and must not be JSON-decoded ("123" stays "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "file_id",
        "url",
        "query",
        "next_offset",
        "action",
        "language_code",
        "title",
        "description",
        "short_description",
        "name",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "photo",
        "document",
        "custom_emoji_id",
        "emoji",
    }
)
# Telegram's default when allowed_updates was never set: everything except these.
_NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_AUTO_ENTITY_RE = re.compile(
    r"(?P<bot_command>(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?)"
    r"|(?P<mention>(?<![\w@/])@[A-Za-z0-9_]{4,32})"
    r"|(?P<url>https?://[^\s<>\"]+)"
)
_MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024
_PREFIX_RE = re.compile(r"(/fake\d+)?(.*)", re.DOTALL)
# The sender Telegram shows on channel posts copied into a discussion group.
_TELEGRAM_SERVICE_USER = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
QUERY_EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a content and reply markup of the current message"
)


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part: form field, client filename, content type and raw bytes."""

    field: str
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Call:
    """One recorded Bot API request with the response the fake gave (time is time.monotonic())."""

    method: str
    params: JsonDict
    files: dict[str, UploadedFile]
    time: float
    status: int = 200
    response: JsonDict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the fake answered with ``"ok": true``."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful response (None for failures)."""
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        """The error description of a failed response."""
        return cast("str | None", self.response.get("description"))

    @property
    def chat_id(self) -> ChatKey | None:
        """The request's ``chat_id`` parameter, normalised to int where numeric."""
        value = self.params.get("chat_id")
        return None if value is None else _chat_key(value)


@dataclass(frozen=True)
class SentMessage:
    """A message the bot successfully sent or edited (text holds the raw text/caption as sent)."""

    method: str
    chat_id: ChatKey | None
    message_id: int | None
    text: str
    visible_text: str
    parse_mode: str | None
    reply_markup: JsonDict | None
    message_thread_id: int | None
    file: UploadedFile | None
    call: Call


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class _Failure:
    method: str
    chat_id: ChatKey | None
    error_code: int
    description: str
    parameters: JsonDict
    remaining: int | None

    def matches(self, method: str, params: JsonDict) -> bool:
        if self.method != "*" and self.method.lower() != method.lower():
            return False
        if self.chat_id is None:
            return True
        return "chat_id" in params and _chat_key(params["chat_id"]) == self.chat_id


class _ApiError(Exception):
    """Raised by method implementations; becomes a Telegram-style error response."""

    def __init__(self, error_code: int, description: str, parameters: JsonDict | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        body: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _chat_key(value: Any) -> ChatKey:
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def _coerce_form_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _now() -> int:
    return int(time.time())


def _update_type(update: JsonDict) -> str:
    return next((key for key in update if key != "update_id"), "")


def auto_entities(text: str) -> list[JsonDict]:
    """Entities Telegram itself adds to user text: bot_command, mention and url."""
    entities: list[JsonDict] = []
    for match in _AUTO_ENTITY_RE.finditer(text):
        kind = match.lastgroup or "url"
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities


def _parse_multipart(body: bytes, content_type: str) -> tuple[JsonDict, dict[str, UploadedFile]]:
    boundary_match = re.search(r'boundary="?([^";]+)"?', content_type)
    if boundary_match is None:
        raise _ApiError(400, "Bad Request: multipart boundary is missing")
    delimiter = b"\r\n--" + boundary_match.group(1).encode("latin-1")
    params: JsonDict = {}
    files: dict[str, UploadedFile] = {}
    # Prepending CRLF makes the first delimiter look like all the others.
    for chunk in (b"\r\n" + body).split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        attrs = {
            key.lower(): value.replace("%22", '"').replace("\\\\", "\\")
            for key, value in re.findall(r';\s*([\w*]+)="((?:[^"\\]|\\.)*)"', disposition)
        }
        name = attrs.get("name")
        if name is None:
            continue
        if "filename" in attrs:
            files[name] = UploadedFile(
                field=name,
                filename=attrs["filename"],
                content_type=headers.get("content-type", "application/octet-stream"),
                content=content,
            )
        else:
            params[name] = _coerce_form_value(name, content.decode("utf-8"))
    return params, files


class _HttpServer(ThreadingHTTPServer):
    """Threading server that can forcibly close keep-alive connections on shutdown.

    Each hosted FakeBotApi answers under its own path prefix ("" when it has the server alone).
    """

    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.apis: dict[str, FakeBotApi] = {}
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._closing = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client gone mid-request (a test killed the bot's process) is no bug of the fake."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def register(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)
            closing = self._closing
        if closing:
            _hard_close(connection)

    def unregister(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            self._closing = True
            connections = list(self._connections)
        for connection in connections:
            _hard_close(connection)


def _hard_close(connection: socket.socket) -> None:
    # shutdown() (unlike close()) wakes a handler thread blocked in recv on this socket.
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org
    timeout = 30  # safety net for half-open client connections
    disable_nagle_algorithm = True  # headers and body are separate writes; avoid 40 ms stalls

    @property
    def _server(self) -> _HttpServer:
        return cast(_HttpServer, self.server)

    def setup(self) -> None:
        super().setup()
        self._server.register(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._server.unregister(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; calls are recorded instead."""

    def do_GET(self) -> None:
        """Serve API calls and file downloads."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve API calls."""
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        routed = _PREFIX_RE.fullmatch(unquote(split.path))
        assert routed is not None  # the pattern matches any path
        prefix, path = routed.group(1) or "", routed.group(2)
        body = self._read_body()
        api = self._server.apis.get(prefix)
        if api is None:  # a fake that was stopped: its bot is gone, like a revoked token
            self._respond(401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}')
            return
        if path.startswith("/file/bot"):
            content = api._download(path.removeprefix("/file/bot"))
            if content is None:
                self._respond(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
            else:
                self._respond(200, content, "application/octet-stream")
            return
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z0-9_]+)", path)
        if match is None:
            payload = {"ok": False, "error_code": 404, "description": "Not Found"}
            self._respond(404, json.dumps(payload).encode())
            return
        params: JsonDict = {
            key: _coerce_form_value(key, value)
            for key, value in parse_qsl(split.query, keep_blank_values=True)
        }
        files: dict[str, UploadedFile] = {}
        content_type = self.headers.get("Content-Type", "")
        try:
            if content_type.startswith("application/json") and body:
                decoded = json.loads(body)
                if isinstance(decoded, dict):
                    params.update(decoded)
            elif content_type.startswith("multipart/form-data"):
                form, files = _parse_multipart(body, content_type)
                params.update(form)
            elif body:
                for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
                    params[key] = _coerce_form_value(key, value)
        except (ValueError, _ApiError):
            params["_unparsed_body"] = body.decode("utf-8", "replace")
        status, payload = api._handle_api(match.group(1), match.group(2), params, files)
        try:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: JSON escapes, as Telegram sends it
            body = json.dumps(payload).encode("ascii")
        self._respond(status, body)

    def _respond(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            # The client gave up (e.g. PTB cancelled a long poll while stopping).
            self.close_connection = True


class _Started:
    """A fake that `with` starts and stops (each fake defines start and stop)."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class FakeTelegramServer(_Started):
    """One HTTP server on 127.0.0.1 that many FakeBotApi instances share, each under its path.

    A test session starts one; every test then gets a fresh, empty fake on it for nothing.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._prefixes = itertools.count(1)

    def start(self) -> Self:
        """Bind an ephemeral port and serve in a background thread; returns self."""
        if self._httpd is not None:
            return self
        self._httpd = _HttpServer(self.host)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeTelegramServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close connections and join all threads (idempotent)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()  # joins the per-connection handler threads
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    @property
    def port(self) -> int:
        """The bound TCP port (server must be started)."""
        if self._httpd is None:
            raise RuntimeError("FakeTelegramServer is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    def new_api(self, **kwargs: Any) -> FakeBotApi:
        """A fresh, empty, started FakeBotApi served under a path of its own."""
        return FakeBotApi(server=self, **kwargs).start()

    def attach(self, api: FakeBotApi, *, shared: bool) -> str:
        """Serve `api` under a new path prefix ("" when it has the server alone)."""
        if self._httpd is None:
            raise RuntimeError("FakeTelegramServer is not started")
        prefix = f"/fake{next(self._prefixes)}" if shared else ""
        self._httpd.apis[prefix] = api
        return prefix

    def detach(self, prefix: str) -> None:
        """Stop routing requests to the fake at `prefix`."""
        if self._httpd is not None:
            self._httpd.apis.pop(prefix, None)


class FakeBotApi(_Started):
    """Fake Telegram Bot API server; point PTB at ``url`` via ``application_builder()``."""

    def __init__(
        self,
        token: str | None = TOKEN,
        *,
        host: str = "127.0.0.1",
        bot_id: int = BOT_ID,
        bot_username: str = BOT_USERNAME,
        max_poll_timeout: float = 5.0,
        server: FakeTelegramServer | None = None,
    ) -> None:
        self.token = token or TOKEN
        self._check_token = token is not None
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.max_poll_timeout = max_poll_timeout
        # Alone, the fake runs its own server; given one, it shares it under a path of its own.
        self._own_server = server is None
        self._server = server or FakeTelegramServer(host)
        self._prefix: str | None = None
        self._cond = threading.Condition(threading.RLock())
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._stopping = False
        self._started_at = time.monotonic()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(100_000)
        self._calls: list[Call] = []
        self._updates: list[JsonDict] = []
        self._dropped_updates: list[JsonDict] = []
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._failures: list[_Failure] = []
        self._users: dict[int, JsonDict] = {bot_id: self._bot_as_user()}
        self._chats: dict[int, JsonDict] = {}
        self._messages: dict[tuple[int, int], JsonDict] = {}
        self._files: dict[str, _StoredFile] = {}
        self._members: dict[tuple[int, int], str] = {}
        self._cannot_post: set[tuple[int, int]] = set()
        self._open_queries: set[str] = set()
        # The chat each button press came from: a failure set for a chat matches its answer too.
        self._query_chats: dict[str, ChatKey] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._webhook_url = ""
        self._webhook_secret: str | None = None
        self.internal_errors: list[str] = []
        handlers: dict[str, Callable[[JsonDict, dict[str, UploadedFile]], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "close": self._true,
            "logOut": self._true,
        }
        # Telegram matches method names case-insensitively.
        self._handlers = {name.lower(): (name, handler) for name, handler in handlers.items()}

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Serve (binding an ephemeral port unless the server is shared); returns self."""
        if self._prefix is not None:
            return self
        if self._own_server:
            self._server.start()
        self._stopping = False
        self._started_at = time.monotonic()
        self._prefix = self._server.attach(self, shared=not self._own_server)
        return self

    def stop(self) -> None:
        """Stop serving, wake long polls, close connections and join all threads (idempotent)."""
        if self._prefix is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._server.detach(self._prefix)
        self._prefix = None
        if self._own_server:
            self._server.stop()

    @property
    def port(self) -> int:
        """The bound TCP port (server must be started)."""
        if self._prefix is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._server.port

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:54321`` (plus ``/fake7`` on a shared server)."""
        if self._prefix is None:
            raise RuntimeError("FakeBotApi is not started")
        return f"{self._server.url}{self._prefix}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url``."""
        return f"{self.url}/file/bot"

    def application_builder(self, token: str | None = None) -> InitApplicationBuilder:
        """An ``ApplicationBuilder`` with token, base_url and base_file_url set to this fake."""
        return (
            ApplicationBuilder()
            .token(token or self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # ----------------------------------------------------------------- configuration

    def fail_next(
        self,
        method: str,
        chat_id: ChatKey | None = None,
        *,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int | None = 1,
    ) -> None:
        """Make the next ``times`` matching calls (None: all until clear_failures) fail.

        ``method`` may be ``"*"``; ``chat_id`` restricts matching to that chat. The description
        defaults to Telegram's wording for 429/403/migration errors.
        """
        if times is not None and times < 1:
            raise ValueError("times must be >= 1, or None for 'until clear_failures()'")
        parameters: JsonDict = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            if migrate_to_chat_id is not None:
                description = "Bad Request: group chat was upgraded to a supergroup chat"
            elif error_code == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
            elif error_code == 403:
                description = "Forbidden: bot was blocked by the user"
            else:
                try:
                    description = HTTPStatus(error_code).phrase
                except ValueError:
                    description = f"Error {error_code}"
        key = None if chat_id is None else _chat_key(chat_id)
        failure = _Failure(method, key, error_code, description, parameters, times)
        with self._cond:
            self._failures.append(failure)

    def clear_failures(self) -> None:
        """Forget all programmed failures that have not fired yet."""
        with self._cond:
            self._failures.clear()

    def set_chat_member(
        self, chat_id: int, user_id: int, status: str, *, can_post_messages: bool = True
    ) -> None:
        """Configure getChatMember's status for (chat_id, user_id); default is "member".

        `can_post_messages` is the channel administrator's right to post (channels only).
        """
        if status not in _MEMBER_STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {sorted(_MEMBER_STATUSES)}")
        with self._cond:
            self._members[(chat_id, user_id)] = status
            if can_post_messages:
                self._cannot_post.discard((chat_id, user_id))
            else:
                self._cannot_post.add((chat_id, user_id))

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> JsonDict:
        """Register a chat so getChat and sent messages describe it; returns the Chat dict."""
        chat: JsonDict = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = title or f"User {chat_id}"
        else:
            chat["title"] = title or f"Test {chat_type.title()}"
        if username:
            chat["username"] = username
        if is_forum:
            chat["is_forum"] = True
        with self._cond:
            self._chats[chat_id] = chat
        return dict(chat)

    def my_commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """Commands the bot set for ``scope`` (default scope when None) and language."""
        with self._cond:
            return copy.deepcopy(self._commands.get(self._command_key(scope, language_code), []))

    @property
    def webhook_url(self) -> str:
        """The URL passed to setWebhook ("" when none is set)."""
        return self._webhook_url

    @property
    def webhook_secret(self) -> str | None:
        """The secret_token Telegram would send with each webhook request (None: none set)."""
        return self._webhook_secret

    # ----------------------------------------------------------------- recording

    def calls(self, method: str | None = None) -> list[Call]:
        """All recorded calls, optionally only those of ``method`` (case-insensitive)."""
        with self._cond:
            if method is None:
                return list(self._calls)
            return [call for call in self._calls if call.method.lower() == method.lower()]

    def sent_messages(self, chat_id: ChatKey | None = None) -> list[SentMessage]:
        """Successful sendMessage/editMessageText/sendPhoto/sendDocument calls, oldest first."""
        key = None if chat_id is None else _chat_key(chat_id)
        sent = [self._as_sent(call) for call in self.calls() if call.ok]
        return [
            message
            for message in sent
            if message is not None and (key is None or message.chat_id == key)
        ]

    def last_message(self, chat_id: ChatKey | None = None) -> SentMessage:
        """The most recent sent message (to ``chat_id``); AssertionError if there is none."""
        sent = self.sent_messages(chat_id)
        if not sent:
            where = "" if chat_id is None else f" to chat {chat_id}"
            raise AssertionError(f"no message was sent{where}\n{self.summary()}")
        return sent[-1]

    def unknown_methods(self) -> list[str]:
        """Names of called methods that the fake does not implement."""
        return [call.method for call in self.calls() if call.status == 404 and not call.ok]

    def clear(self) -> None:
        """Forget recorded calls (updates, chats, messages and failures are kept)."""
        with self._cond:
            self._calls.clear()
            self.internal_errors.clear()

    def reset(self) -> None:
        """Forget all a test did: calls, updates, chats, messages, files, members, failures.

        What a running bot set up for itself carries on (its command menu, webhook, allowed
        updates), and so do update and message numbers, so a bot polling this fake keeps going.
        """
        with self._cond:
            self.clear()
            self._started_at = time.monotonic()
            self._updates.clear()
            self._dropped_updates.clear()
            self._failures.clear()
            self._users = {self.bot_user["id"]: self._bot_as_user()}
            self._chats.clear()
            self._messages.clear()
            self._files.clear()
            self._members.clear()
            self._cannot_post.clear()
            self._open_queries.clear()
            self._query_chats.clear()

    def wait_for(
        self,
        what: str | Callable[[Call], bool],
        count: int = 1,
        timeout: float = 10.0,
        *,
        chat_id: ChatKey | None = None,
    ) -> list[Call]:
        """Block until ``count`` calls match (method name or predicate); returns all matches.

        Raises AssertionError with a summary of the recorded calls on timeout. From a thread
        running an event loop use ``await wait_for_async(...)`` so the bot can keep working.
        """
        predicate = self._predicate(what, chat_id)
        deadline = time.monotonic() + timeout
        with self._cond:
            matches = [call for call in self._calls if predicate(call)]
            if len(matches) >= count:
                return matches
            if _event_loop_running():
                raise RuntimeError(
                    "wait_for() would block the running event loop (and the bot with it); "
                    "use `await fake.wait_for_async(...)` instead"
                )
            while not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
                matches = [call for call in self._calls if predicate(call)]
                if len(matches) >= count:
                    return matches
        raise AssertionError(self._timeout_message(what, chat_id, count, matches, timeout))

    async def wait_for_async(
        self,
        what: str | Callable[[Call], bool],
        count: int = 1,
        timeout: float = 10.0,
        *,
        chat_id: ChatKey | None = None,
    ) -> list[Call]:
        """Async ``wait_for`` that yields to the event loop, woken by each recorded call."""
        predicate = self._predicate(what, chat_id)
        deadline = time.monotonic() + timeout
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._cond:
            self._async_waiters.add(waiter)
        try:
            while True:
                waiter[1].clear()  # before looking, so a call recorded meanwhile wakes us
                matches = [call for call in self.calls() if predicate(call)]
                if len(matches) >= count:
                    return matches
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    message = self._timeout_message(what, chat_id, count, matches, timeout)
                    raise AssertionError(message)
                with suppress(TimeoutError):
                    await asyncio.wait_for(waiter[1].wait(), remaining)
        finally:
            with self._cond:
                self._async_waiters.discard(waiter)

    def summary(self) -> str:
        """Human-readable account of recorded calls and queue state, for failure messages."""
        with self._cond:
            calls = list(self._calls)
            lines: list[str] = []
            polls = [call for call in calls if call.method == "getUpdates"]
            others = [call for call in calls if call.method != "getUpdates"]
            lines.append(
                f"Recorded {len(calls)} call(s) ({len(polls)} getUpdates not listed):"
                if calls
                else "No calls were recorded."
            )
            for call in others[-40:]:
                lines.append(f"  {self._describe(call)}")
            if len(others) > 40:
                lines.insert(1, f"  ... {len(others) - 40} earlier call(s) omitted")
            pending = [_update_type(update) for update in self._updates]
            lines.append(f"Undelivered updates: {len(pending)} {pending if pending else ''}")
            if self._dropped_updates:
                dropped = [_update_type(update) for update in self._dropped_updates]
                lines.append(f"Dropped (not in allowed_updates {self._allowed_updates}): {dropped}")
            if self.internal_errors:
                lines.append(f"Fake server internal errors: {self.internal_errors}")
            return "\n".join(lines)

    # ----------------------------------------------------------------- update builders

    def enqueue_update(self, update: JsonDict) -> JsonDict:
        """Queue a raw update (``update_id`` assigned if missing) and wake getUpdates."""
        with self._cond:
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
            self._cond.notify_all()
            return update

    def enqueue_message(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        username: str | None = DEFAULT_USERNAME,
        first_name: str = "Test",
        chat_title: str | None = None,
        message_thread_id: int | None = None,
        is_topic_message: bool = False,
        reply_to_message_id: int | None = None,
        entities: list[JsonDict] | None = None,
    ) -> JsonDict:
        """Queue a text message update; bot_command/mention/url entities are computed like Telegram.

        ``chat_id`` defaults to the user (private) or DEFAULT_GROUP_ID/DEFAULT_SUPERGROUP_ID;
        ``chat_type="channel"`` produces a channel post instead.
        """
        if chat_type == "channel":
            return self.enqueue_channel_post(
                text, chat_id=chat_id or DEFAULT_CHANNEL_ID, title=chat_title, entities=entities
            )
        with self._cond:
            user = self._user(user_id, username, first_name)
            chat = self._incoming_chat(chat_type, chat_id, user, chat_title, is_topic_message)
            message = self._incoming_message(chat, user)
            message["text"] = text
            found = auto_entities(text) if entities is None else entities
            if found:
                message["entities"] = found
            self._thread_fields(message, message_thread_id, is_topic_message, user)
            if reply_to_message_id is not None:
                replied = self._messages.get((chat["id"], reply_to_message_id))
                message["reply_to_message"] = replied or {
                    "message_id": reply_to_message_id,
                    "date": _now(),
                    "chat": chat,
                    "from": self._bot_as_user(),
                    "text": "…",
                }
            self._store(message)
            return self.enqueue_update({"message": message})

    def enqueue_channel_post(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_CHANNEL_ID,
        title: str | None = None,
        username: str | None = None,
        author_signature: str | None = None,
        entities: list[JsonDict] | None = None,
    ) -> JsonDict:
        """Queue a ``channel_post`` update: no ``from``, ``sender_chat`` is the channel."""
        with self._cond:
            chat = self._chats.get(chat_id) or self.add_chat(
                chat_id, "channel", title=title or "Test Channel", username=username
            )
            message = self._incoming_message(chat, None)
            message["sender_chat"] = chat
            message["text"] = text
            found = auto_entities(text) if entities is None else entities
            if found:
                message["entities"] = found
            if author_signature:
                message["author_signature"] = author_signature
            self._store(message)
            return self.enqueue_update({"channel_post": message})

    def enqueue_callback_query(
        self,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        username: str | None = DEFAULT_USERNAME,
        chat_type: str = "private",
        message_text: str = "Choose:",
        inline_message_id: str | None = None,
    ) -> JsonDict:
        """Queue a callback query on a bot message (default: the bot's last message in the chat).

        If that message is unknown, a bot message with ``message_text`` is created for it.
        """
        with self._cond:
            user = self._user(user_id, username, "Test")
            query: JsonDict = {
                "id": str(next(self._ids) + 7_000_000_000),
                "from": user,
                "chat_instance": str(abs(chat_id or user_id) * 7 + 13),
                "data": data,
            }
            if inline_message_id is not None:
                query["inline_message_id"] = inline_message_id
            else:
                chat = self._incoming_chat(chat_type, chat_id, user, None, False)
                message = self._find_bot_message(chat["id"], message_id)
                if message is None:
                    message = self._incoming_message(chat, self._bot_as_user(), message_id)
                    message["text"] = message_text
                    self._store(message)
                query["message"] = copy.deepcopy(message)
                self._query_chats[query["id"]] = chat["id"]
            self._open_queries.add(query["id"])
            return self.enqueue_update({"callback_query": query})

    def enqueue_inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        username: str | None = DEFAULT_USERNAME,
        offset: str = "",
        chat_type: str = "private",
    ) -> JsonDict:
        """Queue an ``inline_query`` update from ``user_id``."""
        with self._cond:
            inline: JsonDict = {
                "id": str(next(self._ids) + 8_000_000_000),
                "from": self._user(user_id, username, "Test"),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            self._open_queries.add(inline["id"])
            return self.enqueue_update({"inline_query": inline})

    def enqueue_document(
        self,
        file_bytes: bytes,
        file_name: str,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        username: str | None = DEFAULT_USERNAME,
        mime_type: str = "application/octet-stream",
    ) -> JsonDict:
        """Queue a message with a document; the bytes are served via getFile + download URL."""
        with self._cond:
            user = self._user(user_id, username, "Test")
            chat = self._incoming_chat(chat_type, chat_id, user, None, False)
            stored = self._store_file(file_bytes, "documents", file_name, mime_type)
            message = self._incoming_message(chat, user)
            message["document"] = self._document_dict(stored)
            if caption is not None:
                message["caption"] = caption
                found = auto_entities(caption)
                if found:
                    message["caption_entities"] = found
            self._store(message)
            return self.enqueue_update({"message": message})

    def enqueue_edit(self, chat_id: int, message_id: int, text: str) -> JsonDict:
        """Queue the author's edit of an earlier message or channel post to ``text``.

        A message with a document has its caption edited instead.
        """
        with self._cond:
            original = self._messages.get((chat_id, message_id))
            if original is None:
                raise ValueError(f"no message {message_id} in chat {chat_id} to edit")
            edited = copy.deepcopy(original)
            field = "caption" if "document" in edited else "text"
            edited[field] = text
            edited["edit_date"] = _now()
            edited.pop(f"{field}_entities" if field == "caption" else "entities", None)
            found = auto_entities(text)
            if found:
                edited["caption_entities" if field == "caption" else "entities"] = found
            self._store(edited)
            channel = edited["chat"]["type"] == "channel"
            return self.enqueue_update(
                {"edited_channel_post" if channel else "edited_message": edited}
            )

    def enqueue_automatic_forward(
        self, channel_post: JsonDict, *, chat_id: int = DEFAULT_SUPERGROUP_ID
    ) -> JsonDict:
        """Queue the copy Telegram posts of a channel post in the channel's discussion group."""
        with self._cond:
            post = channel_post["channel_post"]
            group = self._incoming_chat("supergroup", chat_id, {}, None, False)
            message = self._incoming_message(group, copy.deepcopy(_TELEGRAM_SERVICE_USER))
            message.update(
                sender_chat=copy.deepcopy(post["chat"]),
                is_automatic_forward=True,
                forward_origin={
                    "type": "channel",
                    "chat": copy.deepcopy(post["chat"]),
                    "message_id": post["message_id"],
                    "date": post["date"],
                },
                text=post["text"],
            )
            if "entities" in post:
                message["entities"] = copy.deepcopy(post["entities"])
            self._store(message)
            return self.enqueue_update({"message": message})

    def pending_updates(self) -> list[JsonDict]:
        """Updates not yet confirmed by the bot (via a getUpdates offset)."""
        with self._cond:
            return copy.deepcopy(self._updates)

    # ----------------------------------------------------------------- request handling

    def _handle_api(
        self, token: str, method: str, params: JsonDict, files: dict[str, UploadedFile]
    ) -> tuple[int, JsonDict]:
        arrived = time.monotonic()
        name, handler = self._handlers.get(method.lower(), (method, None))
        with self._cond:
            try:
                if self._check_token and token != self.token:
                    raise _ApiError(401, "Unauthorized")
                failure = self._take_failure(name, params)
                if failure is not None:
                    raise failure
                if handler is None:
                    raise _ApiError(404, "Not Found: method not found")
                status, body = 200, {"ok": True, "result": handler(params, files)}
            except _ApiError as exc:
                status, body = exc.error_code, exc.body()
            except Exception as exc:  # a bug in the fake must not look like a Telegram answer
                self.internal_errors.append(f"{name}: {exc!r}")
                status = 500
                body = {"ok": False, "error_code": 500, "description": f"Fake server bug: {exc!r}"}
            self._calls.append(Call(name, params, files, arrived, status, body))
            self._cond.notify_all()
            for loop, event in self._async_waiters:
                with suppress(RuntimeError):  # that loop has closed; its waiter is gone
                    loop.call_soon_threadsafe(event.set)
            return status, body

    def _take_failure(self, method: str, params: JsonDict) -> _ApiError | None:
        query_chat = self._query_chats.get(str(params.get("callback_query_id")))
        if query_chat is not None and "chat_id" not in params:
            params = {**params, "chat_id": query_chat}
        for failure in self._failures:
            if failure.matches(method, params):
                if failure.remaining is not None:
                    failure.remaining -= 1
                    if failure.remaining <= 0:
                        self._failures.remove(failure)
                return _ApiError(
                    failure.error_code, failure.description, dict(failure.parameters) or None
                )
        return None

    def _download(self, rest: str) -> bytes | None:
        token, _, file_path = rest.partition("/")
        if self._check_token and token != self.token:
            return None
        with self._cond:
            for stored in self._files.values():
                if stored.file_path == file_path:
                    return stored.content
        return None

    # ----------------------------------------------------------------- Bot API methods

    def _true(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        return True

    def _get_me(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return dict(self.bot_user)

    def _get_updates(self, params: JsonDict, files: dict[str, UploadedFile]) -> list[JsonDict]:
        if self._webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), self.max_poll_timeout)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if offset < 0:
            # A negative offset keeps only the last -offset updates.
            del self._updates[: max(len(self._updates) + offset, 0)]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # Like Telegram, a newer getUpdates terminates an older one still waiting.
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            ready = self._deliverable(limit)
            if ready or self._stopping:
                return ready
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _deliverable(self, limit: int) -> list[JsonDict]:
        allowed = set(self._allowed_updates)
        kept: list[JsonDict] = []
        for update in self._updates:
            kind = _update_type(update)
            if (kind in allowed) if allowed else (kind not in _NOT_DELIVERED_BY_DEFAULT):
                kept.append(update)
            else:
                self._dropped_updates.append(update)
        self._updates = kept
        return copy.deepcopy(kept[:limit])

    @staticmethod
    def _command_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_dict = scope if isinstance(scope, dict) and scope else {"type": "default"}
        return json.dumps(scope_dict, sort_keys=True), str(language_code or "")

    def _set_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be a JSON array of at most 100")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not _COMMAND_NAME_RE.fullmatch(str(name)):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(description)) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._command_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = copy.deepcopy(commands)
        return True

    def _get_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> list[JsonDict]:
        key = self._command_key(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commands.get(key, []))

    def _delete_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        key = self._command_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    def _set_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise _ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        secret = params.get("secret_token")
        if secret is not None and not _WEBHOOK_SECRET_RE.fullmatch(str(secret)):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        self._webhook_url = url
        self._webhook_secret = None if secret is None else str(secret)
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _delete_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        self._webhook_url = ""
        self._webhook_secret = None
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _send_message(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self._require_chat(params)
        text, entities = self._formatted(params, "text", MAX_MESSAGE_LENGTH)
        message = self._bot_message(chat, params)
        message["text"] = text
        if entities:
            message["entities"] = entities
        self._store(message)
        return copy.deepcopy(message)

    def _edit_message_text(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        text, entities = self._formatted(params, "text", MAX_MESSAGE_LENGTH)
        markup = self._reply_markup(params)
        if params.get("inline_message_id"):
            return True
        message = self._message_to_edit(params)
        if "text" not in message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        unchanged = (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        )
        if unchanged:
            raise _ApiError(400, _NOT_MODIFIED)
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        self._set_markup(message, markup)
        message["edit_date"] = _now()
        return copy.deepcopy(message)

    def _edit_message_reply_markup(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        markup = self._reply_markup(params)
        if params.get("inline_message_id"):
            return True
        message = self._message_to_edit(params)
        if message.get("reply_markup") == markup:
            raise _ApiError(400, _NOT_MODIFIED)
        self._set_markup(message, markup)
        message["edit_date"] = _now()
        return copy.deepcopy(message)

    def _delete_message(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        chat = self._require_chat(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        if self._messages.pop(key, None) is None:
            raise _ApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise _ApiError(400, QUERY_EXPIRED)
        if len(str(params.get("text") or "")) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def _answer_inline_query(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._open_queries:
            raise _ApiError(400, QUERY_EXPIRED)
        results = params.get("results")
        if not isinstance(results, list):
            raise _ApiError(400, "Bad Request: results must be a JSON array")
        if len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(result.get("id", "")) for result in results if isinstance(result, dict)]
        if len(ids) != len(results) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        self._open_queries.discard(query_id)
        return True

    def _send_photo(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return self._send_media(params, files, "photo")

    def _send_document(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return self._send_media(params, files, "document")

    def _send_media(self, params: JsonDict, files: dict[str, UploadedFile], kind: str) -> JsonDict:
        chat = self._require_chat(params)
        stored = self._media_file(params, files, kind)
        caption, entities = self._formatted(params, "caption", MAX_CAPTION_LENGTH)
        message = self._bot_message(chat, params)
        if kind == "photo":
            message["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(stored.content),
                    "width": 320,
                    "height": 320,
                }
            ]
        else:
            message["document"] = self._document_dict(stored)
        if caption:
            message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
        self._store(message)
        return copy.deepcopy(message)

    def _media_file(
        self, params: JsonDict, files: dict[str, UploadedFile], kind: str
    ) -> _StoredFile:
        value = params.get(kind)
        upload = files.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.content:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            folder = "photos" if kind == "photo" else "documents"
            return self._store_file(upload.content, folder, upload.filename, upload.content_type)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and re.match(r"https?://", value):
            # No network here: remember the URL as the file's content.
            return self._store_file(value.encode(), f"{kind}s", value.rsplit("/", 1)[-1], None)
        if value:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise _ApiError(400, f"Bad Request: there is no {kind} in the request")

    def _send_chat_action(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        self._require_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _get_chat_member(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self._require_chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise _ApiError(400, "Bad Request: invalid user_id specified")
        return self._member(chat["id"], user_id)

    def _get_chat_administrators(
        self, params: JsonDict, files: dict[str, UploadedFile]
    ) -> list[JsonDict]:
        chat = self._require_chat(params)
        if chat["type"] == "private":
            raise _ApiError(400, "Bad Request: there are no administrators in the private chat")
        return [
            self._member(chat_id, user_id)
            for (chat_id, user_id), status in self._members.items()
            if chat_id == chat["id"] and status in ("creator", "administrator")
        ]

    def _get_chat(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = copy.deepcopy(self._require_chat(params))
        chat.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return chat

    def _get_file(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        if len(stored.content) > _MAX_DOWNLOAD_SIZE:
            raise _ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    # ----------------------------------------------------------------- helpers (lock held)

    def _bot_as_user(self) -> JsonDict:
        return {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    def _user(self, user_id: int, username: str | None, first_name: str) -> JsonDict:
        user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        user["language_code"] = "en"
        self._users[user_id] = user
        return dict(user)

    def _incoming_chat(
        self,
        chat_type: str,
        chat_id: int | None,
        user: JsonDict,
        title: str | None,
        is_forum: bool,
    ) -> JsonDict:
        if chat_type == "private":
            chat_id = user["id"] if chat_id is None else chat_id
            chat: JsonDict = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
            self._chats[chat_id] = chat
            return dict(chat)
        if chat_type not in ("group", "supergroup", "channel"):
            raise ValueError(f"unknown chat_type {chat_type!r}")
        if chat_id is None:
            chat_id = {"group": DEFAULT_GROUP_ID, "supergroup": DEFAULT_SUPERGROUP_ID}.get(
                chat_type, DEFAULT_CHANNEL_ID
            )
        known = self._chats.get(chat_id)
        if known is None or known["type"] != chat_type or (is_forum and not known.get("is_forum")):
            known = self.add_chat(chat_id, chat_type, title=title, is_forum=is_forum)
        return dict(known)

    def _incoming_message(
        self, chat: JsonDict, sender: JsonDict | None, message_id: int | None = None
    ) -> JsonDict:
        message: JsonDict = {
            "message_id": message_id if message_id is not None else next(self._ids),
            "date": _now(),
            "chat": chat,
        }
        if sender is not None:
            message["from"] = sender
        return message

    def _thread_fields(
        self,
        message: JsonDict,
        thread_id: int | None,
        is_topic_message: bool,
        user: JsonDict,
    ) -> None:
        if thread_id is None:
            return
        message["message_thread_id"] = thread_id
        if is_topic_message:
            message["is_topic_message"] = True
            # In forum topics Telegram sets reply_to_message to the topic's creation message.
            message["reply_to_message"] = {
                "message_id": thread_id,
                "date": _now(),
                "chat": message["chat"],
                "from": user,
                "message_thread_id": thread_id,
                "forum_topic_created": {"name": f"Topic {thread_id}", "icon_color": 7322096},
                "is_topic_message": True,
            }

    def _store(self, message: JsonDict) -> None:
        self._messages[(message["chat"]["id"], message["message_id"])] = message

    def _find_bot_message(self, chat_id: int, message_id: int | None) -> JsonDict | None:
        if message_id is not None:
            return self._messages.get((chat_id, message_id))
        mine = [
            message
            for (cid, _), message in self._messages.items()
            if cid == chat_id and message.get("from", {}).get("id") == self.bot_user["id"]
        ]
        return mine[-1] if mine else None

    def _require_chat(self, params: JsonDict) -> JsonDict:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        key = _chat_key(raw)
        if isinstance(key, str):
            username = key.removeprefix("@")
            for chat in self._chats.values():
                if chat.get("username") == username:
                    return chat
            chat_id = -1_000_000_000_000 - (sum(map(ord, username)) * 7919) % 1_000_000_000
            return self._chats.setdefault(
                chat_id, {"id": chat_id, "type": "channel", "title": username, "username": username}
            )
        if key not in self._chats:
            if key > 0:
                self._chats[key] = {"id": key, "type": "private", "first_name": f"User {key}"}
            elif str(key).startswith("-100"):
                self._chats[key] = {"id": key, "type": "supergroup", "title": "Test Supergroup"}
            else:
                self._chats[key] = {"id": key, "type": "group", "title": "Test Group"}
        return self._chats[key]

    def _formatted(self, params: JsonDict, name: str, limit: int) -> tuple[str, list[JsonDict]]:
        raw = params.get(name)
        is_caption = name == "caption"
        if raw is None or raw == "":
            if is_caption:
                return "", []
            raise _ApiError(400, "Bad Request: message text is empty")
        raw = str(raw)
        mode = str(params.get("parse_mode") or "").lower()
        if mode == "html":
            parsed = parse_telegram_html(raw)
            if parsed.problems:
                raise _ApiError(400, f"Bad Request: can't parse entities: {parsed.problems[0]}")
            text, entities = parsed.text, parsed.entities
        else:
            # Markdown modes are passed through unvalidated; explicit entities are echoed.
            explicit = params.get("caption_entities" if is_caption else "entities")
            text, entities = raw, explicit if isinstance(explicit, list) else []
        if not text.strip() and not is_caption:
            raise _ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > limit:
            what = "message caption" if is_caption else "message"
            raise _ApiError(400, f"Bad Request: {what} is too long")
        return text, entities

    def _reply_markup(self, params: JsonDict) -> JsonDict | None:
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise _ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                actions = [key for key in button if key != "text"]
                if len(actions) != 1:
                    raise _ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    @staticmethod
    def _set_markup(message: JsonDict, markup: JsonDict | None) -> None:
        # Messages only ever carry inline keyboards; editing without one removes it.
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    def _bot_message(self, chat: JsonDict, params: JsonDict) -> JsonDict:
        sender = None if chat["type"] == "channel" else self._bot_as_user()
        message = self._incoming_message(copy.deepcopy(chat), sender)
        if chat["type"] == "channel":
            message["sender_chat"] = copy.deepcopy(chat)
        thread_id = params.get("message_thread_id")
        if isinstance(thread_id, int):
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        reply = params.get("reply_parameters")
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        reply_id = reply_id if reply_id is not None else params.get("reply_to_message_id")
        if isinstance(reply_id, int):
            target = self._messages.get((chat["id"], reply_id))
            allow_missing = (
                isinstance(reply, dict) and reply.get("allow_sending_without_reply")
            ) or (params.get("allow_sending_without_reply") is True)
            if target is not None:
                message["reply_to_message"] = {
                    key: value for key, value in target.items() if key != "reply_to_message"
                }
            elif not allow_missing:
                raise _ApiError(400, "Bad Request: message to be replied not found")
        self._set_markup(message, self._reply_markup(params))
        return message

    def _message_to_edit(self, params: JsonDict) -> JsonDict:
        chat = self._require_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        own = message.get("from", {}).get("id") == self.bot_user["id"]
        if not own and not (chat["type"] == "channel" and "sender_chat" in message):
            raise _ApiError(400, "Bad Request: message can't be edited")
        return message

    def _store_file(
        self, content: bytes, folder: str, file_name: str | None, mime_type: str | None
    ) -> _StoredFile:
        number = next(self._ids)
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[-1]
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        return stored

    @staticmethod
    def _document_dict(stored: _StoredFile) -> JsonDict:
        document: JsonDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def _member(self, chat_id: int, user_id: int) -> JsonDict:
        status = self._members.get((chat_id, user_id), "member")
        user = self._users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User {user_id}",
        }
        member: JsonDict = {"status": status, "user": copy.deepcopy(user)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(
                    (
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_change_info",
                        "can_invite_users",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                        "can_pin_messages",
                        "can_manage_topics",
                    ),
                    True,
                )
            )
            member.update(can_be_edited=False, is_anonymous=False, can_promote_members=False)
            if self._chats.get(chat_id, {}).get("type") == "channel":
                # Telegram sends these two rights for channel administrators only.
                can_post = (chat_id, user_id) not in self._cannot_post
                member.update(can_post_messages=can_post, can_edit_messages=can_post)
        elif status == "restricted":
            member.update(
                dict.fromkeys(
                    (
                        "can_change_info",
                        "can_invite_users",
                        "can_pin_messages",
                        "can_send_messages",
                        "can_send_polls",
                        "can_send_other_messages",
                        "can_add_web_page_previews",
                        "can_manage_topics",
                        "can_send_audios",
                        "can_send_documents",
                        "can_send_photos",
                        "can_send_videos",
                        "can_send_video_notes",
                        "can_send_voice_notes",
                        "can_edit_tag",
                        "can_react_to_messages",
                    ),
                    False,
                )
            )
            member.update(is_member=True, until_date=0)
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # ----------------------------------------------------------------- reporting helpers

    def _predicate(
        self, what: str | Callable[[Call], bool], chat_id: ChatKey | None
    ) -> Callable[[Call], bool]:
        key = None if chat_id is None else _chat_key(chat_id)

        def predicate(call: Call) -> bool:
            if isinstance(what, str):
                if call.method.lower() != what.lower():
                    return False
            elif not what(call):
                return False
            return key is None or call.chat_id == key

        return predicate

    def _timeout_message(
        self,
        what: str | Callable[[Call], bool],
        chat_id: ChatKey | None,
        count: int,
        matches: list[Call],
        timeout: float,
    ) -> str:
        label = what if isinstance(what, str) else getattr(what, "__name__", repr(what))
        where = "" if chat_id is None else f" for chat {chat_id}"
        return (
            f"Timed out after {timeout:g}s waiting for {count} call(s) matching {label!r}{where}; "
            f"saw {len(matches)}.\n{self.summary()}"
        )

    def _describe(self, call: Call) -> str:
        shown = {
            key: (value if len(repr(value)) <= 80 else repr(value)[:77] + "...")
            for key, value in call.params.items()
        }
        if call.files:
            shown["files"] = {name: upload.filename for name, upload in call.files.items()}
        outcome = "ok" if call.ok else f"{call.status} {call.description}"
        return f"+{call.time - self._started_at:7.3f}s {call.method}({shown}) -> {outcome}"

    def _as_sent(self, call: Call) -> SentMessage | None:
        if call.method not in _MESSAGE_METHODS or not isinstance(call.result, dict):
            return None
        result: JsonDict = call.result
        is_text = call.method in ("sendMessage", "editMessageText")
        name = "text" if is_text else "caption"
        upload = None
        if not is_text:
            kind = "photo" if call.method == "sendPhoto" else "document"
            value = call.params.get(kind)
            attach = value.removeprefix("attach://") if isinstance(value, str) else kind
            upload = call.files.get(attach) or call.files.get(kind)
        markup = call.params.get("reply_markup")
        thread_id = result.get("message_thread_id")
        return SentMessage(
            method=call.method,
            chat_id=result["chat"]["id"],
            message_id=result.get("message_id"),
            text=str(call.params.get(name) or ""),
            visible_text=str(result.get(name) or ""),
            parse_mode=call.params.get("parse_mode"),
            reply_markup=markup if isinstance(markup, dict) else None,
            message_thread_id=thread_id if isinstance(thread_id, int) else None,
            file=upload,
            call=call,
        )


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


AppT = TypeVar("AppT", bound="Application[Any, Any, Any, Any, Any, Any]")


@asynccontextmanager
async def running_app(
    app: AppT,
    *,
    poll_timeout: float = 1.0,
    allowed_updates: Sequence[str] | None = None,
) -> AsyncIterator[AppT]:
    """Initialize, start and poll ``app`` for the block; always stops and shuts it down."""
    await app.initialize()
    try:
        await app.start()
        if app.updater is None:
            raise RuntimeError("the application was built without an updater")
        await app.updater.start_polling(
            poll_interval=0.0,
            timeout=dt.timedelta(seconds=poll_timeout),
            allowed_updates=allowed_updates,
        )
        yield app
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


@pytest.fixture(name="fake_bot_api")
def fake_bot_api_fixture() -> Iterator[FakeBotApi]:
    """Pytest fixture ``fake_bot_api``: a started FakeBotApi, stopped after the test."""
    with FakeBotApi() as api:
        yield api
