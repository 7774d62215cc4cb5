"""Seed 004, Brå's web page: its headings, and the page furniture dropped (fixes.yaml)."""

from __future__ import annotations

from guidance_corpus.cleaning.data import FIXES, SeedSpec
from guidance_corpus.cleaning.repair import blocks_from_lines

_HEADINGS_004 = FIXES["web"]["headings"]
_DROP_004 = tuple(FIXES["web"]["drop_lines_starting"])


def _clean_004(text: str, spec: SeedSpec) -> str:
    lines = text.split("\n")
    out: list[str] = []
    buf: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if i == 0 and s == "Planera uppföljning":
            continue
        if s.startswith(_DROP_004):
            continue
        if s in _HEADINGS_004:
            out += blocks_from_lines(buf)
            buf = []
            out.append(f"## {s}")
            continue
        buf.append(line)
    out += blocks_from_lines(buf)
    return "\n\n".join(out)
