"""Cutting documents into passages along their structure (slides, sections, pages), at most
``MAX_CHARS`` characters each, with a citation locator (title + slide / section / page)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from guidance_corpus.documents import Block, Section, SourceDocument

MAX_CHARS = 1200
SMALL_SECTION = 400  # sub-sections shorter than this share a passage with the next one when it fits
WINDOW_CHARS = 400   # retrieval windows inside a passage (small-to-big), see Chunk.windows
CHUNKER_VERSION = "7"  # 6: flow questions appended to their source passages' windows; 7: long tables by rows
_EMPTY_SLIDE = "*(Bilden har ingen text utöver rubriken.)*"
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[\"”(A-ZÅÄÖ0-9-])")


@dataclass
class Chunk:
    id: str
    doc_id: str
    title: str
    locator: str
    text: str          # what is shown and cited: the heading line and the passage, <= MAX_CHARS
    context: str       # heading path above the passage (for retrieval only)
    page: int | None = None
    questions: str = ""  # the shipped flow's questions taken from this passage (flow_questions.py)

    def index_text(self) -> str:
        """Text for the embedding model and BM25: document title and heading path, then the passage."""
        head = f"{self.title} – {self.context}" if self.context else self.title
        return f"{head}\n{self.text}"

    def windows(self, size: int = WINDOW_CHARS) -> list[str]:
        """Small-to-big retrieval: the passage as overlapping windows of whole sentences and list items
        (about ``size`` characters, each sharing one sentence with the next), every one with the
        heading path and heading line in front (not the document title: in a 400-character window
        it outweighs the sentences and pulls all windows of a document together). A passage is scored
        by its best window, so one sentence that answers the question is not diluted by the rest of a
        long passage; the passage itself (<= MAX_CHARS) is still what is shown and cited. The flow
        questions written from this passage (``questions``, shipped guides only) are appended to each
        window: document expansion with the guide's own questions, for the embedding model only."""
        first, _, rest = self.text.partition("\n")
        heading, body = (first, rest) if rest.strip() else ("", first)
        prefix = "".join(f"{h}\n" for h in (self.context, heading) if h)
        units = [u.strip() for para in re.split(r"\n\s*\n", body) for u in _SENTENCE.split(para.strip())
                 if u.strip()]
        suffix = f"\n{self.questions}" if self.questions else ""
        if not units:
            return [(prefix.rstrip() or self.text) + suffix]
        out: list[str] = []
        start = 0
        while start < len(units):
            end, n = start + 1, len(units[start])
            while end < len(units) and n + 1 + len(units[end]) <= size:
                n += 1 + len(units[end])
                end += 1
            out.append(prefix + "\n".join(units[start:end]) + suffix)
            if end >= len(units):
                break
            start = max(end - 1, start + 1)
        return out

    def to_dict(self) -> dict:
        return asdict(self)


def _split_table(text: str, budget: int) -> list[str] | None:
    """A Markdown table longer than the budget, split between rows with its header row repeated in each
    part, so every passage reads as a table. None when `text` is not such a table."""
    lines = text.split("\n")
    if len(lines) < 3 or not all(line.lstrip().startswith("|") for line in lines):
        return None
    head, rows = lines[:2], lines[2:]
    if not set(head[1].replace("|", "").strip()) <= set("-: "):
        head, rows = lines[:1], lines[1:]  # no separator row: repeat the first row alone
    header = "\n".join(head)
    out: list[str] = []
    cur: list[str] = []
    for row in rows:
        if cur and len(header) + sum(len(r) + 1 for r in cur) + len(row) + 1 > budget:
            out.append("\n".join([header, *cur]))
            cur = []
        cur.append(row)
    if cur:
        out.append("\n".join([header, *cur]))
    return out if all(len(o) <= budget for o in out) else None


def _split_long(text: str, budget: int) -> list[str]:
    """Split a block longer than the budget: a table between rows, other text at sentences, then words."""
    if len(text) <= budget:
        return [text]
    table = _split_table(text, budget)
    if table is not None:
        return table
    out: list[str] = []
    cur = ""
    for sentence in _SENTENCE.split(text):
        while len(sentence) > budget:
            cut = sentence.rfind(" ", 0, budget)
            cut = cut if cut > budget // 2 else budget
            if cur:
                out.append(cur)
                cur = ""
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if not cur:
            cur = sentence
        elif len(cur) + 1 + len(sentence) <= budget:
            cur = f"{cur} {sentence}"
        else:
            out.append(cur)
            cur = sentence
    if cur:
        out.append(cur)
    return [o for o in out if o]


def _pages(blocks: list[Block]) -> str:
    pages = sorted({b.page for b in blocks if b.page is not None})
    if not pages:
        return ""
    return f"s. {pages[0]}" if len(pages) == 1 else f"s. {pages[0]}–{pages[-1]}"


def _locator(doc: SourceDocument, path: list[str], blocks: list[Block]) -> str:
    heading = " › ".join(path)
    if doc.structure == "slides":
        if path and path[0].startswith("Bild "):
            return path[0]
        return f"bilden ”{path[0]}”" if path else "bilderna"
    if doc.structure == "lines":
        first = next((b.page for b in blocks if b.page is not None), None)
        return f"rad {first}" if first else "texten"
    pages = _pages(blocks)
    if heading and pages:
        return f"{heading}, {pages}"
    return heading or pages or "inledningen"


def chunk_document(doc: SourceDocument, max_chars: int = MAX_CHARS) -> list[Chunk]:
    units: list[tuple[list[str], list[Block]]] = []  # (heading path, blocks) in passage-sized pieces
    for section in doc.sections:
        blocks = [b for b in section.blocks if b.text.strip() and b.text.strip() != _EMPTY_SLIDE]
        if not blocks:
            continue
        units.extend(_pack_section(doc, section, blocks, max_chars))
    units = _merge_small(doc, units, max_chars)
    chunks = []
    for i, (path, blocks) in enumerate(units):
        heading = path[-1] if path else ""
        body = "\n\n".join(b.text for b in blocks)
        text = f"{heading}\n\n{body}" if heading else body
        chunks.append(Chunk(id=f"{doc.doc_id}:{i:04d}", doc_id=doc.doc_id, title=doc.title,
                            locator=_locator(doc, path, blocks), text=text[:max_chars],
                            context=" › ".join(path[:-1]),
                            page=next((b.page for b in blocks if b.page is not None), None)))
    return chunks


def _pack_section(doc: SourceDocument, section: Section, blocks: list[Block],
                  max_chars: int) -> list[tuple[list[str], list[Block]]]:
    heading = section.path[-1] if section.path else ""
    budget = max_chars - (len(heading) + 2 if heading else 0)
    pieces: list[Block] = []
    for b in blocks:
        pieces.extend(Block(text=t, page=b.page) for t in _split_long(b.text, budget))
    out: list[tuple[list[str], list[Block]]] = []
    total = sum(len(p.text) + 2 for p in pieces)
    n = -(-total // budget)  # passages needed; fill them evenly rather than leave a short tail
    target = min(budget, int(total / n * 1.15) + 1) if n > 1 else budget
    cur: list[Block] = []
    size = 0
    for p in pieces:
        add = len(p.text) + (2 if cur else 0)
        if cur and (size + add > budget or size >= target
                    or (doc.structure == "lines" and size > budget * 0.75)):
            out.append((list(section.path), cur))
            cur, size = [], 0
            add = len(p.text)
        cur.append(p)
        size += add
    if cur:
        out.append((list(section.path), cur))
    return out


def _merge_small(doc: SourceDocument, units: list[tuple[list[str], list[Block]]],
                 max_chars: int) -> list[tuple[list[str], list[Block]]]:
    """Short sub-sections (a glossary entry, a two-line subsection) share a passage with their
    following siblings under the same parent heading, each keeping its own heading line in the text.
    Slides are never merged: a slide is the unit a person cites."""
    if doc.structure in ("slides", "lines"):
        return units
    out: list[tuple[list[str], list[Block]]] = []
    for path, blocks in units:
        if out:
            ppath, pblocks = out[-1]
            size = sum(len(b.text) + 2 for b in pblocks) + len(ppath[-1] if ppath else "")
            extra = sum(len(b.text) + 2 for b in blocks) + len(path[-1] if path else "") + 2
            if (size < SMALL_SECTION and size + extra <= max_chars and path[:-1] == ppath[:-1]
                    and path != ppath and path):
                merged = pblocks + [Block(text=path[-1], page=blocks[0].page)] + blocks
                out[-1] = (ppath, merged)
                continue
        out.append((path, blocks))
    return out
