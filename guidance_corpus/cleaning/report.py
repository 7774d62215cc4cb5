"""Seed 003, the SKL report: sections and appendices as headings, page markers, footnotes, subheadings found
by layout, paragraphs cut by page breaks joined, and the empty template tables restored (fixes.yaml)."""

from __future__ import annotations

import re

from guidance_corpus.cleaning.data import FIXES, SeedSpec
from guidance_corpus.cleaning.repair import (
    END_SENTENCE,
    PAGE_NO,
    is_bullet,
    join_lines,
    norm,
    render_blocks,
    starts_lower,
)

_RUNNING_HEADER = re.compile(r"^\s*(Avsnitt \d+( - .*)?|Bilaga [ABC](\s+-\s+.*)?|A|vs|ni|tt|vsnitt \d+|\t\s*\d+)\s*$")
_SECTION = re.compile(r"^\s*(?:\d+\s+)?([1-8])\.\s+(\S.*?)\s*$")
_AVSNITT = re.compile(r"^\s*Avsnitt ([1-8]) - (.+?)\s*$", re.M)
_BILAGA = re.compile(r"^\s*Bilaga ([ABC])\s+-\s+(.+?)\s*$")
_FOOTNOTE = re.compile(r"^(\d{1,2})\t\s*(.+)$")
# Empty template tables of the report whose grid the PDF text lost: the column heads come out as one
# line (or loose lines) and the row numbers are dropped as page numbers. Restored as Markdown tables;
# a seed without them fails loudly rather than silently keeping the garbled text.
_TEMPLATES_003 = {t["garbled"]: (t["columns"], t["rows"]) for t in FIXES["report"]["templates"]}


def _clean_003(text: str, spec: SeedSpec) -> str:
    avsnitt = {m.group(1): m.group(2) for m in _AVSNITT.finditer(text)}
    pages = re.split(r"\n(?= \S)|^(?= \S)", text)
    pages = [p for p in pages if p.strip()]
    out: list[str] = []
    seen_bilaga: set[str] = set()
    for pno, page in enumerate(pages, 1):
        out.append(f"<!-- sida {pno} -->")
        lines = page.split("\n")
        body: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            m_sec = _SECTION.match(line)
            if m_sec and not norm(m_sec.group(2))[:6] == norm(avsnitt.get(m_sec.group(1), "-"))[:6]:
                m_sec = None
            m_bil = _BILAGA.match(line)
            if m_sec:
                heading = m_sec.group(2)
                while (i + 1 < len(lines) and starts_lower(lines[i + 1]) and len(heading) < 70
                       and len(lines[i + 1].strip()) < 70):
                    i += 1
                    heading = join_lines(heading, lines[i])
                out.extend(_report_blocks(body))
                body = []
                out.append(f"## {m_sec.group(1)}. {heading.strip()}")
            elif m_bil and m_bil.group(1) not in seen_bilaga:
                seen_bilaga.add(m_bil.group(1))
                heading = m_bil.group(2).strip()
                while i + 1 < len(lines) and starts_lower(lines[i + 1]) and len(lines[i + 1].strip()) < 45:
                    i += 1  # "Hållpunkter för arbetet" / "med sociala investeringar med" / "illustrativa exempel"
                    heading = join_lines(heading, lines[i])
                out.extend(_report_blocks(body))
                body = []
                out.append(f"## Bilaga {m_bil.group(1)} – {heading.strip()}")
            elif _RUNNING_HEADER.match(line) or PAGE_NO.match(line) and line.strip():
                pass
            elif line.strip() == "Förord" and pno == 1:
                out.append("## Förord")
            else:
                fm = _FOOTNOTE.match(line)
                if fm:
                    body.append("")
                    body.append(f"Fotnot {fm.group(1)}: {fm.group(2)}")
                    body.append("")
                else:
                    body.append(line)
            i += 1
        out.extend(_report_blocks(body))
    return _restore_templates("\n\n".join(_merge_page_breaks(out)))


def _restore_templates(text: str) -> str:
    for garbled, (columns, rows) in _TEMPLATES_003.items():
        if garbled not in text:
            raise ValueError(f"template table not found in seed 003: {garbled[:40]!r}")
        width = len(columns)
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r + [" "] * (width - len(r))) + " |" for r in rows]
        text = text.replace(garbled, "\n".join(lines))
    return text


def _report_blocks(lines: list[str]) -> list[str]:
    """Paragraphs of the report, with subheadings detected by layout: a short line without final
    punctuation directly followed by a full-width body line, or a short paragraph of its own before one."""
    if not lines:
        return []
    out_lines: list[str] = []
    n = len(lines)
    for i, line in enumerate(lines):
        s = line.strip().replace("\ufffd", "")
        nxt = lines[i + 1] if i + 1 < n else ""
        nxt2 = lines[i + 2] if i + 2 < n else ""
        prev = lines[i - 1].strip() if i > 0 else ""
        short = 3 <= len(s) < 75 and not END_SENTENCE.search(s) and not s.endswith(",") \
            and s[:1].isupper() and not is_bullet(line) and not line.startswith("   ") \
            and not re.match(r"^(Figur|Tabell|Fotnot)\b", s)
        starts_block = not prev or END_SENTENCE.search(prev) is not None and len(prev) < 80 or prev == ""
        if short and starts_block:
            follow = nxt if nxt.strip() else nxt2
            if len(follow.rstrip()) >= 80 and follow.strip()[:1].isupper() and not is_bullet(follow):
                # a heading may wrap onto a second short line ("... för att" / "möjliggöra ...")
                out_lines += ["", f"### {s}", ""]
                continue
            if nxt.strip() and starts_lower(nxt) and len(nxt.rstrip()) < 75 and len(nxt2.rstrip()) >= 80:
                out_lines += ["", f"### {s} ", ""]
                out_lines.append("\0HEADCONT")
                continue
        if out_lines and out_lines[-1] == "\0HEADCONT":
            out_lines.pop()
            # attach to the heading line written two entries back
            idx = max(k for k, v in enumerate(out_lines) if v.startswith("### "))
            out_lines[idx] = join_lines(out_lines[idx], s)
            out_lines.append("")
            continue
        out_lines.append(line)
    blocks: list[str] = []
    buf: list[str] = []
    for line in out_lines:
        if line.startswith("### "):
            blocks += render_blocks(buf, indent_bullets=True)
            buf = []
            blocks.append(line.strip())
        else:
            buf.append(line)
    blocks += render_blocks(buf, indent_bullets=True)
    return blocks


def _merge_page_breaks(blocks: list[str]) -> list[str]:
    """A paragraph cut by a page break (no final punctuation; the next page goes on in lower case)
    is joined again; the page marker moves before the paragraph."""
    out: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        j = len(out) - 1
        while j >= 0 and out[j].startswith("Fotnot "):
            j -= 1  # the page's footnotes stand between the two halves of the paragraph
        if (b.startswith("<!-- sida") and j >= 0 and i + 1 < len(blocks)
                and not out[j].startswith(("#", "<!--", "|", "- ")) and not END_SENTENCE.search(out[j])
                and starts_lower(blocks[i + 1]) and not blocks[i + 1].startswith(("#", "- "))):
            notes = out[j + 1:]
            del out[j + 1:]
            out[j] = join_lines(out[j], blocks[i + 1]) + f" <!-- sida {b[10:-4].strip()} -->"
            out.extend(notes)
            i += 2
            continue
        out.append(b)
        i += 1
    return out
