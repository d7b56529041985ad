"""The `briefbot` command line, run as a user runs it, with its own environment and folder.

A real process where the process is under test (the installed script, signals, the bot's
start and stop); elsewhere `bot.cli.main` with the same arguments, environment and streams.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_process import (
    TIMEOUT,
    assert_one_clear_line,
    briefbot,
    briefbot_command,
    briefbot_main,
    clean_environment_for,
    closed_port,
    lines,
)
from conftest import SEED_ARTICLES, SEED_COUNT, assert_all_sent_valid
from telegram_fake import DEFAULT_USER_ID, TOKEN, FakeBotApi, assert_telegram_html

from bot.store import Store

HTML_SEPARATOR = "\n\n— — —\n\n"  # between messages in `ask --html` output
REJECTED_TOKEN = "987654321:ZZZdqTcvCH1vGWJxfSeofSAs0K5PALDqq9"
PASTED_TOKEN = f"  {TOKEN}\n"  # as pasted into .env with stray spaces and a newline
ENV_EXAMPLE = Path(__file__).resolve().parents[1] / "deploy" / ".env.example"
JSON_FIELDS = {
    "id",
    "title",
    "date",
    "date_precision",
    "date_phrase",
    "year_basis",
    "end_day",
    "place",
    "mechanism",
    "edition",
    "participants",
    "topics",
    "positions",
    "commitments",
    "summary",
    "sources",
    "seq",
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no token, the store in tmp_path, the seed folder as bundled."""
    return clean_environment_for(tmp_path)


@pytest.fixture
def seeded(store_path: Path, env: dict[str, str]) -> dict[str, str]:
    """The environment with BRIEFBOT_DB on a copy of the seed store."""
    return {**env, "BRIEFBOT_DB": str(store_path)}


# --- briefbot run ---------------------------------------------------------------------------------


def test_run_without_a_token_exits_2_with_one_line(env: dict[str, str], tmp_path: Path) -> None:
    result = briefbot_main("run", env=env, cwd=tmp_path)

    line = assert_one_clear_line(result)
    assert line == "error: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)."
    assert result.stdout == ""


@pytest.mark.parametrize("token", ["12345:short", "not-a-token", "123456789:" + "a" * 20 + " x"])
def test_run_with_a_malformed_token_exits_2_with_one_line(
    env: dict[str, str], tmp_path: Path, token: str
) -> None:
    result = briefbot_main("run", env={**env, "TELEGRAM_BOT_TOKEN": token}, cwd=tmp_path)

    line = assert_one_clear_line(result, secret=token if ":" in token else "")
    assert line.startswith("error: TELEGRAM_BOT_TOKEN is malformed")
    assert token not in result.stderr


def test_run_with_an_unreachable_api_exits_2_with_one_line(
    seeded: dict[str, str], tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = briefbot(
        "run",
        env={**seeded, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url},
        cwd=tmp_path,
    )

    line = assert_one_clear_line(result, secret=TOKEN)
    assert "Cannot reach the Bot API" in line and url in line


def test_run_with_a_token_telegram_rejects_exits_2_without_printing_it(
    seeded: dict[str, str], tmp_path: Path, fake: FakeBotApi
) -> None:
    result = briefbot(
        "run",
        env={**seeded, "TELEGRAM_BOT_TOKEN": REJECTED_TOKEN, "TELEGRAM_API_URL": fake.url},
        cwd=tmp_path,
    )

    assert [c.status for c in fake.calls("getMe")] == [401]
    line = assert_one_clear_line(result, secret=REJECTED_TOKEN)
    assert "refused the token" in line


@contextmanager
def bot_process(
    env: dict[str, str], tmp_path: Path, fake: FakeBotApi, **settings: str
) -> Iterator[subprocess.Popen[str]]:
    """`briefbot run` at DEBUG against the fake; killed if still running at the end."""
    process = subprocess.Popen(
        briefbot_command("run"),
        env={
            **env,
            "TELEGRAM_BOT_TOKEN": PASTED_TOKEN,
            "TELEGRAM_API_URL": fake.url,
            "BRIEFBOT_LOG_LEVEL": "DEBUG",
            **settings,
        },
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT)


@pytest.fixture
def running_bot(
    env: dict[str, str], tmp_path: Path, fake: FakeBotApi
) -> Iterator[subprocess.Popen[str]]:
    """`briefbot run` on an empty store."""
    with bot_process(env, tmp_path, fake) as process:
        yield process


def test_running_bot_loads_the_bundled_corpus_answers_and_never_logs_its_token(
    running_bot: subprocess.Popen[str], fake: FakeBotApi
) -> None:
    fake.wait_for("deleteWebhook", timeout=TIMEOUT)
    fake.enqueue_message("/latest")
    fake.wait_for("sendMessage", timeout=TIMEOUT)
    running_bot.send_signal(signal.SIGTERM)
    stdout, stderr = running_bot.communicate(timeout=TIMEOUT)

    assert running_bot.returncode == 0, stderr[-3000:]
    assert "Calling Bot API endpoint `sendMessage`" in stderr, "DEBUG logging was on"
    assert "<redacted>" in stderr
    for secret in (TOKEN, TOKEN.split(":")[1]):
        assert secret not in stderr and secret not in stdout
    assert "Traceback" not in stderr
    assert f"Loaded {SEED_COUNT} bundled article(s)" in stderr
    assert fake.my_commands(), "setMyCommands was published"
    assert fake.last_message().visible_text.startswith("Latest dialogue\n\nHanoi, Seoul")
    assert_all_sent_valid(fake)


def test_bundled_corpus_loaded_at_start_is_not_sent_as_a_digest(
    env: dict[str, str], tmp_path: Path, fake: FakeBotApi
) -> None:
    """A chat that subscribed while the store was empty gets news, not the five seed articles."""
    store_file = Path(env["BRIEFBOT_DB"])
    Store(store_file).subscribe(chat_id=DEFAULT_USER_ID)
    quick = {"BRIEFBOT_DIGEST_DELAY": "0.2", "BRIEFBOT_STORE_POLL": "0.1"}

    with bot_process(env, tmp_path, fake, **quick) as process:
        fake.wait_for("deleteWebhook", timeout=TIMEOUT)
        time.sleep(1.5)  # many polls and debounce delays: long enough for a digest to go out
        fake.enqueue_message("/subscriptions")
        fake.wait_for("sendMessage", timeout=TIMEOUT)
        process.send_signal(signal.SIGTERM)
        _stdout, stderr = process.communicate(timeout=TIMEOUT)

    assert f"Loaded {SEED_COUNT} bundled article(s)" in stderr
    [reply] = [m.visible_text for m in fake.sent_messages(DEFAULT_USER_ID)]
    assert "digest" not in reply.split("\n")[0].lower(), reply
    subscription = Store(store_file).subscription(chat_id=DEFAULT_USER_ID)
    assert subscription is not None and subscription.last_seq == SEED_COUNT


# --- briefbot ask ---------------------------------------------------------------------------------


def test_ask_latest_prints_the_briefing(seeded: dict[str, str], tmp_path: Path) -> None:
    result = briefbot("ask", "/latest", env=seeded, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Latest dialogue\n\nHanoi, Seoul Strengthen Defence")
    assert "10–13 August 2025 (year from the date line), Seoul · State visit" in out
    assert "Lee Jae-myung" in out and "joint statement" in out
    assert "\nMT Team, 13 Aug 2025:\n• " in out
    assert "<b>" not in out and "&amp;" not in out and "&#39;" not in out
    assert result.stderr == ""


def test_ask_html_prints_valid_telegram_messages(seeded: dict[str, str], tmp_path: Path) -> None:
    # Five dialogues in full are too long for one Telegram message.
    result = briefbot_main("ask", "/latest 5 full", "--html", env=seeded, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    messages = result.stdout.rstrip("\n").split(HTML_SEPARATOR)
    assert len(messages) >= 2
    for message in messages:
        assert_telegram_html(message)
    assert messages[0].startswith("<b>Latest 5 dialogues</b>, newest first")
    assert any("<i>VNA, 28 March 2023:</i>" in m for m in messages)
    assert any("<i>VNS, date unknown:</i>" in m for m in messages)
    assert "• VNS, date unknown · <code>3d97d77116fa5194</code>" in messages[-1]


def test_ask_without_the_slash(seeded: dict[str, str], tmp_path: Path) -> None:
    result = briefbot_main("ask", "topic maritime", env=seeded, cwd=tmp_path)

    assert result.returncode == 0
    assert result.stdout.startswith("Topic: Maritime security\n5 dialogues, newest first")


def test_ask_reads_a_plain_question_as_the_bot_does(seeded: dict[str, str], tmp_path: Path) -> None:
    question = "What did Vietnam say about the East Sea?"
    result = briefbot_main("ask", question, env=seeded, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("East Sea stance"), result.stdout[:200]

    unsure = briefbot_main("ask", "zzqx blorp", env=seeded, cwd=tmp_path)
    assert "No briefing matches “zzqx blorp”" in unsure.stdout
    assert "/help lists every command." in unsure.stdout


def test_ask_on_a_corrupt_store_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    Path(env["BRIEFBOT_DB"]).write_text("{broken", encoding="utf-8")

    result = briefbot_main("ask", "/latest", env=env, cwd=tmp_path)

    line = assert_one_clear_line(result)
    assert line.startswith("error: store ") and "is not valid JSON" in line


# --- briefbot ingest ------------------------------------------------------------------------------


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """The seed articles plus the README, an empty and a binary file, in one folder."""
    folder = tmp_path / "articles"
    shutil.copytree(SEED_ARTICLES, folder)
    shutil.copyfile(SEED_ARTICLES.parents[1] / "README.md", folder / "README.md")
    (folder / "empty.txt").write_text("")
    (folder / "zz_broken.txt").write_bytes(b"\x00\x01\x02\x03 binary \xff\xfe")
    return folder


def test_ingest_reports_each_bad_file_on_one_line_and_keeps_the_rest(
    env: dict[str, str], tmp_path: Path, articles: Path
) -> None:
    result = briefbot_main("ingest", str(articles), "missing.txt", env=env, cwd=tmp_path)

    assert result.returncode == 1
    errors = [line for line in lines(result.stderr) if line.startswith("error:")]
    # The README documents meetings at length; it is refused for one reason or the other.
    assert errors[0].startswith("error: README.md: not a Vietnam–RoK dialogue article (it ")
    assert errors[1:] == [
        "error: empty.txt: file is empty",
        "error: zz_broken.txt: looks like a binary file, not text",
        "error: missing.txt: file not found",
    ]
    assert lines(result.stderr)[-1] == f"{SEED_COUNT + 4} file(s): {SEED_COUNT} added, 4 failed"
    assert "Traceback" not in result.stderr
    timeline = briefbot_main("ask", "/timeline", env=env, cwd=tmp_path)
    assert timeline.stdout.count("\n• ") == SEED_COUNT
    assert "Briefbot" not in timeline.stdout


def test_ingest_json_prints_one_record_per_dialogue(env: dict[str, str], tmp_path: Path) -> None:
    result = briefbot_main("ingest", "--json", str(SEED_ARTICLES), env=env, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == SEED_COUNT
    assert all(set(record) == JSON_FIELDS for record in records)
    by_id = {record["id"]: record for record in records}
    visit = by_id["2025-08-10-state-visit-seoul"]
    assert (visit["date"], visit["end_day"], visit["place"]) == ("2025-08-10", 13, "Seoul")
    assert {p["id"] for p in visit["participants"]} >= {"to-lam", "lee-jae-myung"}
    assert visit["sources"][0]["outlet"] == "MT Team"
    policy = by_id["2024-04-23-defence-policy-dialogue-hanoi"]
    assert policy["edition"] == 11
    [pledge] = policy["commitments"]
    assert (pledge["amount"], pledge["currency"]) == (34_000_000, "USD")
    assert "$34 million" in pledge["evidence"]["sentence"]
    [trade] = next(r for r in records if r["mechanism"] == "deputy-fm-strategic-dialogue")[
        "commitments"
    ]
    assert (trade["amount"], trade["amount_max"], trade["currency"]) == (1e11, 1.5e11, "USD")
    # "March 28" has no year in the article: it is the one year the participants' terms allow.
    talks = by_id["2023-03-28-defence-ministers-talks-seoul"]
    assert (talks["date"], talks["date_precision"]) == ("2023-03-28", "day")
    assert talks["date_phrase"] == "March 28"
    assert "four-nos" in {p["id"] for p in talks["positions"]}
    assert lines(result.stderr) == [f"{SEED_COUNT} file(s): {SEED_COUNT} added"]

    again = briefbot_main("ingest", str(SEED_ARTICLES), env=env, cwd=tmp_path)
    assert again.returncode == 0
    assert lines(again.stderr) == [f"{SEED_COUNT} file(s): {SEED_COUNT} unchanged"]
    shown = briefbot_main("ask", f"/dialogue {talks['id']}", env=env, cwd=tmp_path).stdout
    assert "28 March 2023 (year from Lee Jong-sup's term" in shown  # the basis is shown


def test_ingest_of_a_folder_without_articles_says_so(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "inbox"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "notes.txt").write_text("Vietnam and Korea", encoding="utf-8")

    result = briefbot_main("ingest", str(empty), env=env, cwd=tmp_path)

    assert result.returncode == 1
    assert lines(result.stderr)[0] == f"error: no article files in {empty}"
    assert "Traceback" not in result.stderr


def test_ingest_prints_control_characters_in_file_names_escaped(
    env: dict[str, str], tmp_path: Path
) -> None:
    odd = tmp_path / "red\x1b[31mfile\r.txt"
    odd.write_bytes(b"")

    result = briefbot_main("ingest", str(odd), env=env, cwd=tmp_path)

    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert lines(result.stderr)[0] == "error: red\\x1b[31mfile\\r.txt: file is empty"


# --- briefbot shell and start ---------------------------------------------------------------------


def shell_session(commands: Sequence[str]) -> str:
    """What a user types, one command per line."""
    return "".join(f"{command}\n" for command in commands)


def test_shell_answers_commands_from_stdin(env: dict[str, str], tmp_path: Path) -> None:
    typed = shell_session(["/latest", "", "person Hoang Xuan Chien", "/quit", "/help"])

    result = briefbot_main("shell", env=env, cwd=tmp_path, stdin=typed)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Latest dialogue\n")
    assert "Hoàng Xuân Chiến (Vietnam)" in out and "$34 million" in out
    assert "Briefbot commands" not in out, "nothing is answered after /quit"
    assert f"Loaded {SEED_COUNT} bundled article(s)" in result.stderr


def test_shell_html_and_end_of_input(seeded: dict[str, str], tmp_path: Path) -> None:
    typed = "/position four no's\n"
    result = briefbot_main("shell", "--html", env=seeded, cwd=tmp_path, stdin=typed)

    assert result.returncode == 0, result.stderr
    html = result.stdout.strip()
    assert html.startswith("<b>The &#34;Four No&#39;s&#34; defence policy</b>")
    assert_telegram_html(html)
    assert result.stderr == "", "a filled store is not re-ingested"


def test_start_without_a_token_answers_in_the_terminal(env: dict[str, str], tmp_path: Path) -> None:
    result = briefbot("start", env=env, cwd=tmp_path, stdin="/topics\n")

    assert result.returncode == 0, result.stderr
    assert "answering in the terminal instead" in result.stderr
    assert result.stdout.startswith("Topics\n• Maritime security — 5 dialogues")


def test_start_from_another_folder_finds_the_bundled_articles(
    env: dict[str, str], tmp_path: Path
) -> None:
    default = {k: v for k, v in env.items() if k != "BRIEFBOT_ARTICLES"}

    result = briefbot_main("start", env=default, cwd=tmp_path, stdin="/latest\n")

    assert result.returncode == 0, result.stderr
    assert f"Loaded {SEED_COUNT} bundled article(s)" in result.stderr
    assert result.stdout.startswith("Latest dialogue\n")


def test_start_on_an_empty_store_without_articles_says_where_it_looked(
    env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder"

    result = briefbot_main(
        "start", env={**env, "BRIEFBOT_ARTICLES": str(missing)}, cwd=tmp_path, stdin="/latest\n"
    )

    assert result.returncode == 0, result.stderr
    assert f"no articles folder at {missing}" in " ".join(result.stderr.split())
    assert result.stdout.startswith("No dialogues are stored yet.")


def test_start_with_the_example_env_file_answers_in_the_terminal(
    env: dict[str, str], tmp_path: Path
) -> None:
    """`cp deploy/.env.example .env` leaves `TELEGRAM_BOT_TOKEN=` blank: that is no token."""
    shutil.copyfile(ENV_EXAMPLE, tmp_path / ".env")

    result = briefbot_main("start", env=env, cwd=tmp_path, stdin="/topics\n")

    assert result.returncode == 0, result.stderr
    assert "answering in the terminal instead" in result.stderr
    assert result.stdout.startswith("Topics\n")


def test_start_with_a_broken_reference_file_exits_2_with_one_line(
    seeded: dict[str, str], tmp_path: Path, fake: FakeBotApi
) -> None:
    # A broken install: the package with its data beside it (as a wheel lays them out), one of
    # the reference files not valid YAML.
    repo = Path(__file__).resolve().parents[1]
    install = tmp_path / "site"
    shutil.copytree(repo / "bot", install / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(repo / "data", install / "bot" / "data")
    shutil.copytree(repo / "briefs", install / "bot" / "briefs")
    people = install / "bot" / "data" / "reference" / "people.yaml"
    people.write_text("- id: [unclosed\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "start"],
        env={
            **seeded,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": fake.url,
            "PYTHONPATH": str(install),
        },
        cwd=install,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and TOKEN not in result.stderr
    # PTB's own INFO records (polling began and ended) aside, one line says what is wrong.
    [line] = [text for text in lines(result.stderr) if " INFO " not in text]
    reference = install / "bot" / "data" / "reference"
    assert line.endswith(
        f"Cannot start the bot: cannot read the reference data in {reference}: "
        "did not find expected ',' or ']' (line 2, column 1)"
    )
