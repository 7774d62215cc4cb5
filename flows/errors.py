"""Errors raised while loading a flow definition; each names the file, flow and step."""

from __future__ import annotations


class FlowError(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class FlowErrors(Exception):
    """Several semantic problems found at once, so an author can fix them in one pass."""

    def __init__(self, errors: list[FlowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
