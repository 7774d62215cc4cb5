"""A person's data (GDPR): find everything stored about a person, pseudonymise them, and retention cleanup.

The walk is generic: every table the database has (reflected, so a table added by a later migration is
covered without a change here) and every text and JSON column in it. A person is found by their user id
(Slack `U123` or a terminal name), their mentions (`<@U123>`, `<@U123|handle>`, mrkdwn-escaped forms),
and the names they are known by: the names they were added to processes with, their people-directory
names, the handles of their mentions, and any names the operator adds.

Erasing replaces all of those, wherever they occur, by a pseudonym «Person N (raderad)» (N stable and
unique per erased person within the database); what people wrote — answers with every version,
decisions, reports — stays. Rows that only exist because of the person are deleted: their memberships,
their people-directory row (any row whose primary key is them) and processed Slack deliveries naming them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, MetaData, String, Table, and_, delete, func, select
from sqlalchemy.orm import Session

from storage.models import AuditEvent, SlackDelivery, utcnow

PSEUDONYM = "Person {n} (raderad)"
PSEUDONYM_RE = re.compile(r"Person (\d+) \(raderad\)")
SKIP_TABLES = {"alembic_version"}
DELETE_TABLES = {"member", "slack_delivery"}  # rows that exist only because of the person
KEEP_ACTIONS = ("person_erased", "guidance_shown", "summary_posted", "underlag_posted")  # see retention
SECTIONS = {  # table → the section it is shown under in a person export
    "member": "memberships", "answer_version": "answers", "gate_decision": "decisions",
    "abcde_report_version": "abcde_reports", "audit_event": "audit", "slack_delivery": "processed_deliveries",
    "person": "people_directory", "process": "processes", "process_event": "events",
}
MENTION_HANDLE = r"(?:<@{id}\|([^>]*)>|&lt;@{id}\|((?:(?!&gt;)[^<>])*)&gt;)"


class Matcher:
    """Finds and replaces one person's id, mentions and names in text."""

    def __init__(self, user_id: str, names: Iterable[str], pseudonym: str) -> None:
        uid = re.escape(user_id)
        self.user_id, self.pseudonym = user_id, pseudonym
        self.mention = re.compile(rf"<@{uid}(?:\|[^>]*)?>|&lt;@{uid}(?:\|(?:(?!&gt;)[^<>])*)?&gt;")
        self.ident = re.compile(rf"(?<!\w){uid}(?!\w)")
        terms = sorted({n.strip() for n in names if _usable_name(n, user_id)}, key=len, reverse=True)
        self.names = terms
        # a name may be in the genitive («Bodils»): it becomes «Person 1 (raderad):s». Whole names match in
        # any case; the parts of a name («Bodil», «Ekström») as proper nouns, capitalised, so «berg» in a
        # text stays when «Carl Berg» is erased.
        parts = sorted({p for n in terms for p in re.split(r"[\s.]+", n)
                        if len(p) >= 2 and p[0].isupper() and p not in terms}, key=len, reverse=True)
        self.name = _names_pattern(terms, re.IGNORECASE)
        self.part = _names_pattern(parts, 0)

    def found(self, text: str) -> bool:
        return any(p is not None and p.search(text) for p in (self.mention, self.ident, self.name, self.part))

    def replace(self, text: str) -> str:
        text = self.ident.sub(self.pseudonym, self.mention.sub(self.pseudonym, text))
        for pattern in (self.name, self.part):
            if pattern is not None:
                text = pattern.sub(lambda m: self.pseudonym + (":s" if m.group(1) else ""), text)
        return text


def _names_pattern(names: list[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(s?)(?!\w)", flags)


def _usable_name(name: str, user_id: str) -> bool:
    name = (name or "").strip()
    return len(name) >= 2 and not PSEUDONYM_RE.fullmatch(name)


@dataclass
class _Row:
    table: Table
    values: dict[str, Any]

    @property
    def key(self) -> dict[str, Any]:
        return {c.name: self.values[c.name] for c in self.table.primary_key.columns}


@dataclass
class Scan:
    """Every row of every table, read once."""

    rows: list[_Row] = field(default_factory=list)

    def strings(self) -> Iterable[str]:
        for row in self.rows:
            for column in _text_columns(row.table):
                yield from _strings(row.values.get(column.name))


def scan(session: Session) -> Scan:
    metadata = MetaData()
    connection = session.connection()
    metadata.reflect(bind=connection)
    result = Scan()
    for table in metadata.sorted_tables:
        if table.name in SKIP_TABLES or not _text_columns(table):
            continue
        for mapping in connection.execute(select(table)).mappings():
            result.rows.append(_Row(table, dict(mapping)))
    return result


def _text_columns(table: Table) -> list:
    return [c for c in table.columns if isinstance(c.type, String | JSON)]


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _replaced(value: Any, matcher: Matcher) -> Any:
    if isinstance(value, str):
        return matcher.replace(value)
    if isinstance(value, dict):
        return {matcher.replace(str(k)): _replaced(v, matcher) for k, v in value.items()}
    if isinstance(value, list):  # a list holding the id itself is a reference (ABCDE reporters): dropped
        return [_replaced(v, matcher) for v in value if v != matcher.user_id]
    return value


def known_names(data: Scan, user_id: str, extra: Iterable[str] = ()) -> list[str]:
    """The names a person is known by: as added to processes, in the people directory, as mention handles."""
    names = set(extra)
    handle = re.compile(MENTION_HANDLE.format(id=re.escape(user_id)))
    for row in data.rows:
        values = row.values
        if row.table.name == "member" and values.get("user_id") == user_id:
            names.add(values.get("display_name") or "")
        if row.table.name == "person" and values.get("user_id") == user_id:
            names.update(values.get(k) or "" for k in ("real_name", "display_name"))
    for text in data.strings():
        if user_id in text:
            for match in handle.finditer(text):
                names.add(match.group(1) or match.group(2) or "")
    return sorted(n.strip() for n in names if _usable_name(n, user_id))


def next_pseudonym(data: Scan) -> str:
    taken = [int(m.group(1)) for text in data.strings() for m in PSEUDONYM_RE.finditer(text)]
    return PSEUDONYM.format(n=max(taken, default=0) + 1)


def _row_mentions(row: _Row, matcher: Matcher) -> bool:
    return any(matcher.found(text) for column in _text_columns(row.table)
               for text in _strings(row.values.get(column.name)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# ---- export ---------------------------------------------------------------------------------------

def person_export(session: Session, *, user_id: str, names: Iterable[str] = ()) -> dict[str, Any]:
    """Everything stored about a person, as a JSON-ready dict: one section per table that holds any row
    naming them (memberships, answers with every version, decisions, ABCDE reports, audit rows by or about
    them, processed deliveries, the people-directory row, …), each row with all its columns."""
    data = scan(session)
    found_names = known_names(data, user_id, names)
    matcher = Matcher(user_id, found_names, pseudonym="")
    process_names = {r.values["id"]: r.values["name"] for r in data.rows if r.table.name == "process"}
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in data.rows:
        if not _row_mentions(row, matcher):
            continue
        item = {k: _jsonable(v) for k, v in row.values.items()}
        if row.table.name != "process" and item.get("process_id") in process_names:
            item["process"] = process_names[item["process_id"]]
        sections.setdefault(SECTIONS.get(row.table.name, row.table.name), []).append(item)
    return {"format": "processcoach-person-export", "format_version": 1, "user_id": user_id,
            "names": found_names, "exported_at": utcnow().isoformat(), "data": sections}


def person_processes(session: Session, *, user_id: str, names: Iterable[str] = ()) -> set[int]:
    """Ids of the processes holding anything about the person (membership, answers, reports, audit, …)."""
    data = scan(session)
    matcher = Matcher(user_id, known_names(data, user_id, names), pseudonym="")
    found = set()
    for row in data.rows:
        pid = row.values["id"] if row.table.name == "process" else row.values.get("process_id")
        if isinstance(pid, int) and _row_mentions(row, matcher):
            found.add(pid)
    return found


# ---- erase ----------------------------------------------------------------------------------------

@dataclass
class Erasure:
    pseudonym: str
    names: list[str]
    changed: dict[str, int]
    deleted: dict[str, int]
    processes: list[int]

    @property
    def total(self) -> int:
        return sum(self.changed.values()) + sum(self.deleted.values())


def erase_person(session: Session, *, user_id: str, names: Iterable[str] = (), requested_by: str,
                 operator: bool = False, dry_run: bool = False) -> Erasure:
    """Pseudonymise a person everywhere (see the module text). Audited: one event not tied to a process and
    one in each process affected, with who asked; the pseudonym, never the person, is named in them."""
    data = scan(session)
    found_names = known_names(data, user_id, names)
    pseudonym = next_pseudonym(data)
    matcher = Matcher(user_id, found_names, pseudonym)
    changed: dict[str, int] = {}
    deleted: dict[str, int] = {}
    processes: set[int] = set()
    connection = session.connection()
    for row in data.rows:
        table = row.table
        if not _row_mentions(row, matcher):
            continue
        pid = row.values["id"] if table.name == "process" else row.values.get("process_id")
        if isinstance(pid, int):
            processes.add(pid)
        where = and_(*(c == row.values[c.name] for c in table.primary_key.columns))
        key_names_person = any(isinstance(row.values[c.name], str) and matcher.found(row.values[c.name])
                               for c in table.primary_key.columns)
        if table.name in DELETE_TABLES or key_names_person:
            deleted[table.name] = deleted.get(table.name, 0) + 1
            if not dry_run:
                connection.execute(delete(table).where(where))
            continue
        update = {}
        for column in _text_columns(table):
            old = row.values.get(column.name)
            new = _replaced(old, matcher)
            if new != old:
                length = getattr(column.type, "length", None)
                update[column.name] = new[:length] if isinstance(new, str) and length else new
        if update:
            changed[table.name] = changed.get(table.name, 0) + 1
            if not dry_run:
                connection.execute(table.update().where(where).values(**update))
    result = Erasure(pseudonym, found_names, changed, deleted, sorted(processes))
    if not dry_run and result.total:  # nothing stored about them: nothing to audit, no pseudonym used
        detail = {"pseudonym": pseudonym, "requested_by": requested_by, "operator": operator,
                  "changed": changed, "deleted": deleted}
        session.add(AuditEvent(process_id=None, actor=requested_by, action="person_erased", detail=detail))
        existing = {r.values["id"] for r in data.rows if r.table.name == "process"}
        for pid in result.processes:
            if pid in existing:
                session.add(AuditEvent(process_id=pid, actor=requested_by, action="person_erased",
                                       detail={"pseudonym": pseudonym, "requested_by": requested_by}))
        session.flush()
    return result


# ---- retention ------------------------------------------------------------------------------------

def retention_cleanup(session: Session, *, audit_days: int, delivery_days: int, now: datetime | None = None,
                      dry_run: bool = False) -> dict[str, int]:
    """Delete processed Slack deliveries older than `delivery_days` and audit rows older than `audit_days`.

    Audit rows that are part of a process's record are kept: erasures (who asked, the pseudonym) and what
    the team was shown (guidance passages, summaries and underlag posted: the underlag cites them)."""
    now = now or utcnow()
    audit_cut, delivery_cut = now - timedelta(days=audit_days), now - timedelta(days=delivery_days)
    audit_where = and_(AuditEvent.created_at < audit_cut, AuditEvent.action.not_in(KEEP_ACTIONS))
    delivery_where = SlackDelivery.received_at < delivery_cut
    counts = {"audit_event": _count(session, AuditEvent, audit_where),
              "slack_delivery": _count(session, SlackDelivery, delivery_where)}
    if not dry_run:
        session.execute(delete(AuditEvent).where(audit_where))
        session.execute(delete(SlackDelivery).where(delivery_where))
        session.flush()
    return counts


def _count(session: Session, model, where) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(where)).scalar_one())
