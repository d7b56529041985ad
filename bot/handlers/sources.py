"""Admins manage the watched sources: /sources, /addsource <url>, /removesource <id>."""

from __future__ import annotations

import asyncio

from telegram import Message, Update

from bot.context import BriefContext
from bot.domain.commands import Scope, parse_command
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.subscription_terms import notice
from bot.render import render_html
from bot.sending import send_messages, thread_of
from bot.watch.catalog import SourceListError, remove_source
from bot.watch.decode import DecodeError
from bot.watch.fetch import FetchError
from bot.watch.jobs import schedule_source, unschedule_source, watcher_for
from bot.watch.parse import ParseError
from bot.watch.present import source_lines
from bot.watch.runner import WatchConfig, Watcher

ADMIN_COMMANDS = CATALOGUE.names(Scope.ADMIN)  # /sources, /addsource, /removesource


async def _reply(context: BriefContext, message: Message, *lines: str) -> None:
    await send_messages(
        context.bot,
        message.chat.id,
        render_html(notice(*lines)),
        thread_id=thread_of(message),
    )


async def _watcher(context: BriefContext) -> Watcher:
    """The running watcher, or one for this command when watching is off."""
    job_queue = context.job_queue
    found = watcher_for(job_queue) if job_queue is not None else None
    if found is not None:
        return found
    services = context.services
    reference = await services.reference_off_loop()
    return Watcher(services.store, reference, WatchConfig.from_settings(services.settings))


async def on_sources_command(update: Update, context: BriefContext) -> None:
    """List, add or remove watched sources; only BRIEFBOT_ADMINS may."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = parse_command(message.text, context.bot.username)
    if command is None or command.name not in ADMIN_COMMANDS:
        return
    user = update.effective_user
    if user is None or user.id not in context.services.settings.admins:
        await _reply(context, message, "Only Briefbot's administrators can manage sources.")
        return
    watcher = await _watcher(context)
    try:
        if command.name == "sources":
            watched = await asyncio.to_thread(watcher.sources)
            await _reply(context, message, *source_lines(watched))
        elif command.name == "addsource":
            await _add(context, message, watcher, command.raw_args)
        else:
            await _remove(context, message, watcher, command.raw_args)
    except SourceListError as exc:
        await _reply(context, message, f"The sources list cannot be read: {exc}")


async def _add(context: BriefContext, message: Message, watcher: Watcher, url: str) -> None:
    if not url:
        await _reply(context, message, "Usage: /addsource <url of a feed or a news section>")
        return
    try:
        spec, added = await watcher.add(url)
    except (FetchError, ParseError, DecodeError, ValueError) as exc:
        await _reply(context, message, f"Not added: {str(exc)[:300]}")
        return
    if not added:
        await _reply(context, message, f"Already watched as {spec.id} ({spec.name}).")
        return
    if context.job_queue is not None and context.services.settings.watch_enabled:
        schedule_source(context.job_queue, watcher, spec.id, 0.0)
    await _reply(
        context,
        message,
        f"Watching {spec.id}: {spec.name} ({spec.language}, {spec.kind}).",
        f"Remove it with /removesource {spec.id}",
    )


async def _remove(context: BriefContext, message: Message, watcher: Watcher, arg: str) -> None:
    source_id = arg.strip().lower()
    if not source_id:
        await _reply(context, message, "Usage: /removesource <id> (see /sources for the ids)")
        return
    spec = await asyncio.to_thread(
        remove_source, watcher.store, watcher.config.sources_path, source_id
    )
    if spec is None:
        await _reply(context, message, f"No source {source_id[:64]!r}: see /sources.")
        return
    if context.job_queue is not None:
        unschedule_source(context.job_queue, spec.id)
    await _reply(context, message, f"No longer watching {spec.id} ({spec.name}).")
