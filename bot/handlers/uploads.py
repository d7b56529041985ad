"""Admins send an article file with the caption /ingest; the reply says what was extracted."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update

from bot.context import BriefContext
from bot.domain.commands import parse_command
from bot.domain.subscription_terms import notice
from bot.domain.text import scrub
from bot.render import render_html
from bot.sending import send_messages, thread_of

if TYPE_CHECKING:
    from bot.domain.reference import Reference
    from bot.ingest.pipeline import FileResult
    from bot.store import Store

MAX_UPLOAD_BYTES = 2_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str | None) -> str:
    """A file name that cannot leave the temp folder."""
    cleaned = _UNSAFE.sub("_", Path(name or "article.txt").name).strip("._")
    return cleaned or "article.txt"


def _ingest(path: Path, *, store: Store, reference: Reference) -> FileResult:
    """`ingest_file`, with extraction loaded on the first upload rather than at the bot's start."""
    from bot.ingest.pipeline import ingest_file

    return ingest_file(path, store=store, reference=reference)


def _summary(result: FileResult) -> list[str]:
    if result.error is not None or result.dialogue is None or result.outcome is None:
        return [f"Not ingested: {result.error}"]
    d = result.dialogue
    names = ", ".join(p.name for p in d.participants) or "none found"
    topics = ", ".join(t.id for t in d.topics) or "none"
    return [
        f"{result.outcome.value.capitalize()}: {d.title}",
        f"Date: {d.date.iso() or d.date.phrase or 'not given'} · Place: {d.place or 'unknown'}",
        f"Participants: {names}",
        f"Topics: {topics}",
        f"Open it with /dialogue {d.id}",
    ]


async def on_ingest_document(update: Update, context: BriefContext) -> None:
    """Download the document, ingest it like `briefbot ingest`, and report."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    # The registration's caption filter also lets "/ingest@OtherBot" through: not ours.
    command = parse_command(scrub(message.caption or ""), context.bot.username)
    if command is None or command.name != "ingest":
        return
    services = context.services
    user = update.effective_user
    thread_id = thread_of(message)

    async def reply(*lines: str) -> None:
        await send_messages(
            context.bot, message.chat.id, render_html(notice(*lines)), thread_id=thread_id
        )

    if user is None or user.id not in services.settings.admins:
        await reply("Only Briefbot's administrators can add articles.")
        return
    document = message.document
    if document.file_size is not None and document.file_size > MAX_UPLOAD_BYTES:
        await reply(f"{document.file_name or 'That file'} is too large (limit 2 MB).")
        return
    telegram_file = await document.get_file()
    with tempfile.TemporaryDirectory(prefix="briefbot-upload-") as folder:
        path = Path(folder) / _safe_name(document.file_name)
        await telegram_file.download_to_drive(path)
        reference = await services.reference_off_loop()
        result = await asyncio.to_thread(_ingest, path, store=services.store, reference=reference)
    await reply(*_summary(result))
