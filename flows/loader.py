"""Load flow definitions in three stages: YAML syntax → typed models → semantic checks.

Every error names the file, the flow and, where it applies, the step and question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from flows.checks import CHECKS
from flows.errors import FlowError, FlowErrors
from flows.schema import Flow, Step

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
DEFAULT_FLOW_ID = "datadriven_omradesutveckling"


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: the same data, about ten times faster than pure Python (the
guide's flow is parsed in 0.2 s instead of 2 s, at every start of `coach`)."""


def parse_yaml(text: str, where: str) -> dict:
    """Stage 1: the text is YAML and a mapping."""
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)  # a safe loader (C or Python)
    except yaml.YAMLError:
        try:  # the pure-Python loader's message shows the line and a caret under the mistake
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise FlowError(where, f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise FlowError(where, "a flow must be a YAML mapping with id, title, documents and steps")
    return data


def to_model(data: dict, where: str) -> Flow:
    """Stage 2: the mapping fits the typed schema."""
    flow_id = data.get("id", "?")
    try:
        return Flow.model_validate(data)
    except ValidationError as error:
        lines = []
        for item in error.errors(include_url=False):
            path = _readable_path(data, item["loc"])
            lines.append(f"  {path}: {item['msg']}")
        raise FlowError(f"{where} (flow {flow_id})", "schema errors:\n" + "\n".join(lines)) from error


def _readable_path(data: dict, loc: tuple) -> str:
    """'steps[1] (id=kartlagga_nulage).sections[0].questions[3] (id=…)' from a pydantic loc."""
    parts, node = [], data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            label = f"[{part}]"
            if isinstance(node, dict) and "id" in node:
                label += f" (id={node['id']})"
            parts.append(label)
        else:
            node = node.get(part) if isinstance(node, dict) else None
            parts.append(f".{part}")
    return "".join(parts).lstrip(".")


def semantic_check(flow: Flow, where: str) -> Flow:
    """Stage 3: ids unique, references resolve, numbering continuous, sources known. Every problem is
    collected (FlowErrors), so an author can fix them in one pass."""
    problems: list[tuple[str | None, str]] = list(_flow_problems(flow))
    types = {q.id: q.type for q in flow.questions()}
    for step in flow.steps:
        label = f"{step.number} ({step.id})"
        problems += [(label, message) for message in _step_problems(flow, step)]
        problems += [(label, message) for message in _gate_problems(step, types)]
        if not any(q.required for q in step.questions()):
            problems.append((label, "has no required question, so its gate can never be judged"))
    if problems:
        prefix = f"{where} (flow {flow.id})"
        raise FlowErrors([FlowError(f"{prefix}, step {step}" if step else prefix, message)
                          for step, message in problems])
    return flow


def _duplicates(ids: Iterable[str]) -> list[tuple[str, int]]:
    return [(dup, count) for dup, count in Counter(ids).items() if count > 1]


def _flow_problems(flow: Flow) -> Iterator[tuple[None, str]]:
    numbers = [s.number for s in flow.steps]
    if numbers != list(range(1, len(numbers) + 1)):
        yield None, f"steps must be numbered 1..{len(numbers)} in order, found {numbers}"
    for kind, ids in (("step", [s.id for s in flow.steps]), ("question", [q.id for q in flow.questions()]),
                      ("gate", [s.gate.id for s in flow.steps])):
        for dup, count in _duplicates(ids):
            yield None, f"duplicate {kind} id {dup!r} ({count} times)"


def _step_problems(flow: Flow, step: Step) -> Iterator[str]:
    """Sources listed, questions unique within their section, choices with options and only they."""
    doc_ids = {d.id for d in flow.documents}
    for source in [step.source, step.gate.source] + [q.source for q in step.questions()]:
        if source.doc not in doc_ids:
            yield f"source document {source.doc!r} is not listed under documents"
    for section in step.sections:
        for dup, count in _duplicates(q.id for q in section.questions):
            yield f"question {dup!r} appears {count} times in section {section.id!r}"
    for q in step.questions():
        if q.type == "choice" and not q.options:
            yield f"question {q.id!r} is a choice without options"
        if q.type != "choice" and q.options:
            yield f"question {q.id!r} has options but type {q.type!r}"


def _gate_problems(step: Step, types: dict[str, str]) -> Iterator[str]:
    """Each criterion of the step's gate: unique, its questions of this step, its check known and fed."""
    own = {q.id for q in step.questions()}
    for dup, _count in _duplicates(c.id for c in step.gate.criteria):
        yield f"duplicate criterion id {dup!r} in gate {step.gate.id!r}"
    for criterion in step.gate.criteria:
        where = f"gate {step.gate.id!r} criterion {criterion.id!r}"
        if criterion.kind == "answered":
            if not criterion.questions:
                yield f"{where} of kind 'answered' names no questions"
            for qid in criterion.questions:
                if qid not in types:
                    yield f"{where} refers to unknown question {qid!r}"
                elif qid not in own:
                    yield f"{where} refers to question {qid!r} of another step"
            continue
        spec = CHECKS.get(criterion.check or "")
        if spec is None:
            yield f"{where} names unknown check {criterion.check!r}; known: {', '.join(sorted(CHECKS))}"
            continue
        _fn, required, wanted_type = spec
        for param in required:
            if param not in criterion.params:
                yield f"{where}: check {criterion.check!r} needs param {param!r}"
        qid = criterion.params.get("question")
        if qid is not None and qid not in types:
            yield f"{where} refers to unknown question {qid!r}"
        elif qid is not None and wanted_type and types[qid] != wanted_type:
            yield f"{where}: check {criterion.check!r} needs a {wanted_type!r} question, {qid!r} is {types[qid]!r}"


def load_flow_text(text: str, where: str = "<text>") -> Flow:
    return semantic_check(to_model(parse_yaml(text, where), where), where)


def load_flow_file(path: Path) -> Flow:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowError(str(path), f"cannot read: {error}") from error
    return load_flow_text(text, str(path))


def definition_files(directory: Path = DEFINITIONS_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_all(directory: Path = DEFINITIONS_DIR) -> dict[str, Flow]:
    flows: dict[str, Flow] = {}
    for path in definition_files(directory):
        flow = load_flow_file(path)
        if flow.id in flows:
            raise FlowError(str(path), f"flow id {flow.id!r} is defined twice")
        flows[flow.id] = flow
    return flows


@lru_cache(maxsize=8)
def get_flow(flow_id: str = DEFAULT_FLOW_ID) -> Flow:
    flows = load_all()
    if flow_id not in flows:
        raise FlowError(str(DEFINITIONS_DIR), f"no flow with id {flow_id!r}; found {sorted(flows)}")
    return flows[flow_id]
