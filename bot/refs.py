"""Who acts, and on which process: the values every service takes and every front end passes on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: str
    display_name: str
    via: str  # terminal | slack_thread | slack_modal | cli


@dataclass(frozen=True)
class ProcessRef:
    id: int
    name: str
    flow_id: str
    channel_id: str | None
    language: str
    workspace_id: int | None = None  # None: no workspace (one Slack token, or the terminal)


def process_ref(process) -> ProcessRef:
    """The reference to a stored process row."""
    return ProcessRef(id=process.id, name=process.name, flow_id=process.flow_id, channel_id=process.channel_id,
                      language=process.language, workspace_id=process.workspace_id)
