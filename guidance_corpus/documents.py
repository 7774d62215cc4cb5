"""Reading guidance documents — the shipped Markdown corpus and a team's own PDF, DOCX, Markdown and
text files — into sections that carry a citation locator a person can follow."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guidance_corpus.cleaning import DOCUMENTS_DIR, blocks_from_lines, normalize_chars

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx")
_PAGE_MARK = re.compile(r"\s*<!--\s*sida\s+(\d+)\s*-->\s*")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class Block:
    """A paragraph, list item or table of a document, with the page it starts on (when known)."""

    text: str
    page: int | None = None


@dataclass
class Section:
    """Text under one heading. ``path`` holds the headings from the top (without the document title)."""

    path: list[str]
    blocks: list[Block] = field(default_factory=list)
    line: int | None = None  # for plain text: first line number


@dataclass
class SourceDocument:
    doc_id: str
    title: str
    path: Path
    content_hash: str
    structure: str  # slides | pages | sections | lines
    meta: dict = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def slug(text: str) -> str:
    s = normalize_chars(text).lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("ü", "u")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:60] or "dokument"


def discover(directory: Path) -> list[Path]:
    """Supported files under a directory (recursively), in a stable order; hidden files skipped."""
    directory = Path(directory)
    if directory.is_file():
        return [directory] if directory.suffix.lower() in SUPPORTED_SUFFIXES else []
    files = [p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
             and not any(part.startswith((".", "~$")) for part in p.relative_to(directory).parts)]
    return sorted(files)


def shipped_corpus_dir() -> Path:
    return DOCUMENTS_DIR


def load_document(path: Path, doc_id: str | None = None) -> SourceDocument:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return load_markdown(path, doc_id)
    if suffix == ".txt":
        return load_text(path, doc_id)
    if suffix == ".pdf":
        return load_pdf(path, doc_id)
    if suffix == ".docx":
        return load_docx(path, doc_id)
    raise ValueError(f"unsupported file type: {path.name}")


# --------------------------------------------------------------------------- Markdown

def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 4:].lstrip("\n")
    return {}, text


def load_markdown(path: Path, doc_id: str | None = None) -> SourceDocument:
    raw = normalize_chars(path.read_text(encoding="utf-8"))
    meta, body = split_front_matter(raw)
    title = str(meta.get("title") or "")
    sections: list[Section] = []
    path_stack: list[tuple[int, str]] = []
    current = Section(path=[])
    page: int | None = None
    para: list[str] = []
    has_pages = "<!-- sida" in body

    def flush_para() -> None:
        nonlocal para, page
        if para:
            text = "\n".join(para).strip()
            marks = [int(m) for m in _PAGE_MARK.findall(text)]
            text = _PAGE_MARK.sub(" ", text).strip()
            if text:
                current.blocks.append(Block(text=text, page=page))
            if marks:  # a paragraph that ran over a page break: what follows is on the later page
                page = marks[-1]
            para = []

    for line in body.split("\n"):
        m_page = _PAGE_MARK.fullmatch(line)
        if m_page:
            flush_para()
            page = int(m_page.group(1))
            continue
        m_head = _HEADING.match(line)
        if m_head:
            flush_para()
            level, heading = len(m_head.group(1)), m_head.group(2).strip()
            if level == 1 and not title:
                title = heading
                continue
            if level == 1:
                continue
            if current.blocks or not sections:
                sections.append(current)
            path_stack = [(lv, h) for lv, h in path_stack if lv < level] + [(level, heading)]
            current = Section(path=[h for _, h in path_stack])
            continue
        if not line.strip():
            flush_para()
            continue
        para.append(line)
    flush_para()
    sections.append(current)
    sections = [s for s in sections if s.blocks]
    if not title:
        title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
    structure = str(meta.get("structure") or ("pages" if has_pages else "sections"))
    return SourceDocument(doc_id=str(meta.get("id") or doc_id or slug(path.stem)), title=title, path=path,
                          content_hash=content_hash(path), structure=structure, meta=meta, sections=sections)


# --------------------------------------------------------------------------- plain text

def load_text(path: Path, doc_id: str | None = None) -> SourceDocument:
    raw = normalize_chars(path.read_bytes().decode("utf-8", errors="replace"))
    lines = raw.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip()), path.stem)[:120]
    section = Section(path=[], line=1)
    # paragraphs with their first line number, as the locator ("rad N")
    start = None
    buf: list[str] = []
    for no, line in enumerate(lines + [""], 1):
        if line.strip():
            if start is None:
                start = no
            buf.append(line)
        elif buf:
            for text in blocks_from_lines(buf, join_blank_lowercase=False):
                section.blocks.append(Block(text=text, page=start))
            buf, start = [], None
    return SourceDocument(doc_id=doc_id or slug(path.stem), title=title, path=path,
                          content_hash=content_hash(path), structure="lines", meta={"language": None},
                          sections=[section] if section.blocks else [])


# --------------------------------------------------------------------------- PDF

def load_pdf(path: Path, doc_id: str | None = None) -> SourceDocument:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    info_title = None
    try:
        info_title = (reader.metadata or {}).get("/Title")
    except Exception:  # noqa: BLE001 - broken metadata should not stop ingestion
        info_title = None
    sections: list[Section] = []
    first_line = None
    for pno, page in enumerate(reader.pages, 1):
        text = normalize_chars(page.extract_text() or "")
        if first_line is None:
            first_line = next((ln.strip() for ln in text.split("\n") if ln.strip()), None)
        section = Section(path=[])  # a page is the unit a reader of a PDF cites
        for block in blocks_from_lines(text.split("\n")):
            section.blocks.append(Block(text=block, page=pno))
        if section.blocks:
            sections.append(section)
    title = str(info_title).strip() if info_title and str(info_title).strip() else (first_line or path.stem)
    return SourceDocument(doc_id=doc_id or slug(path.stem), title=title[:160], path=path,
                          content_hash=content_hash(path), structure="pages", meta={}, sections=sections)


# --------------------------------------------------------------------------- DOCX

def load_docx(path: Path, doc_id: str | None = None) -> SourceDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    title = (d.core_properties.title or "").strip()
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current = Section(path=[])
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            text = normalize_chars(p.text).strip()
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            level = _docx_heading_level(style)
            if style == "Title" and not title:
                title = text
                continue
            if level:
                if current.blocks:
                    sections.append(current)
                stack = [(lv, h) for lv, h in stack if lv < level] + [(level, text)]
                current = Section(path=[h for _, h in stack])
                continue
            prefix = "- " if "List" in style else ""
            current.blocks.append(Block(text=prefix + text))
        elif tag == "tbl":
            table = Table(child, d)
            rows = []
            for row in table.rows:
                cells = [normalize_chars(c.text).strip().replace("\n", " ") for c in row.cells]
                rows.append("| " + " | ".join(cells) + " |")
            if rows:
                rows.insert(1, "|" + "---|" * (rows[0].count("|") - 1))
                current.blocks.append(Block(text="\n".join(rows)))
    if current.blocks:
        sections.append(current)
    if not title:
        title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
    return SourceDocument(doc_id=doc_id or slug(path.stem), title=title, path=path,
                          content_hash=content_hash(path), structure="sections", meta={}, sections=sections)


def _docx_heading_level(style: str) -> int:
    m = re.match(r"(?:Heading|Rubrik)\s*(\d)", style)
    return int(m.group(1)) if m else 0
