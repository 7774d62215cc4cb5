"""An answers file — {"name", "flow", "answers": {question_id: value}, "decisions": {"N": {...}}} — as an export.

Hand-written examples and test fixtures use this short shape. `to_export` validates every answer against
its flow (as the engine would) and builds a format-2 export document, so `coach import` stores it the same
way as a real export: all or nothing, with timestamps. Answers of a decided step are dated a week before
its decision; everything else, and every audit event, at `now`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import coachtext
from flows.answers import GateDecision
from flows.schema import Flow
from flows.validation import validate_answer
from storage.errors import ImportFormatError
from storage.export import FORMAT, FORMAT_VERSION, iso_utc

TZ = ZoneInfo("Europe/Stockholm")


def is_answers_file(data: object) -> bool:
    return isinstance(data, dict) and "format" not in data and isinstance(data.get("answers"), dict)


def _at(day: str, hour: int) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), time(hour), tzinfo=TZ).astimezone(UTC)


def _said(key: str, **values: object) -> Callable[[str], str]:
    return lambda lang: coachtext.t(key, lang, **values)


def to_export(data: dict[str, Any], flows: dict[str, Flow], *, author: str = "import",
              now: datetime | None = None) -> dict[str, Any]:
    """The export document for an answers file; ImportFormatError (Swedish and English) naming every bad
    answer."""
    now = now or datetime.now(UTC)
    flow = flows.get(str(data.get("flow") or ""))
    if flow is None or not isinstance(data.get("name"), str):
        names = ", ".join(sorted(flows))
        raise ImportFormatError(coachtext.t("import.answers_file.not_a_file", "sv", flows=names),
                                en=coachtext.t("import.answers_file.not_a_file", "en", flows=names),
                                detail=f"flow={data.get('flow')!r}")
    problems: list[Callable[[str], str]] = []  # each problem in a language
    answers = []
    decisions_raw = data.get("decisions") or {}
    decided_on = {}
    for step, raw in sorted(decisions_raw.items(), key=lambda kv: int(kv[0])):
        try:
            decided_on[int(step)] = GateDecision.model_validate(raw)
        except (ValueError, TypeError) as exc:
            problems.append(_said("import.answers_file.decision", step=step, error=exc))
    for qid, raw in data["answers"].items():
        try:
            question = flow.question(qid)
        except KeyError:
            problems.append(_said("import.answers_file.no_question", qid=qid))
            continue
        value, errors = validate_answer(question, raw)
        if value is None or errors:
            problems.append(lambda lang, q=question, raw=raw, qid=qid:
                            f"«{qid}»: " + "; ".join(str(e) for e in validate_answer(q, raw, lang)[1]))
            continue
        step = flow.step_of(qid).number
        decision = decided_on.get(step)
        when = _at(decision.date.isoformat(), 9) - timedelta(days=7) if decision else now
        answers.append({"question_id": qid, "version": 1, "value": value.model_dump(mode="json"), "skipped": False,
                        "warnings": value.warnings(), "author": author, "via": "import", "created_at": iso_utc(when)})
    if problems:
        def refusal(lang: str) -> str:
            head = coachtext.t("import.answers_file.refused", lang, n=len(problems))
            return head + "\n" + "\n".join(f"  • {p(lang)}" for p in problems)

        raise ImportFormatError(refusal("sv"), en=refusal("en"), detail="; ".join(p("sv") for p in problems))
    decisions = [{"step_number": step, "version": 1, "value": d.model_dump(mode="json"), "unmet": [],
                  "author": author, "via": "import", "created_at": iso_utc(_at(d.date.isoformat(), 15))}
                 for step, d in decided_on.items()]
    last = max(decided_on, default=0)
    current = min(last + 1, len(flow.steps)) if last else 1
    stamp = iso_utc(now)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "process": {"name": data["name"], "flow_id": flow.id, "flow_version": flow.version, "channel_id": None,
                    "current_step": current, "cursor": None, "language": data.get("language", "sv"),
                    "created_by": author, "archived": False, "created_at": stamp},
        "members": [{"user_id": author, "display_name": author, "role": "koordinator", "added_by": author,
                     "added_at": stamp}],
        "answers": sorted(answers, key=lambda a: (a["created_at"], a["question_id"])),
        "decisions": decisions,
        "audit": [{"actor": author, "action": "process_created", "created_at": stamp,
                   "detail": {"name": data["name"], "flow_id": flow.id, "flow_version": flow.version,
                              "channel_id": None, "from": "answers file"}}],
        "abcde_schedule": None,
        "abcde_reports": [],
        "events": [],
    }
