"""Settings from the environment and an optional .env file; built on demand, never at import."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Annotated
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.resources import ARTICLES, SOURCES

TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts
DEFAULT_API_URL = "https://api.telegram.org"
# Finite, sensible ranges for the timing settings, in seconds.
DIGEST_DELAY_RANGE = (0.05, 86_400.0)
STORE_POLL_RANGE = (0.05, 3_600.0)
# The bundled corpus ships with the package, so `briefbot start` finds it from any directory.
BUNDLED_ARTICLES = ARTICLES
BUNDLED_SOURCES = SOURCES


class Settings(BaseSettings):
    """Everything Briefbot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field(default=DEFAULT_API_URL, alias="TELEGRAM_API_URL")
    db_path: Path = Field(default=Path("var/briefbot.json"), alias="BRIEFBOT_DB")
    articles_dir: Path = Field(default=BUNDLED_ARTICLES, alias="BRIEFBOT_ARTICLES")
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list, alias="BRIEFBOT_ADMINS")
    timezone: str = Field(default="Asia/Ho_Chi_Minh", alias="BRIEFBOT_TZ")
    log_level: str = Field(default="INFO", alias="BRIEFBOT_LOG_LEVEL")
    webhook_url: str | None = Field(default=None, alias="BRIEFBOT_WEBHOOK_URL")
    webhook_listen: str = Field(default="0.0.0.0", alias="BRIEFBOT_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65_535, alias="BRIEFBOT_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(
        default=None, alias="BRIEFBOT_WEBHOOK_SECRET", validate_default=True
    )
    digest_cron: str = Field(default="0 8 * * *", alias="BRIEFBOT_DIGEST_CRON")
    digest_delay: float = Field(default=60.0, alias="BRIEFBOT_DIGEST_DELAY")
    store_poll_seconds: float = Field(default=5.0, alias="BRIEFBOT_STORE_POLL")
    # Watching news sources (bot/watch): on/off, the list, each source's poll interval, the
    # pause between two requests to one host, the first retry after a failure, the time-out.
    watch_enabled: bool = Field(default=True, alias="BRIEFBOT_WATCH")
    sources_path: Path = Field(default=BUNDLED_SOURCES, alias="BRIEFBOT_SOURCES")
    watch_interval: float = Field(
        default=1800.0,
        ge=60.0,
        le=7 * 86400.0,
        allow_inf_nan=False,
        alias="BRIEFBOT_WATCH_INTERVAL",
    )
    watch_politeness: float = Field(
        default=5.0, ge=0.0, le=600.0, allow_inf_nan=False, alias="BRIEFBOT_WATCH_POLITENESS"
    )
    watch_backoff: float = Field(
        default=300.0, ge=1.0, le=86400.0, allow_inf_nan=False, alias="BRIEFBOT_WATCH_BACKOFF"
    )
    watch_timeout: float = Field(
        default=20.0, ge=0.1, le=300.0, allow_inf_nan=False, alias="BRIEFBOT_WATCH_TIMEOUT"
    )
    sources_allow_private: bool = Field(default=False, alias="BRIEFBOT_SOURCES_ALLOW_PRIVATE")

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _strip_token(cls, value: object) -> object:
        """A pasted token's stray spaces or newline are not part of it; a blank one is unset."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        """`BRIEFBOT_WEBHOOK_SECRET=` in a .env file sets nothing."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _usable_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        """Webhook mode needs a secret Telegram accepts; the value itself is never echoed."""
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError(
                    "required with BRIEFBOT_WEBHOOK_URL (1-256 letters, digits, _ or -; "
                    "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
                )
            return None
        if not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters, only letters, digits, _ and -")
        return value

    @field_validator("digest_delay")
    @classmethod
    def _sensible_delay(cls, value: float) -> float:
        """Seconds between new entries and their digest: NaN or infinity would mean never."""
        return _in_range(value, *DIGEST_DELAY_RANGE)

    @field_validator("store_poll_seconds")
    @classmethod
    def _sensible_poll(cls, value: float) -> float:
        """Seconds between store checks: zero would spin, infinity would never look."""
        return _in_range(value, *STORE_POLL_RANGE)

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        """An http(s) URL with a host; a password inside it is never echoed."""
        try:
            parts = urlsplit(value.strip())
            parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
        except ValueError as exc:
            raise ValueError(f"not a URL: {redact_url(value)!r}") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"expected http(s)://host[:port], got {redact_url(value)!r}")
        return value.strip()

    @field_validator("webhook_url")
    @classmethod
    def _webhook_https(cls, value: str | None) -> str | None:
        """Telegram posts webhooks to HTTPS URLs only; blank is unset."""
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"expected https://host/path, got {redact_url(value)!r}")
        return value.strip()

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        """Accept "1, 2 3" as well as a JSON list."""
        if isinstance(value, str):
            parts = [part for part in re.split(r"[,\s]+", value.strip()) if part]
            if not all(re.fullmatch(r"-?\d{1,20}", part) for part in parts):
                raise ValueError("expected numeric Telegram user ids, separated by commas")
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        """Only the standard logging level names."""
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return value.upper()

    @field_validator("digest_cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        """Five crontab fields, checked by the scheduler that will run them."""
        from apscheduler.triggers.cron import CronTrigger  # only a set value needs the scheduler

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a crontab expression: {value!r} ({exc})") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        """Fail early on a misspelt zone rather than at the first digest."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The configured zone as a tzinfo."""
        return ZoneInfo(self.timezone)

    @property
    def webhook_mode(self) -> bool:
        """Webhook when a public URL is configured, long polling otherwise."""
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path of BRIEFBOT_WEBHOOK_URL: where Telegram posts, so where the bot listens."""
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def api_url_shown(self) -> str:
        """TELEGRAM_API_URL as logs and errors may show it: without any user or password."""
        return redact_url(self.telegram_api_url)

    def secrets(self) -> list[str]:
        """Values the log must never show: token, webhook secret, the API URL's credentials."""
        found = [s.get_secret_value() for s in (self.telegram_bot_token, self.webhook_secret) if s]
        parts = urlsplit(self.telegram_api_url)
        found += [value for value in (parts.password, parts.username) if value]
        if "@" in parts.netloc:
            found.append(parts.netloc.rpartition("@")[0])
        # Longest first, so a user:password pair is redacted whole before its parts.
        return sorted(set(found), key=len, reverse=True)


def _in_range(value: float, low: float, high: float) -> float:
    """`value` when finite and within [low, high], else a ValueError naming the range."""
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"must be a number of seconds from {low:g} to {high:g}")
    return value


def redact_url(url: str) -> str:
    """The URL with any user:password replaced by "***" (as much as can be parsed)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2] if "@" in url else url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return SplitResult(
        parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment
    ).geturl()


def setting_problem(error: ValidationError) -> str:
    """The first bad setting, by the variable name users set, and why (never its value)."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "settings"
    field = Settings.model_fields.get(name)
    variable = field.alias if field is not None and field.alias else name
    return f"bad setting {variable}: {first['msg'].removeprefix('Value error, ')}"


def token_problem(token: SecretStr | None) -> str | None:
    """Why the token cannot be used, or None when it looks right (the value is never echoed)."""
    if token is None:
        return "TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)."
    if not TOKEN_PATTERN.match(token.get_secret_value()):
        return "TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<35 letters>' from @BotFather."
    return None
