"""Everything `coach import` checks before storing anything, with every problem named and placed.

`read_document(path)` bounds the file (size, nesting), parses it and normalises its text;
`check_document(data, flows)` validates the export format, then every value against the flow: known
question ids, each answer version against its answer type (choices within the options, checklist
items known), skipped answers without value, versions 1, 2, 3 … without gaps or repeats, steps and
the cursor within the flow, people's ids, no timestamps in the future and no text over MAX_STRING.
The problems come back as lines such as
«answers › s3.indikatorer › version 2 › indicators[1].baseline: får inte vara tomt».
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

import coachtext
from flows.answers import ANSWER_TYPES, AbcdeReport, ChoiceAnswer, GapChecklist, GateDecision
from flows.errors import UserFacingError
from flows.schema import Flow
from flows.text import MAX_DEPTH, TooDeep, normalise_data
from storage.export import FORMAT, MODELS, READABLE_VERSIONS

MAX_FILE_BYTES = 20_000_000
MAX_STRING = 40_000
FUTURE_TOLERANCE = timedelta(days=1)


class ImportRefused(UserFacingError):
    """The file cannot be imported; `problems` lists every reason (already in the user's language)."""

    def __init__(self, headline: str, problems: list[str] | None = None) -> None:
        self.headline, self.problems = headline, problems or []
        super().__init__("\n".join([headline, *(f"  • {p}" for p in self.problems)]))


def refusal(problems: list[str], lang: str = "sv") -> ImportRefused:
    return ImportRefused(coachtext.t("import.refused", lang, count=len(problems)), problems)


# ---------------------------------------------------------------- reading

def read_document(path: Path, lang: str = "sv") -> Any:
    """The parsed, normalised JSON of `path`; ImportRefused with a polite reason otherwise."""
    t = coachtext.table("import.", lang)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(t["too_big"].format(file=f" {path}", size=_mb(size), limit=_mb(MAX_FILE_BYTES)))
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise ImportRefused(t["missing_file"].format(file=f" {path}")) from error
    except OSError as error:  # a directory, no permission, …
        raise ImportRefused(t["unreadable"].format(file=path, reason=error.strerror or error)) from error
    return parse_document(raw, str(path), lang)


def parse_document(raw: bytes, name: str = "", lang: str = "sv") -> Any:
    t = coachtext.table("import.", lang)
    name = f" {name}" if name else ""
    if len(raw) > MAX_FILE_BYTES:
        raise ImportRefused(t["too_big"].format(file=name, size=_mb(len(raw)), limit=_mb(MAX_FILE_BYTES)))
    text = raw.decode("utf-8-sig", errors="replace")  # invalid UTF-8 becomes U+FFFD, like typed text
    try:
        data = json.loads(text, strict=False)  # control characters in strings are dropped below
    except json.JSONDecodeError as error:
        raise ImportRefused(t["not_json"].format(file=name, line=error.lineno, column=error.colno)) from error
    except RecursionError as error:
        raise ImportRefused(t["too_deep"].format(file=name, depth=MAX_DEPTH)) from error
    try:
        return normalise_data(data)
    except TooDeep as error:
        raise ImportRefused(t["too_deep"].format(file=name, depth=MAX_DEPTH)) from error


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


# ---------------------------------------------------------------- checking

def check_document(data: Any, flows: dict[str, Flow], lang: str = "sv", *,
                   now: datetime | None = None) -> list[str]:
    """Every problem of an export document (empty when it can be imported)."""
    t = coachtext.table("import.", lang)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [t["not_export"]]
    version = data.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        return [t["format_version"].format(version=version, readable=", ".join(map(str, READABLE_VERSIONS)))]
    checker = _Checker(data, flows, lang, now or datetime.now(UTC))
    checker.run(MODELS[version])
    return checker.problems


class _Checker:
    def __init__(self, data: dict[str, Any], flows: dict[str, Flow], lang: str, now: datetime) -> None:
        self.data, self.flows, self.lang, self.now = data, flows, lang, now
        self.t = coachtext.table("import.", lang)
        self.problems: list[str] = []
        self.oversized: set[tuple[Any, ...]] = set()

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # ---- where ------------------------------------------------------------------------------------

    def where(self, loc: tuple[Any, ...]) -> str:
        """«answers › s3.indikatorer › version 2 › value.indicators[1].baseline» for a pydantic location."""
        if not loc:
            return coachtext.t("import.the_file", self.lang)
        head, rest = loc[0], loc[1:]
        parts = [str(head)]
        items = self.data.get(head) if isinstance(head, str) else None
        if isinstance(items, list) and rest and isinstance(rest[0], int):
            item = items[rest[0]] if rest[0] < len(items) else None
            parts.append(self.label(str(head), item, rest[0]))
            rest = rest[1:]
            if rest and rest[0] == "value" and head in ("answers", "decisions", "abcde_reports"):
                rest = rest[1:]
        if rest:
            parts.append(_path(rest))
        return " › ".join(parts)

    def label(self, section: str, item: Any, index: int) -> str:
        item = item if isinstance(item, dict) else {}
        word = "nr" if self.lang == "sv" else "no."
        version = f"version {item.get('version')}"
        if section == "answers" and item.get("question_id"):
            return f"{item['question_id']} › {version}"
        if section == "decisions" and item.get("step_number") is not None:
            return f"{'steg' if self.lang == 'sv' else 'step'} {item['step_number']} › {version}"
        if section == "members" and item.get("user_id"):
            return str(item["user_id"])
        if section == "abcde_reports" and item.get("period_key"):
            return f"{item['period_key']} › {item.get('author')} › {version}"
        return f"{word} {index + 1}"

    def pydantic(self, error: ErrorDetails, prefix: tuple[Any, ...] = ()) -> None:
        kind = error["type"]
        ctx = dict(error.get("ctx") or {})
        if kind in ("value_error", "assertion_error"):
            text = str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
            message = text if self.lang == "sv" else self.t["invalid"]
        elif coachtext.has("import.error." + kind):
            if "expected" in ctx:
                ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
            template = coachtext.text("import.error." + kind, self.lang)
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = template
        else:
            message = self.t["invalid"]
        self.add(self.where(prefix + tuple(error["loc"])), message)

    # ---- the checks -------------------------------------------------------------------------------

    def run(self, model: type[BaseModel]) -> None:
        self._strings()
        try:
            model.model_validate(self.data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                if tuple(error["loc"]) not in self.oversized:
                    self.pydantic(error)
        flow = self._flow()
        self._people()
        self._times()
        self._versions("answers", ("question_id",))
        self._versions("decisions", ("step_number",))
        self._versions("abcde_reports", ("period_key", "author"))
        self._unique("members", ("user_id",))
        if flow is not None:
            self._answers(flow)
            self._decisions(flow)
        self._reports()

    def _strings(self) -> None:
        """No text longer than MAX_STRING anywhere (an answer, a name, an audit detail)."""
        stack: list[tuple[tuple[Any, ...], Any]] = [((), self.data)]
        while stack:
            loc, value = stack.pop()
            if isinstance(value, str) and len(value) > MAX_STRING:
                self.oversized.add(loc)
                self.add(self.where(loc), self.t["too_long"].format(length=_grouped(len(value)),
                                                                  limit=_grouped(MAX_STRING)))
            elif isinstance(value, dict):
                stack.extend((loc + (k,), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((loc + (i,), v) for i, v in enumerate(value))

    def _items(self, section: str) -> list[tuple[int, dict[str, Any]]]:
        items = self.data.get(section)
        return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)] if isinstance(items, list) else []

    def _flow(self) -> Flow | None:
        process = self.data.get("process")
        if not isinstance(process, dict):
            return None
        flow = self.flows.get(str(process.get("flow_id")))
        if flow is None:
            self.add("process › flow_id", self.t["unknown_flow"].format(flow=process.get("flow_id"),
                                                                       known=", ".join(sorted(self.flows))))
            return None
        version = process.get("flow_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > flow.version:
            self.add("process › flow_version", self.t["newer_flow"].format(version=version, known=flow.version))
        step = process.get("current_step")
        last = len(flow.steps)
        if isinstance(step, int) and not 1 <= step <= last:
            self.add("process › current_step", self.t["step_range"].format(step=step, last=last))
        language = process.get("language")
        if isinstance(language, str) and language not in ("sv", "en"):
            self.add("process › language", self.t["language"].format(language=language))
        cursor = process.get("cursor")
        if isinstance(cursor, str) and cursor not in self._question_ids(flow):
            self.add("process › cursor", self.t["unknown_question"].format(qid=cursor))
        return flow

    def _question_ids(self, flow: Flow) -> set[str]:
        return {q.id for q in flow.questions()}

    def _people(self) -> None:
        fields = {"process": ("created_by",), "members": ("user_id", "added_by"), "answers": ("author",),
                  "decisions": ("author",), "audit": ("actor",), "abcde_reports": ("author",)}
        for section, names in fields.items():
            entries = [(None, self.data.get(section))] if section == "process" else self._items(section)
            for index, item in entries:
                if not isinstance(item, dict):
                    continue
                for name in names:
                    value = item.get(name)
                    if isinstance(value, str) and not value.strip():
                        loc = (section, name) if index is None else (section, index, name)
                        self.add(self.where(loc), self.t["user"])

    def _times(self) -> None:
        limit = self.now + FUTURE_TOLERANCE
        for section in ("members", "answers", "decisions", "audit", "abcde_reports"):
            for index, item in self._items(section):
                for name in ("created_at", "added_at"):
                    when = _time(item.get(name))
                    if when is not None and when > limit:
                        self.add(self.where((section, index, name)), self.t["future"].format(when=item[name]))
        process = self.data.get("process")
        when = _time(process.get("created_at")) if isinstance(process, dict) else None
        if when is not None and when > limit:
            self.add("process › created_at", self.t["future"].format(when=process["created_at"]))

    def _versions(self, section: str, keys: tuple[str, ...]) -> None:
        groups: dict[tuple[Any, ...], list[tuple[int, int]]] = defaultdict(list)
        for index, item in self._items(section):
            version = item.get("version")
            if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
                groups[tuple(str(item.get(k)) for k in keys)].append((version, index))
        for key, found in groups.items():
            versions = sorted(v for v, _ in found)
            where = " › ".join([section, *key])
            for version in sorted({v for v in versions if versions.count(v) > 1}):
                self.add(f"{where} › version {version}", self.t["duplicate"])
            if sorted(set(versions)) != list(range(1, len(set(versions)) + 1)):
                self.add(where, self.t["versions"].format(versions=", ".join(map(str, sorted(set(versions))))))

    def _unique(self, section: str, keys: tuple[str, ...]) -> None:
        seen: set[tuple[str, ...]] = set()
        for index, item in self._items(section):
            key = tuple(str(item.get(k)) for k in keys)
            if key in seen:
                self.add(self.where((section, index)), self.t["duplicate"])
            seen.add(key)

    def _answers(self, flow: Flow) -> None:
        known = self._question_ids(flow)
        process = self.data.get("process") or {}
        older_flow = isinstance(process.get("flow_version"), int) and process["flow_version"] < flow.version
        for index, item in self._items("answers"):
            qid = item.get("question_id")
            if not isinstance(qid, str):
                continue
            if qid not in known:
                if not older_flow:  # a question a newer flow removed is kept, not asked (as in the service)
                    self.add(self.where(("answers", index, "question_id")),
                             self.t["unknown_question"].format(qid=qid))
                continue
            value, skipped = item.get("value"), item.get("skipped")
            if skipped is True and value is not None:
                self.add(self.where(("answers", index)), self.t["skipped_value"])
            elif skipped is False and value is None:
                self.add(self.where(("answers", index)), self.t["no_value"])
            elif isinstance(value, dict) and not self._has_oversized(("answers", index)):
                question = flow.question(qid)
                model = ANSWER_TYPES[question.type]
                typed = self._validate(model, value, ("answers", index, "value"))
                if isinstance(typed, ChoiceAnswer) and question.options:
                    allowed = [o.value for o in question.options]
                    if typed.choice not in allowed:
                        self.add(self.where(("answers", index, "value", "choice")),
                                 self.t["choice"].format(choice=typed.choice, allowed=", ".join(allowed)))
                if isinstance(typed, GapChecklist) and question.items:
                    items = {i.id for i in question.items}
                    for row, answer in enumerate(typed.answers):
                        if answer.item not in items:
                            self.add(self.where(("answers", index, "value", "answers", row, "item")),
                                     self.t["check_item"].format(item=answer.item))

    def _decisions(self, flow: Flow) -> None:
        last = len(flow.steps)
        for index, item in self._items("decisions"):
            step = item.get("step_number")
            if isinstance(step, int) and not isinstance(step, bool) and not 1 <= step <= last:
                self.add(self.where(("decisions", index, "step_number")),
                         self.t["step_range"].format(step=step, last=last))
            if isinstance(item.get("value"), dict) and not self._has_oversized(("decisions", index)):
                self._validate(GateDecision, item["value"], ("decisions", index, "value"))

    def _reports(self) -> None:
        for index, item in self._items("abcde_reports"):
            if isinstance(item.get("value"), dict) and not self._has_oversized(("abcde_reports", index)):
                self._validate(AbcdeReport, item["value"], ("abcde_reports", index, "value"))

    def _has_oversized(self, prefix: tuple[Any, ...]) -> bool:
        return any(loc[:len(prefix)] == prefix for loc in self.oversized)

    def _validate(self, model: type[BaseModel], value: dict[str, Any], prefix: tuple[Any, ...]) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.pydantic(error, prefix)
        except (ValueError, TypeError, RecursionError):
            self.add(self.where(prefix), self.t["invalid"])
        return None


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")
