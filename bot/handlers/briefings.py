"""Briefing commands: parse the text, ask the engine, send what briefs/ renders."""

from __future__ import annotations

import asyncio
import html
import io

from telegram import Chat, InputFile, Update
from telegram.constants import ChatType, MessageLimit

from bot.chart import chart_caption, timeline_png
from bot.context import BotServices, BriefContext
from bot.domain.briefings import (
    SourceView,
    TimelineView,
    View,
    answer,
)
from bot.domain.commands import ParsedCommand, parse_command, split_page
from bot.domain.commands.all_commands import CATALOGUE
from bot.domain.corpus import Corpus
from bot.domain.text import scrub
from bot.keyboards import briefing_keyboard
from bot.render import render_html
from bot.sending import remember_shown, send_messages, thread_of, typed_text

DOCUMENT_CAPTION_LIMIT = MessageLimit.CAPTION_LENGTH


def _compose(services: BotServices, command: ParsedCommand) -> tuple[Corpus, View, list[str]]:
    """The store's contents, the answer to `command` and its messages."""
    declared = CATALOGUE.get(command.name)
    # /help and unknown commands need only the declarations: never wait on the store for them
    # (a writer waiting on another process's lock holds it up to 30 s).
    needs_store = declared is not None and declared.needs_store
    corpus = services.store.corpus() if needs_store else Corpus()
    view = answer(corpus, services.reference, command)
    return corpus, view, render_html(view)


async def send_briefing(
    context: BriefContext, chat: Chat, command: ParsedCommand, *, thread_id: int | None = None
) -> None:
    """Answer one command in `chat`: the briefing, its buttons, and any chart or file."""
    services = context.services
    # Reading the store, answering and rendering can take a while on a big store or a long
    # query: in a worker thread, so every other chat is answered meanwhile.
    corpus, view, messages = await asyncio.to_thread(_compose, services, command)
    sent = await send_messages(
        context.bot,
        chat.id,
        messages,
        keyboard=briefing_keyboard(view),
        thread_id=thread_id,
    )
    # Its buttons may show it in another size or page: they edit it, so note what it shows.
    # Under the name its buttons use ("/person Giang" shows /person phan-van-giang): "More" edits.
    shown = f"/{view.shows}" if view.shows else typed_text(command)
    remember_shown(context.chat_data, sent, shown)
    if isinstance(view, TimelineView) and split_page(command.args)[1] is None:
        # The chart covers the period listed, every page of it: with /timeline, not each page.
        png = await asyncio.to_thread(timeline_png, corpus, services.reference, period=view.period)
        if png is not None:
            await context.bot.send_photo(
                chat.id,
                InputFile(io.BytesIO(png), filename="timeline.png"),
                caption=html.escape(chart_caption(view.period)),
                message_thread_id=thread_id,
            )
    elif isinstance(view, SourceView) and view.truncated:
        # The article's text is read from the store on first use: off the loop too.
        source = await asyncio.to_thread(corpus.sources.get, view.source.id)
        if source is not None:
            await context.bot.send_document(
                chat.id,
                InputFile(io.BytesIO(source.text.encode()), filename=f"{source.id}.txt"),
                caption=f"Full text of {html.escape(view.file)}"[:DOCUMENT_CAPTION_LIMIT],
                message_thread_id=thread_id,
            )


def _addressed_to_us(update: Update, context: BriefContext) -> ParsedCommand | None:
    message = update.effective_message
    if message is None or not message.text:
        return None
    return parse_command(scrub(message.text), context.bot.username)


async def on_command(update: Update, context: BriefContext) -> None:
    """Any briefing command, in a private chat, a group or a channel."""
    command = _addressed_to_us(update, context)
    message = update.effective_message
    if command is None or message is None:
        return
    await send_briefing(context, message.chat, command, thread_id=thread_of(message))


async def on_unknown_command(update: Update, context: BriefContext) -> None:
    """An unknown command: answered in private chats, or in groups when it names this bot."""
    command = _addressed_to_us(update, context)
    message = update.effective_message
    if command is None or message is None or message.text is None:
        return
    named_us = f"@{context.bot.username}".lower() in message.text.split(maxsplit=1)[0].lower()
    if message.chat.type != ChatType.PRIVATE and not named_us:
        return  # other bots in the group may own it
    await send_briefing(context, message.chat, command, thread_id=thread_of(message))
