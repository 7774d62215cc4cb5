"""Repository functions: keyword-only, `session` first. The caller owns the transaction
(use `storage.db.session_scope`); functions flush but never commit."""

from storage.repository._common import lock_process
from storage.repository.answers import (
    answer_history,
    append_answer,
    latest_answers,
    latest_decisions,
    record_decision,
)
from storage.repository.audit import audit, list_audit, remember_delivery
from storage.repository.events import list_events, record_event
from storage.repository.members import add_member, get_member, list_members, remove_member, set_role
from storage.repository.processes import (
    create_process,
    ensure_workspace,
    get_process,
    get_process_by_channel,
    get_process_by_id,
    list_processes,
    processes_named,
    rename_process,
    set_archived,
    set_cursor,
    set_language,
)

__all__ = [
    "add_member", "answer_history", "append_answer", "audit", "create_process", "ensure_workspace",
    "get_member", "get_process", "get_process_by_channel", "get_process_by_id", "latest_answers",
    "latest_decisions", "list_audit", "list_events", "list_members", "list_processes", "lock_process",
    "processes_named", "record_decision", "record_event", "remember_delivery", "remove_member", "rename_process",
    "set_archived", "set_cursor", "set_language", "set_role",
]
