"""The error raised for invalid answers."""

from __future__ import annotations


class AnswersError(ValueError):
    """The answers are invalid; `key` names the offending answer when there is one."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key
        self.message = message
