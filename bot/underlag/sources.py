"""Källor in full: every cited document with title, publisher, year and the locators cited.

Publisher and year come from the guidance corpus documents' front matter (guidance_corpus/documents/*.md)
where they are given, else from the flow's document list; a document without a year gets "u.å.".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.underlag.document import SourceRef
from bot.underlag.labels import label
from bot.underlag.model import Underlag
from flows.schema import Flow

CORPUS = Path(__file__).resolve().parents[2] / "guidance_corpus" / "documents"
_FIELD = re.compile(r"^(title|publisher|year):\s*(.*)$", re.MULTILINE)


@lru_cache(maxsize=1)
def front_matter() -> dict[str, dict[str, str]]:
    """doc id → {title, publisher, year} from the corpus files' front matter (values that are not null)."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(CORPUS.glob("[0-9][0-9][0-9]-*.md")):
        head = path.read_text(encoding="utf-8")[:2000].split("\n---", 1)[0]
        out[path.name[:3]] = {k: v.strip().strip("'\"") for k, v in _FIELD.findall(head)
                              if v.strip() not in ("", "null", "~")}
    return out


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def compact(locators: list[str]) -> tuple[str, ...]:
    """"Bild 13", "Bild 14", "Avsnitt 3" → "Bild 13, 14", "Avsnitt 3": one prefix per run of numbers."""
    out: list[str] = []
    last = None
    for loc in sorted(dict.fromkeys(locators), key=_natural):
        m = re.fullmatch(r"(Bild|Sida|Avsnitt|Slide|Page|Section) (\d+(?:[–-]\d+)?)", loc)
        if m and last == m.group(1):
            out[-1] += f", {m.group(2)}"
        else:
            out.append(loc)
        last = m.group(1) if m else None
    return tuple(out)


def sources(flow: Flow, u: Underlag) -> tuple[SourceRef, ...]:
    cited: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for c in u.sources:
        cited.setdefault(c.doc_id, []).append(c.locator)
        titles[c.doc_id] = c.title
    shown: dict[str, list[str]] = {}
    for c in u.passages:
        shown.setdefault(c.doc_id, []).append(c.locator)
        titles.setdefault(c.doc_id, c.title)
    out = []
    for doc_id in sorted(set(cited) | set(shown)):
        meta, doc = front_matter().get(doc_id, {}), flow.document(doc_id)
        publisher = meta.get("publisher") or (doc.publisher if doc else "") or "–"
        year = meta.get("year") or (str(doc.year) if doc and doc.year else label(u.lang, "year_unknown"))
        title = meta.get("title") or (doc.title if doc else titles[doc_id])
        out.append(SourceRef(title, publisher, year, compact(cited.get(doc_id, [])), compact(shown.get(doc_id, []))))
    return tuple(out)
