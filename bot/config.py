"""Settings from the environment and an optional .env file; built on demand, never at import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
DEFAULT_API_URL = "https://api.telegram.org"


class Settings(BaseSettings):
    """Everything Briefbot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field(default=DEFAULT_API_URL, alias="TELEGRAM_API_URL")
    db_path: Path = Field(default=Path("var/briefbot.json"), alias="BRIEFBOT_DB")
    articles_dir: Path = Field(default=Path("data/articles"), alias="BRIEFBOT_ARTICLES")
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list, alias="BRIEFBOT_ADMINS")
    timezone: str = Field(default="Asia/Ho_Chi_Minh", alias="BRIEFBOT_TZ")
    log_level: str = Field(default="INFO", alias="BRIEFBOT_LOG_LEVEL")
    webhook_url: str | None = Field(default=None, alias="BRIEFBOT_WEBHOOK_URL")
    webhook_listen: str = Field(default="0.0.0.0", alias="BRIEFBOT_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, alias="BRIEFBOT_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(default=None, alias="BRIEFBOT_WEBHOOK_SECRET")
    digest_cron: str = Field(default="0 8 * * *", alias="BRIEFBOT_DIGEST_CRON")
    digest_delay: float = Field(default=60.0, alias="BRIEFBOT_DIGEST_DELAY")
    store_poll_seconds: float = Field(default=5.0, alias="BRIEFBOT_STORE_POLL")

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _strip_token(cls, value: object) -> object:
        """A pasted token's stray spaces or newline are not part of it; a blank one is unset."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        """Accept "1, 2 3" as well as a JSON list."""
        if isinstance(value, str):
            return [int(part) for part in re.split(r"[,\s]+", value.strip()) if part]
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

    def secrets(self) -> list[str]:
        """Values the log must never show."""
        token = self.telegram_bot_token
        return [token.get_secret_value()] if token else []


def token_problem(token: SecretStr | None) -> str | None:
    """Why the token cannot be used, or None when it looks right (the value is never echoed)."""
    if token is None:
        return "TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)."
    if not TOKEN_PATTERN.match(token.get_secret_value()):
        return "TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<35 letters>' from @BotFather."
    return None
