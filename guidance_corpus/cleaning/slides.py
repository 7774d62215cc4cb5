"""The three slide decks: seed 001 (the Huddinge guide, 66 numbered slides), 000 and 002 (slides without
a slide list). What is particular to each deck comes from fixes.yaml."""

from __future__ import annotations

import re

from guidance_corpus.cleaning.data import FIXES, SeedSpec
from guidance_corpus.cleaning.repair import PAGE_NO, blocks_from_lines, norm, render_blocks, split_pages_loose

_001 = FIXES["slides-001"]
_STEP_NAV = _001["step_navigation"]
_VERTICAL_LABELS_001 = _001["vertical_labels"]
_000 = FIXES["slides-000"]
_PAGES_000 = [tuple(page) for page in _000["pages"]]
_VAGVAL_000 = _000["vagval"]
_NAV_000 = set(_000["navigation"])
_002 = FIXES["slides-002"]
_TITLES_002 = _002["titles"]
_TRAILING_002 = set(_002["trailing_titles"])


def _slide_titles_001(tail: str) -> list[tuple[int, str]]:
    titles = []
    for m in re.finditer(r"^\s*Bild (\d+)(?::\s*(.*?))?\s*$", tail, re.M):
        titles.append((int(m.group(1)), re.sub(r"\s+", " ", (m.group(2) or "")).strip()))
    return titles


def _title_in_block(title: str, block: str) -> bool:
    if not title:
        return False
    t = norm(title)
    lines = [ln for ln in block.split("\n") if ln.strip()]
    head = norm("\n".join(lines[:4]))
    if len(t) < 25:  # short titles must be a line of their own
        joined = [norm(ln) for ln in lines]
        return t in joined or head.startswith(t)
    return t[:40] in norm(block)


def _clean_001(text: str, spec: SeedSpec) -> str:
    cut = text.index("\tStandardavsnitt")
    body, tail = text[:cut], text[cut:]
    titles = _slide_titles_001(tail)
    blocks = split_pages_loose(body)
    slides: dict[int, list[str]] = {}
    pos = 0  # index into titles of the next slide expected
    current = None
    for block in blocks:
        strong = True
        matched = None
        for j in range(pos, min(pos + 4, len(titles))):
            n, title = titles[j]
            if _title_in_block(title, block):
                matched = j
                break
        if matched is None and pos < len(titles) and not titles[pos][1] and current is not None \
                and strong and _is_new_untitled_slide(block, slides.get(current, [])):
            matched = pos
        if matched is not None:
            current = titles[matched][0]
            pos = matched + 1
        if current is None:
            current = 3
        slides.setdefault(current, []).append(block)
    out = []
    for n, title in titles:
        heading = f"## Bild {n}: {title}" if title else f"## Bild {n}"
        content = slides.get(n)
        if not content:
            if n in (1, 2):
                continue  # title page and table of contents: no text of their own
            out.append(heading)
            out.append("*(Bilden har ingen text utöver rubriken.)*")
            continue
        body = _slide_body_001(content, title)
        if not title and (found := _bottom_title(body)):
            heading, body = f"## Bild {n}: {found}", body[:-1]
        out.append(heading)
        out.extend(body)
    return "\n\n".join(out)


def _bottom_title(blocks: list[str]) -> str | None:
    """Template slides the slide list leaves untitled carry their name as the last line
    ("Mall för att granska antaganden kring samband"): use it as the heading a person can cite."""
    last = blocks[-1].strip() if blocks else ""
    if last.startswith(("Mall för ", "Exempel ")) and len(last) <= 90 and "\n" not in last:
        return last
    return None


def _is_new_untitled_slide(block: str, current_blocks: list[str]) -> bool:
    # An untitled slide (a diagram continued from the previous one) starts at a blank-line run,
    # i.e. the block does not begin with a page-start space.
    return not block.startswith(" ") and bool(current_blocks)


def _slide_body_001(content: list[str], title: str) -> list[str]:
    text = "\n\n".join(c.strip("\n") for c in content)
    for k, v in _VERTICAL_LABELS_001.items():
        text = text.replace(k, v)
    text = text.replace("▪", "\n▪ ")
    lines = [ln for ln in text.split("\n") if not PAGE_NO.match(ln) or not ln.strip()]
    blocks = render_blocks(lines)
    # drop the title itself (it is the heading) and the step navigation on section slides
    tnorm = norm(title)
    blocks = [b for b in blocks if norm(b) != tnorm]
    is_divider = bool(re.match(r"^\d\.\s", title))
    if is_divider:
        nav = {norm(s) for s in _STEP_NAV}
        blocks = [b for b in blocks if norm(b) not in nav]
    return blocks or ["*(Bilden har ingen text utöver rubriken.)*"]


def _clean_000(text: str, spec: SeedSpec) -> str:
    out: list[str] = []
    for page in split_pages_loose(text):
        blocks = blocks_from_lines(page.split("\n"))
        content = [b for b in blocks if norm(b) not in _NAV_000]
        probe = norm(" ".join(blocks))
        title = next((t for marker, t in _PAGES_000 if norm(marker) in probe), None)
        if title is None or (not content and title != "Vägval för ett lärande system"):
            if out and content:
                out.extend(content)
            continue
        if title == "Vägval för ett lärande system":
            if any(o == f"## {title}" for o in out):
                continue
            content = ["Fyra vägval:"] + [f"- {v}" for v in _VAGVAL_000]
        content = [b for b in content if norm(b) != norm("Ett lärande system")]
        out.append(f"## {title}")
        out.extend(content)
    return "\n\n".join(out)


def _nest_sub_bullets(blocks: list[str]) -> list[str]:
    """Sub-bullets (``o``) follow their parent item without a blank line between."""
    out: list[str] = []
    for b in blocks:
        if b.startswith("  - ") and out:
            out[-1] = out[-1] + "\n" + b
        else:
            out.append(b)
    return out


def _clean_002(text: str, spec: SeedSpec) -> str:
    text = text.replace("**", "")
    text = re.sub(r"(\w)-\n(\w)", r"\1-\2", text)  # "Demokrati-\nuppdrag" on slides
    for wrong, right in _002["replacements"]:  # words the extractor broke or the slides misspell
        text = text.replace(wrong, right)
    sections: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        s = line.strip()
        title = next((t for t in _TITLES_002 if s.startswith(t) and len(s) <= len(t) + 40), None)
        if s == spec.title:
            continue
        if title is None or s.startswith("-"):
            pending.append(line)
            continue
        if title == _TITLES_002[0]:
            continue  # the document title (the H1)
        heading = s if title.startswith("Exempel: ") else title
        if title in _TRAILING_002:
            sections.append((heading, pending))
            pending, current = [], None
            continue
        if current is not None:
            current.extend(pending)
        elif sections:
            sections[-1][1].extend(pending)
        pending = []
        current = []
        sections.append((heading, current))
    if current is not None:
        current.extend(pending)
    out = []
    seen: dict[str, int] = {}
    for title, lines in sections:
        seen[title] = seen.get(title, 0) + 1
        heading = title if seen[title] == 1 else f"{title} ({seen[title]})"
        blocks = render_blocks(lines)
        blocks = [re.sub(r"^- - ", "  - ", re.sub(r"^- ✓ ", "- ", b)) for b in blocks]
        out.append(f"## {heading}")
        out.extend(blocks or ["*(Bilden har ingen text utöver rubriken.)*"])
    return "\n\n".join(out)
