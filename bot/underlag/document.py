"""The beslutsunderlag as one content model: what `build_document` assembles and every format renders.

Shaped like a Swedish tjänsteskrivelse: title block, Förslag till beslut (numbered att-clauses),
Sammanfattning, Ärendet, the step's content in the guide's templates, Bedömning (criteria table),
Vad som saknas, Konsekvenser, Bilagor and Källor. Nothing here knows Markdown, HTML or DOCX; user text
is kept exactly as typed. `as_data(doc)` is the plain-data form the golden tests compare.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flows.answers import AnswerModel


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str | None = None  # a bold label before the text ("Beslutat:")
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    depths: tuple[int, ...] = ()  # nesting per item (a tree); empty: all at depth 0
    kind: str = "bullets"


@dataclass(frozen=True)
class Fields:
    pairs: tuple[tuple[str, str], ...]
    kind: str = "fields"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fraction of the text width per column, fitted to the content
    caption: str | None = None
    key: str = ""  # what the table is (criteria, implementation_plan, follow_up, …), for tests and styling
    kind: str = "table"


@dataclass(frozen=True)
class Figure:
    question_id: str
    diagram: str  # problem_tree | effect_logic
    title: str
    number: int
    value: AnswerModel | None = field(default=None, compare=False, repr=False)  # what is drawn
    kind: str = "figure"


@dataclass(frozen=True)
class Note:
    """A short remark in italics: a skipped or unanswered question, a reference to an appendix."""

    text: str
    kind: str = "note"


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: str = "subheading"


Block = Paragraph | Bullets | Fields | Table | Figure | Note | Subheading


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...]
    key: str = ""


@dataclass(frozen=True)
class TitleBlock:
    document_type: str  # "Beslutsunderlag"
    title: str  # the gate's decision, e.g. "Prioriterade behov och målgrupper"
    process: str
    gate: str  # "Beslutspunkt 2 av 7 – Kartlägga nuläge"
    recipient: str
    date: dt.date
    version: str  # answers saved in the step (the sum of their versions): grows with every change
    author: str
    diarienummer: str
    status: str
    decided: str | None = None  # "Beslutat 2025-03-12 av Områdesstyrgruppen Skogås"
    header: str = ""  # running header: process – gate

    def rows(self, labels: dict[str, str]) -> list[tuple[str, str]]:
        """The title block as label/value rows, in the order a registrator reads them."""
        version = labels["doc_version_value"].format(n=self.version)
        rows = [(labels["process"], self.process), (labels["gate"], self.gate),
                (labels["recipient"], self.recipient), (labels["date"], self.date.isoformat()),
                (labels["doc_version"], version), (labels["author"], self.author),
                (labels["diarienummer"], self.diarienummer), (labels["status"], self.status)]
        if self.decided:
            rows.append((labels["decided"], self.decided))
        return rows


@dataclass(frozen=True)
class Clause:
    text: str  # begins with "att "
    items: tuple[str, ...] = ()  # a list the clause names ("att testa följande insatser:")


@dataclass(frozen=True)
class Proposal:
    basis: str  # decision | draft | guide
    intro: str  # "Områdesstyrgruppen Skogås föreslås besluta" / "… beslutade 2025-03-12"
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Criterion:
    text: str
    status: str  # met | unmet | partly
    motivation: str


@dataclass(frozen=True)
class Missing:
    text: str
    details: tuple[str, ...] = ()
    action: str | None = None
    step: int | None = None


@dataclass(frozen=True)
class SourceRef:
    title: str
    publisher: str
    year: str
    locators: tuple[str, ...]
    shown: tuple[str, ...] = ()  # locators of passages shown to the team during the step

    def reference(self) -> str:
        return f"{self.title}. {self.publisher}, {self.year}."


@dataclass(frozen=True)
class Beslutsunderlag:
    lang: str
    step: int
    labels: dict[str, str] = field(compare=False, repr=False)
    title: TitleBlock
    proposal: Proposal
    summary: tuple[Paragraph, ...]
    background: Part
    content: tuple[Part, ...]
    assessment: tuple[Criterion, ...]
    missing: tuple[Missing, ...]
    consequences: Part | None
    appendices: tuple[Part, ...]
    sources: tuple[SourceRef, ...]

    def figures(self) -> list[Figure]:
        return [b for part in self.appendices for b in part.blocks if isinstance(b, Figure)]

    def parts(self) -> list[Part]:
        """Every part holding blocks, in document order (for renderers walking blocks)."""
        return [self.background, *self.content, *([self.consequences] if self.consequences else []),
                *self.appendices]


def as_data(value: Any) -> Any:
    """Plain data (dicts, lists, strings) of the model, without drawn values: what golden files hold."""
    if dataclasses.is_dataclass(value):
        return {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("value", "labels")}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
