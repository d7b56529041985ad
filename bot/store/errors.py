"""The one error the store raises, with a message that says what is wrong and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The store file cannot be used as it is; the message says why and what to do."""


def reason(exc: OSError) -> str:
    """The system's words for an OSError, without the path we name ourselves."""
    return exc.strerror or str(exc)
