"""Logging set-up that never writes a secret, whoever logs it (httpx logs request URLs)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_TRACE_FORMATTER = logging.Formatter()


class RedactingFilter(logging.Filter):
    """Replace each secret with a placeholder in the message and in any traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Render message and traceback once, redacted, so nothing can reintroduce the secret."""
        if not self._secrets:
            return True
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info:
            # Exception texts carry secrets too (PTB puts a rejected token in InvalidToken).
            record.exc_text = self._redact(_TRACE_FORMATTER.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


class StartupNoiseFilter(logging.Filter):
    """Drop PTB's traceback for a failed start-up: Briefbot reports it in one line itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep everything except PTB's bootstrap-failure record, unless debugging."""
        bootstrap = record.name.startswith("telegram.ext") and record.getMessage().startswith(
            "Network Retry Loop (Bootstrap"
        )
        return not bootstrap or logging.getLogger().isEnabledFor(logging.DEBUG)


def setup_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, with secrets redacted and chatty HTTP logs turned down."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(StartupNoiseFilter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs two INFO lines per job run, and the store poll runs every few seconds.
    debugging = root.isEnabledFor(logging.DEBUG)
    logging.getLogger("apscheduler").setLevel(logging.NOTSET if debugging else logging.WARNING)
