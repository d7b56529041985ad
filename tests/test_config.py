"""Every setting is checked to a finite, sensible range and a bad one is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_process import assert_one_clear_line, briefbot, clean_environment_for, closed_port
from pydantic import ValidationError
from telegram_fake import TOKEN

from bot.config import Settings, setting_problem

PASSWORD = "s3cr3t-pa55"


def problem_with(**values: str) -> str:
    """The one line a user sees for these environment values."""
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, **values)  # type: ignore[arg-type]
    return setting_problem(caught.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e12"])
@pytest.mark.parametrize("variable", ["BRIEFBOT_DIGEST_DELAY", "BRIEFBOT_STORE_POLL"])
def test_timing_settings_outside_a_finite_range_are_named(variable: str, value: str) -> None:
    line = problem_with(**{variable: value})
    assert line.startswith(f"bad setting {variable}: must be a number of seconds from")


@pytest.mark.parametrize("value", ["0", "-5", "65536", "http", "nan"])
def test_webhook_port_outside_the_tcp_range_is_named(value: str) -> None:
    assert problem_with(BRIEFBOT_WEBHOOK_PORT=value).startswith("bad setting BRIEFBOT_WEBHOOK_PORT")


@pytest.mark.parametrize("value", ["1, 2", "3 4", "-100123"])
def test_admin_ids_in_any_separator_are_read(value: str) -> None:
    settings = Settings(_env_file=None, BRIEFBOT_ADMINS=value)
    assert settings.admins and all(isinstance(a, int) for a in settings.admins)


def test_admin_names_instead_of_ids_are_one_clear_line() -> None:
    line = problem_with(BRIEFBOT_ADMINS="@alice, 12")
    assert (
        line
        == "bad setting BRIEFBOT_ADMINS: expected numeric Telegram user ids, separated by commas"
    )


@pytest.mark.parametrize(
    "url", ["ftp://api.example.org", "api.telegram.org", "http://", "http://host:port"]
)
def test_api_url_must_be_http_with_a_host(url: str) -> None:
    assert problem_with(TELEGRAM_API_URL=url).startswith("bad setting TELEGRAM_API_URL")


def test_a_password_in_a_bad_api_url_is_not_echoed() -> None:
    line = problem_with(TELEGRAM_API_URL=f"ftp://bot:{PASSWORD}@api.example.org")
    assert PASSWORD not in line and "***@api.example.org" in line


def test_webhook_url_must_be_https() -> None:
    line = problem_with(BRIEFBOT_WEBHOOK_URL="http://bot.example.org/hook")
    assert line.startswith("bad setting BRIEFBOT_WEBHOOK_URL: expected https://")


def test_credentials_in_the_api_url_are_secrets() -> None:
    settings = Settings(_env_file=None, TELEGRAM_API_URL=f"https://bot:{PASSWORD}@api.example.org")
    assert settings.api_url_shown == "https://***@api.example.org"
    assert any(PASSWORD in secret for secret in settings.secrets())


@pytest.mark.parametrize("variable", ["BRIEFBOT_STORE_POLL", "BRIEFBOT_DIGEST_DELAY"])
def test_briefbot_run_with_nan_timing_exits_2_with_one_line(variable: str, tmp_path: Path) -> None:
    env = {**clean_environment_for(tmp_path), "TELEGRAM_BOT_TOKEN": TOKEN, variable: "nan"}
    line = assert_one_clear_line(briefbot("run", env=env, cwd=tmp_path), secret=TOKEN)
    assert line.startswith(f"error: bad setting {variable}")


def test_unreachable_api_with_a_password_never_echoes_it(tmp_path: Path, store_path: Path) -> None:
    url = f"http://bot:{PASSWORD}@127.0.0.1:{closed_port()}"
    env = {
        **clean_environment_for(tmp_path),
        "BRIEFBOT_DB": str(store_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
    }
    result = briefbot("run", env=env, cwd=tmp_path)
    line = assert_one_clear_line(result, secret=PASSWORD)
    assert "Cannot reach the Bot API at http://***@127.0.0.1" in line
