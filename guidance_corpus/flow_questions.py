"""Document expansion without a model ("doc2query" from the product's own questions): every question of
the shipped flow (flows/definitions/datadriven_omradesutveckling.yaml) names the slide or section of a
shipped guide it comes from (``source: {doc, locator, quote}``). Its Swedish text, written in the
guide's words the way an official asks, is attached to the passage(s) that locator points to and
appended to those passages' retrieval windows before they are embedded (see ``Chunk.windows``), so a
question phrased like the guide's own questions finds the passage it was written from.

Only the shipped documents are expanded (their front-matter ids "000".."004" are the flow's
``source.doc``); a team's own files never are. Locators that cannot be mapped reliably (a slide without
text, a heading that is not a passage, a whole document) are skipped and counted."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from guidance_corpus.chunking import Chunk

FLOW_ID = "datadriven_omradesutveckling"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _heading(c: Chunk) -> str:
    return c.text.split("\n", 1)[0]


@dataclass
class Expansion:
    by_chunk: dict[str, list[str]] = field(default_factory=dict)  # chunk id -> attached question texts
    counts: Counter = field(default_factory=Counter)              # mapped / skipped (with reason)


@lru_cache(maxsize=1)
def flow_questions() -> tuple[tuple[str, str, str, str], ...]:
    """(doc id, locator, quote, Swedish text) of the shipped flow's questions with a source."""
    try:
        from flows.loader import get_flow

        flow = get_flow(FLOW_ID)
    except Exception:  # noqa: BLE001 - no flow, no expansion: retrieval works without it
        return ()
    out = []
    for q in flow.questions():
        src = getattr(q, "source", None)
        text = q.text.sv.strip() if getattr(q, "text", None) is not None else ""
        if src is not None and text:
            out.append((str(src.doc), str(src.locator or "").strip(), str(src.quote or ""), text))
    return tuple(out)


def targets(chunks: list[Chunk], locator: str, quote: str = "") -> tuple[list[Chunk], str]:
    """The passages of one document that a flow question's locator points to, and how it matched.
    "Bild 25" -> the passages whose locator is slide 25; "Avsnitt 5, Säkerställ följande" -> the
    passages of section 5 that contain "Säkerställ följande"; otherwise a slide or section heading
    (slides split in parts, "Uppföljning & Analys (2)", all count). A quote narrows the match."""
    if not chunks or not locator:
        return [], "no locator"
    if _norm(locator) == _norm(chunks[0].title):
        return [], "whole document"
    m = re.match(r"Bild (\d+)\b", locator)
    if m:
        found, how = [c for c in chunks if re.match(rf"Bild {m.group(1)}\b", c.locator)], "slide"
    elif m := re.match(r"Avsnitt (\d+),\s*(.+)", locator):
        section = [c for c in chunks if re.match(rf"{m.group(1)}\. ", c.locator)]
        found, how = [c for c in section if _norm(m.group(2)) in _norm(c.text)], "section"
    else:
        key = _norm(locator)
        found = [c for c in chunks if _norm(re.sub(r"\s*\(\d+\)$", "", _heading(c))) == key]
        how = "heading"
        if not found:
            found = [c for c in chunks if key in _norm(_heading(c))]
            how = "heading (contains)"
    if quote and len(found) > 1:
        narrowed = [c for c in found if _norm(quote) in _norm(c.text)]
        found = narrowed or found
    return found, how if found else "not found"


def expand(doc_id: str, chunks: list[Chunk]) -> Expansion:
    """Attach the flow questions whose source is ``doc_id`` to their passages (``Chunk.questions``)."""
    exp = Expansion()
    for src_doc, locator, quote, text in flow_questions():
        if src_doc != doc_id:
            continue
        found, how = targets(chunks, locator, quote)
        exp.counts[f"mapped: {how}" if found else f"skipped: {how}"] += 1
        for c in found:
            exp.by_chunk.setdefault(c.id, []).append(text)
    for c in chunks:
        qs = exp.by_chunk.get(c.id)
        c.questions = " ".join(dict.fromkeys(qs)) if qs else ""
    return exp


def fingerprint(doc_id: str) -> str:
    """A short hash of the flow questions that point into ``doc_id``: part of the document's content
    hash in the index manifest, so editing the flow re-embeds the affected document's windows."""
    rows = [r for r in flow_questions() if r[0] == doc_id]
    if not rows:
        return ""
    return hashlib.sha1(repr(rows).encode("utf-8")).hexdigest()[:10]
