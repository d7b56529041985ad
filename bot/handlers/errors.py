"""The error handler: a short apology to the user, the trace to the log, the bot goes on."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BriefContext
from bot.sending import thread_of
from bot.store import StoreError

log = logging.getLogger(__name__)

APOLOGY = "Sorry — something went wrong on my side. The team has been told; please try again."
STORE_TROUBLE = "Sorry — the briefing store is unavailable right now. Please try again later."


async def on_error(update: object, context: BriefContext) -> None:
    """Log the exception with its trace; tell the chat, briefly, if there is one."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    text = STORE_TROUBLE if isinstance(context.error, StoreError) else APOLOGY
    thread_id = thread_of(update.effective_message)
    try:
        await context.bot.send_message(update.effective_chat.id, text, message_thread_id=thread_id)
    except Exception:  # the apology itself failed (blocked, network): the log has the cause
        log.warning("could not send the apology", exc_info=True)
