"""The beslutsunderlag as the JSON the Typst template (prompts/underlag/document.typ) lays out.

User text travels only here, as JSON string values the template reads with `json(bytes(sys.inputs.doc))`
and prints as text: nothing typed by a team is ever Typst source, so `#`, `*`, `$` or `[` in an answer are
characters on the page, not markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.underlag.document import Beslutsunderlag, Bullets, as_data
from bot.underlag.fonts import drawable


def _tree(items: tuple[str, ...], depths: tuple[int, ...]) -> list[dict[str, Any]]:
    """Flat items with nesting depths as a tree: [{"text": …, "children": […]}]; a depth jumping more than
    one level deeper nests under the last item above it."""
    root: list[dict[str, Any]] = []
    stack: list[tuple[int, list[dict[str, Any]]]] = [(-1, root)]
    for text, depth in zip(items, depths or (0,) * len(items), strict=True):
        while len(stack) > 1 and stack[-1][0] >= depth:
            stack.pop()
        node: dict[str, Any] = {"text": text, "children": []}
        stack[-1][1].append(node)
        stack.append((depth, node["children"]))
    return root


def _blocks(blocks: tuple, images: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        data = as_data(block)
        if isinstance(block, Bullets):
            data["tree"] = _tree(block.items, block.depths)
        if block.kind == "figure":
            if block.question_id not in images:
                continue
            data["path"] = images[block.question_id]
        out.append(data)
    return out


def _part(part, images: Mapping[str, str], new_page: bool = False) -> dict[str, Any]:
    return {"heading": part.heading, "key": part.key, "blocks": _blocks(part.blocks, images), "new_page": new_page}


def document_data(d: Beslutsunderlag, images: Mapping[str, str], breaks: Sequence[bool] = ()) -> dict[str, Any]:
    """Everything the template shows; `images` maps a question id to its picture's path in the Typst root,
    `breaks` says which appendices start a page (bot/underlag/pictures.py: appendix_breaks)."""
    L = d.labels
    page_word, _, rest = L["page_of"].partition("{page}")
    t = d.title
    return {
        "lang": d.lang, "region": "GB" if d.lang == "en" else "SE",
        "labels": {k: L[k] for k in ("proposal", "summary", "assessment", "whats_missing", "action",
                                     "nothing_missing", "appendices", "sources", "shown_passages")},
        "page_word": page_word.strip(), "of_word": rest.partition("{pages}")[0].strip(),
        "meta": {"title": f"{t.document_type}: {t.title}", "author": t.author,
                 "description": f"{t.process} – {L['gate']} {d.step}", "keywords": [f"{L['gate']} {d.step}"],
                 "date": [t.date.year, t.date.month, t.date.day]},
        "header": t.header, "document_type": t.document_type, "title": t.title,
        "title_rows": [list(row) for row in t.rows(L)],
        "proposal": {"intro": d.proposal.intro,
                     "clauses": [{"text": c.text, "items": list(c.items)} for c in d.proposal.clauses]},
        "summary": _blocks(d.summary, images),
        "parts": [_part(p, images) for p in (d.background, *d.content)],
        "criteria": {"headers": [L["criterion"], L["status"], L["motivation"]], "widths": [0.38, 0.16, 0.46],
                     "rows": [[c.text, L[c.status], c.motivation] for c in d.assessment], "key": "criteria"},
        "missing": [{"text": m.text, "action": m.action, "details": list(m.details)} for m in d.missing],
        "consequences": _part(d.consequences, images) if d.consequences else None,
        "appendices": [_part(p, images, i < len(breaks) and breaks[i]) for i, p in enumerate(d.appendices)],
        "sources": [as_data(s) for s in d.sources],
    }


def _drawable(value: Any) -> Any:
    """Every text of the data as the PDF's fonts can draw it (bot.underlag.fonts.drawable); paths and keys
    of pictures are ASCII and pass unchanged."""
    if isinstance(value, str):
        return drawable(value)
    if isinstance(value, dict):
        return {k: _drawable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_drawable(v) for v in value]
    return value


def document_json(d: Beslutsunderlag, images: Mapping[str, str], breaks: Sequence[bool] = ()) -> str:
    return json.dumps(_drawable(document_data(d, images, breaks)), ensure_ascii=False)
