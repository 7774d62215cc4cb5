"""Typed words a person can write instead of an answer (terminal lines, Slack thread replies)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.schema import ID_PATTERN


@dataclass(frozen=True)
class TextCommand:
    name: str  # help | status | continue | step | back | skip | edit | guidance | decide | role | quit | history
    args: tuple[str, ...] = ()


_SIMPLE = {
    "hjälp": "help", "help": "help", "?": "help",
    "status": "status",
    "fortsätt": "continue", "continue": "continue", "nästa": "continue",
    "tillbaka": "back", "back": "back",
    "hoppa över": "skip", "skip": "skip",
    "vägledning": "guidance", "guidance": "guidance",
    "beslut": "decide", "decide": "decide",
    "avsluta": "quit", "quit": "quit", "exit": "quit",
}
_STEP = re.compile(r"^(?:steg|step)\s+(\d{1,2})$")
_EDIT = re.compile(r"^(?:ändra|edit)\s+(" + ID_PATTERN.strip("^$") + r")$")
_HISTORY = re.compile(r"^(?:historik|history)\s+(" + ID_PATTERN.strip("^$") + r")$")
_ROLE = re.compile(r"^(?:roll|role)\s+(\S+)\s+(\S+)$")


def parse(line: str) -> TextCommand | None:
    """A command, or None when the line is an answer."""
    text = " ".join(line.strip().split())
    lowered = text.lower()
    if lowered in _SIMPLE:
        return TextCommand(_SIMPLE[lowered])
    if match := _STEP.match(lowered):
        return TextCommand("step", (match.group(1),))
    if match := _EDIT.match(text):
        return TextCommand("edit", (match.group(1),))
    if match := _HISTORY.match(text):
        return TextCommand("history", (match.group(1),))
    if match := _ROLE.match(text):
        return TextCommand("role", (match.group(1).lstrip("@"), match.group(2).lower()))
    return None


def is_command(line: str) -> bool:
    return parse(line) is not None or line.strip().lower() == "avbryt"
