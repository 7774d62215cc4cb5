"""Export a process to a self-contained JSON document and import it again.

The document uses natural keys only (no database ids) and ISO 8601 UTC timestamps with microseconds,
so export → import → export is byte-identical. Import runs in a SAVEPOINT: a bad file stores nothing.
Format version 2 adds the ABCDE schedule (with its skipped periods) and every ABCDE report version;
version 1 files (without them) are still read. Reminder dispatches and where reports were posted in
Slack are delivery state of one installation and are not exported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, SQLModel, col, select

from storage.abcde_models import CADENCES, TARGETS, AbcdeReportVersion, AbcdeSchedule, AbcdeSkip
from storage.errors import AlreadyExists, ImportFormatError
from storage.event_models import EVENT_KINDS, ProcessEvent, ProcessEventBase
from storage.models import (
    USER_ID,
    AnswerVersion,
    AnswerVersionBase,
    AuditEvent,
    AuditEventBase,
    GateDecisionBase,
    GateDecisionRecord,
    Member,
    MemberBase,
    Process,
    ProcessBase,
    Via,
)
from storage.repository import audit, get_process, get_process_by_channel
from storage.repository._common import require_process
from storage.repository.abcde import get_schedule
from storage.repository.processes import clean_name

FORMAT = "processcoach-export"
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)


def iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


UtcTimestamp = Annotated[AwareDatetime, AfterValidator(lambda v: v.astimezone(UTC)),
                         PlainSerializer(iso_utc, return_type=str, when_used="json")]


class _Record(SQLModel):
    """An exported row: every field must be present, nothing unknown is allowed."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @model_validator(mode="before")
    @classmethod
    def _all_fields_present(cls, data: Any) -> Any:
        if isinstance(data, dict):
            missing = [name for name in cls.model_fields if name not in data]
            if missing:
                raise PydanticCustomError("fields_missing", "missing fields: {fields}",
                                          {"fields": ", ".join(missing)})
        return data


class ProcessExport(ProcessBase, _Record):
    created_at: UtcTimestamp


class MemberExport(MemberBase, _Record):
    added_at: UtcTimestamp


class AnswerExport(AnswerVersionBase, _Record):
    created_at: UtcTimestamp


class DecisionExport(GateDecisionBase, _Record):
    created_at: UtcTimestamp


class AuditExport(AuditEventBase, _Record):
    created_at: UtcTimestamp


class EventExport(ProcessEventBase, _Record):
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    created_at: UtcTimestamp


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PydanticCustomError("unknown_timezone", "unknown time zone") from exc
    return name


PeriodKey = Annotated[str, StringConstraints(min_length=1, max_length=10)]
UserId = Annotated[str, StringConstraints(min_length=1, max_length=USER_ID)]
SlackId = Annotated[str, StringConstraints(max_length=32)]


class AbcdeSkipExport(_Record):
    period_key: PeriodKey
    created_by: UserId
    created_at: UtcTimestamp


class AbcdeScheduleExport(_Record):
    """The same limits as the table and the schedule code, so a hand-edited file cannot store a
    schedule that the reminder loop cannot read."""

    cadence: Literal[CADENCES]  # type: ignore[valid-type]
    weekday: Annotated[int, Field(ge=0, le=6)]
    at_time: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    timezone: Annotated[str, StringConstraints(max_length=64), AfterValidator(_known_zone)]
    anchor: date
    target: Literal[TARGETS]  # type: ignore[valid-type]
    channel_id: SlackId | None
    thread_ts: SlackId | None
    reporters: list[UserId]
    nudge_hours: Annotated[int, Field(ge=1)]
    paused: bool
    active_from: UtcTimestamp
    set_by: UserId
    created_at: UtcTimestamp
    updated_at: UtcTimestamp
    skips: list[AbcdeSkipExport]


class AbcdeReportExport(_Record):
    period_key: PeriodKey
    period_start: UtcTimestamp
    period_end: UtcTimestamp
    author: UserId
    version: Annotated[int, Field(ge=1)]
    value: dict[str, Any]
    via: Via
    created_at: UtcTimestamp


class ExportDocumentV1(_Record):
    format: Literal["processcoach-export"]
    format_version: Literal[1]
    process: ProcessExport
    members: list[MemberExport]
    answers: list[AnswerExport]
    decisions: list[DecisionExport]
    audit: list[AuditExport]


class ExportDocumentV2(_Record):
    format: Literal["processcoach-export"]
    format_version: Literal[2]
    process: ProcessExport
    members: list[MemberExport]
    answers: list[AnswerExport]
    decisions: list[DecisionExport]
    audit: list[AuditExport]
    abcde_schedule: AbcdeScheduleExport | None
    abcde_reports: list[AbcdeReportExport]


class ExportDocument(_Record):
    """Version 3: the process's domain events (guidance shown, summaries posted) beside the audit log."""

    format: Literal["processcoach-export"]
    format_version: Literal[3]
    process: ProcessExport
    members: list[MemberExport]
    answers: list[AnswerExport]
    decisions: list[DecisionExport]
    audit: list[AuditExport]
    abcde_schedule: AbcdeScheduleExport | None
    abcde_reports: list[AbcdeReportExport]
    events: list[EventExport]


def events_from_audit(audit: list[AuditExport]) -> list[dict[str, Any]]:
    """Before version 3 the app kept its domain events in the audit log: the same rows, as events."""
    return [{"kind": e.action, "actor": e.actor, "detail": e.detail, "created_at": e.created_at}
            for e in audit if e.action in EVENT_KINDS]


MODELS = {1: ExportDocumentV1, 2: ExportDocumentV2, 3: ExportDocument}  # what each version is checked against


# ---------------------------------------------------------------- export

def export_process(session: Session, *, process_id: int) -> dict[str, Any]:
    """Everything about one process: members, every answer version, decisions, the audit log, the
    ABCDE schedule and every ABCDE report version."""
    process = require_process(session, process_id)

    def rows(model: type[SQLModel], *order: Any) -> list[Any]:
        owned = model.process_id == process_id  # type: ignore[attr-defined]
        statement = select(model).where(owned).order_by(*order)
        return list(session.exec(statement).all())

    document = ExportDocument(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        process=ProcessExport.model_validate(process),
        members=[MemberExport.model_validate(m)
                 for m in rows(Member, col(Member.added_at), col(Member.user_id))],
        answers=[AnswerExport.model_validate(a)
                 for a in rows(AnswerVersion, col(AnswerVersion.created_at), col(AnswerVersion.question_id),
                               col(AnswerVersion.version))],
        decisions=[DecisionExport.model_validate(d)
                   for d in rows(GateDecisionRecord, col(GateDecisionRecord.created_at),
                                 col(GateDecisionRecord.step_number), col(GateDecisionRecord.version))],
        audit=[AuditExport.model_validate(e)
               for e in rows(AuditEvent, col(AuditEvent.created_at), col(AuditEvent.id))],
        abcde_schedule=_export_schedule(session, process_id),
        abcde_reports=[AbcdeReportExport.model_validate(r)
                       for r in rows(AbcdeReportVersion, col(AbcdeReportVersion.created_at),
                                     col(AbcdeReportVersion.period_key), col(AbcdeReportVersion.author),
                                     col(AbcdeReportVersion.version))],
        events=[EventExport.model_validate(e)
                for e in rows(ProcessEvent, col(ProcessEvent.created_at), col(ProcessEvent.id))],
    )
    return document.model_dump(mode="json")


def _export_schedule(session: Session, process_id: int) -> AbcdeScheduleExport | None:
    schedule = get_schedule(session, process_id=process_id)
    if schedule is None:
        return None
    skips = session.exec(select(AbcdeSkip).where(AbcdeSkip.schedule_id == schedule.id)
                         .order_by(col(AbcdeSkip.period_key))).all()
    fields = schedule.model_dump(exclude={"id", "process_id"})
    return AbcdeScheduleExport.model_validate(
        fields | {"skips": [AbcdeSkipExport.model_validate(k.model_dump(exclude={"id", "schedule_id"}))
                            for k in skips]})


def dumps_export(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def loads_export(text: str | bytes) -> dict[str, Any]:
    """Parse an export file; ImportFormatError (Swedish) when it is not a JSON object."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFormatError("Filen är inte en textfil i UTF-8 och kan inte vara en "
                                    "Processcoach-export.", detail=str(exc)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"Filen är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}). "
                                "Kontrollera att det är en oförändrad export från Processcoach.",
                                detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise ImportFormatError(_NOT_AN_EXPORT, detail=f"top level is {type(data).__name__}")
    return data


# ---------------------------------------------------------------- import

_NOT_AN_EXPORT = "Filen är ingen export från Processcoach (formatmarkören saknas eller är fel)."

_ERROR_TEXTS: dict[str, str] = {
    "missing": "saknas",
    "extra_forbidden": "är okänt i exportformatet",
    "string_type": "ska vara text",
    "string_too_long": "är för långt",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "bool_type": "ska vara sant eller falskt",
    "bool_parsing": "ska vara sant eller falskt",
    "dict_type": "ska vara ett objekt",
    "model_type": "ska vara ett objekt",
    "list_type": "ska vara en lista",
    "literal_error": "har ett värde som inte är tillåtet",
    "greater_than_equal": "är för litet",
    "timezone_aware": "ska vara en tidpunkt med tidszon",
    "datetime_type": "ska vara en tidpunkt (ISO 8601)",
    "datetime_parsing": "ska vara en tidpunkt (ISO 8601)",
    "datetime_from_date_parsing": "ska vara en tidpunkt (ISO 8601)",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "string_pattern_mismatch": "har fel format (klockslag skrivs TT:MM)",
    "string_too_short": "får inte vara tomt",
    "less_than_equal": "är för stort",
    "unknown_timezone": "är ingen känd tidszon (till exempel Europe/Stockholm)",
    "report_invalid": "är ingen giltig ABCDE-rapport",
}


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: ErrorDetails) -> list[str]:
    where = _where(tuple(error["loc"]))
    if error["type"] == "fields_missing":
        names = str((error.get("ctx") or {}).get("fields", "")).split(", ")
        return [f"«{where + '.' if where else ''}{name}» saknas" for name in names]
    return [f"«{where or 'filen'}» {_ERROR_TEXTS.get(error['type'], 'har ett ogiltigt värde')}"]


def _validate(data: Any) -> ExportDocument:
    if not isinstance(data, dict):
        raise ImportFormatError(_NOT_AN_EXPORT, detail=f"top level is {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise ImportFormatError(_NOT_AN_EXPORT, detail=f"format={data.get('format')!r}")
    version = data.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        readable = " och ".join(str(v) for v in READABLE_VERSIONS)
        raise ImportFormatError(
            f"Filen har formatversion {version!r}, men den här versionen av "
            f"Processcoach kan bara läsa version {readable}.",
            detail=f"format_version={version!r}")
    try:
        old = MODELS[version].model_validate(data)
        if version < 3:  # v1: before ABCDE reporting; v2: domain events still in the audit log
            fields = old.model_dump()
            document = ExportDocument.model_validate(
                {"abcde_schedule": None, "abcde_reports": []} | fields
                | {"format_version": 3, "events": events_from_audit(old.audit)})
        else:
            document = old  # type: ignore[assignment]
    except ValidationError as exc:
        problems = [problem for error in exc.errors() for problem in _describe(error)]
        listed = "\n".join(f"  • {problem}" for problem in problems)
        raise ImportFormatError(f"Filen kan inte importeras – inget har sparats. {len(problems)} problem:\n{listed}",
                                detail=str(exc)) from exc
    _check_unique(document)
    return document


def _check_unique(document: ExportDocument) -> None:
    keys: dict[str, Counter[Any]] = {
        "medlem": Counter(m.user_id for m in document.members),
        "svarsversion": Counter((a.question_id, a.version) for a in document.answers),
        "beslutsversion": Counter((d.step_number, d.version) for d in document.decisions),
        "ABCDE-rapportversion": Counter((r.period_key, r.author, r.version) for r in document.abcde_reports),
        "överhoppad ABCDE-period": Counter(k.period_key for k in (document.abcde_schedule.skips
                                                                   if document.abcde_schedule else [])),
    }
    for what, counter in keys.items():
        twice = [key for key, count in counter.items() if count > 1]
        if twice:
            raise ImportFormatError(f"Filen innehåller samma {what} mer än en gång ({twice[0]}). "
                                    "Den verkar ha redigerats för hand.", detail=f"duplicate {what}: {twice}")


def _exists_message(name: str) -> str:
    return (f"Det finns redan en process som heter «{name}». Importera under ett annat namn "
            "(«coach import FIL --name NYTT NAMN»), eller byt namn på den befintliga processen först "
            "(«coach process rename»).")


def import_process(session: Session, *, data: dict[str, Any], workspace_id: int | None = None,
                   name: str | None = None, actor: str = "import",
                   report_validator: Callable[[dict[str, Any]], object] | None = None) -> Process:
    """Restore an exported process with its original timestamps; `name` imports it under another name.
    `report_validator` checks each ABCDE report's value (storage does not know the report model).

    Raises ImportFormatError for a bad file and AlreadyExists for a taken name (both StorageError,
    with a Swedish message); then nothing is stored.
    """
    document = _validate(data)
    if report_validator is not None:
        for index, report in enumerate(document.abcde_reports, start=1):
            try:
                report_validator(report.value)
            except (ValidationError, ValueError, TypeError) as exc:
                raise ImportFormatError(f"Filen kan inte importeras: «abcde_reports[{index}].value» "
                                        f"{_ERROR_TEXTS['report_invalid']}.", detail=str(exc)) from exc
    fields = document.process.model_dump()
    if name is not None:
        fields["name"] = clean_name(name)
    if get_process(session, name=fields["name"], workspace_id=workspace_id) is not None:
        raise AlreadyExists(_exists_message(fields["name"]), detail=f"process {fields['name']!r} exists")
    try:
        with session.begin_nested():
            process = _restore(session, document, fields=fields, workspace_id=workspace_id)
    except (IntegrityError, DataError) as exc:
        raise ImportFormatError("Filen kunde inte importeras eftersom den krockar med befintliga data. "
                                "Inget har sparats.", detail=str(exc.orig)) from exc
    audit(session, process_id=None, actor=actor, action="process_imported",
          detail={"name": process.name, "process_id": process.id, "workspace_id": workspace_id})
    return process


def _restore(session: Session, document: ExportDocument, *, fields: dict[str, Any],
             workspace_id: int | None) -> Process:
    schedule_fields = document.abcde_schedule.model_dump(exclude={"skips"}) if document.abcde_schedule else None
    if fields.get("channel_id") and get_process_by_channel(session, channel_id=fields["channel_id"],
                                                             workspace_id=workspace_id) is not None:
        # a copy beside the original: the channel (and its ABCDE thread and reminders) stay with the original
        fields = fields | {"channel_id": None}
        if schedule_fields is not None:
            schedule_fields |= {"channel_id": None, "thread_ts": None, "paused": True}
    process = Process(**fields, workspace_id=workspace_id)
    session.add(process)
    session.flush()
    pid = process.id
    session.add_all([Member(**m.model_dump(), process_id=pid) for m in document.members])
    session.add_all([AnswerVersion(**a.model_dump(), process_id=pid) for a in document.answers])
    session.add_all([GateDecisionRecord(**d.model_dump(), process_id=pid) for d in document.decisions])
    for event in document.audit:  # one by one: ids keep the file's order for equal timestamps
        session.add(AuditEvent(**event.model_dump(), process_id=pid))
        session.flush()
    if document.abcde_schedule is not None:
        schedule = AbcdeSchedule(**schedule_fields, process_id=pid)
        session.add(schedule)
        session.flush()
        session.add_all([AbcdeSkip(**k.model_dump(), schedule_id=schedule.id)
                         for k in document.abcde_schedule.skips])
    session.add_all([AbcdeReportVersion(**r.model_dump(), process_id=pid) for r in document.abcde_reports])
    for item in document.events:  # one by one, like the audit: ids keep the file's order
        session.add(ProcessEvent(**item.model_dump(), process_id=pid))
        session.flush()
    session.flush()
    return process
