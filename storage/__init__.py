"""Storage: SQLModel tables, Alembic migrations, repository functions, export/import.

    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    with session_scope(engine) as session:
        process = create_process(session, name="Trygg i Centrum", flow_id="sju_steg", flow_version=1,
                                 created_by="U123")
"""

from storage.db import make_engine, migrate, session_scope
from storage.errors import AlreadyExists, ImportFormatError, InvalidValue, NotFound, StorageError
from storage.export import dumps_export, export_process, import_process, loads_export
from storage.models import (
    ROLES,
    VIAS,
    AnswerVersion,
    AuditEvent,
    GateDecisionRecord,
    Member,
    Process,
    Role,
    SlackDelivery,
    Via,
    Workspace,
)
from storage.repository import (
    add_member,
    answer_history,
    append_answer,
    audit,
    create_process,
    ensure_workspace,
    get_member,
    get_process,
    get_process_by_channel,
    get_process_by_id,
    latest_answers,
    latest_decisions,
    list_audit,
    list_members,
    list_processes,
    record_decision,
    remember_delivery,
    set_cursor,
    set_language,
    set_role,
)

__all__ = [
    "ROLES", "VIAS", "AlreadyExists", "AnswerVersion", "AuditEvent", "GateDecisionRecord",
    "ImportFormatError",
    "InvalidValue", "Member", "NotFound", "Process", "Role", "SlackDelivery", "StorageError", "Via",
    "Workspace", "dumps_export", "export_process", "import_process", "loads_export", "make_engine", "migrate",
    "session_scope",
    "add_member", "answer_history", "append_answer", "audit", "create_process", "ensure_workspace",
    "get_member", "get_process", "get_process_by_channel", "get_process_by_id", "latest_answers",
    "latest_decisions", "list_audit", "list_members", "list_processes", "record_decision",
    "remember_delivery", "set_cursor", "set_language", "set_role",
]
