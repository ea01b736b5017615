from __future__ import annotations


class ApplicationError(Exception):
    """A domain rule was broken; the message is safe to show to the user."""

    def __init__(self, message: str, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
