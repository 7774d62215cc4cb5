"""The problem tree (slide 18) and the effect logic (slide 63) as pictures: SVG for PDF/HTML, PNG for DOCX/Slack.

Both are laid out for the 16 cm text width of an A4 page and stay readable there (text 5–9 pt, wrapped on
word boundaries only). The effect logic has slide 63's columns — resurser, aktiviteter, utfall organisation,
utfall målgrupp kort sikt (medellång sikt when used), lång sikt, mål — an arrow for every link the team
stated, and each link's assumption in a numbered legend.
"""

from __future__ import annotations

from functools import lru_cache

import coachtext
from bot.underlag.drawing import PAGE_WIDTH, PNG_DPI, Arrow, Box, Drawing, to_png, to_svg
from flows.answers import EffectLogic, ProblemTree, TreeNode

WIDTH = int(PAGE_WIDTH / 72 * PNG_DPI)  # PNG width in pixels (16 cm at 220 dpi; matplotlib truncates)
M, GAP = 4.0, 8.0  # page margin and gap between boxes, points
INDENT = 7.0

def _t(lang: str) -> dict[str, str]:
    """The diagrams' words in `lang`: the `diagram.` keys of the catalogue."""
    return coachtext.table("diagram.", lang)


# ---- problem tree ------------------------------------------------------------------------------------------


def _stack(nodes: list[TreeNode], x: float, w: float, style: str) -> tuple[Box, list[Box], list[tuple[Box, Box]]]:
    """One top-level node and its descendants as indented boxes; returns the head, all boxes, parent→child."""
    by_parent: dict[str | None, list[TreeNode]] = {}
    for n in nodes:
        by_parent.setdefault(n.under, []).append(n)
    boxes: list[Box] = []
    links: list[tuple[Box, Box]] = []

    def walk(node: TreeNode, depth: int, parent: Box | None) -> Box:
        box = Box(x + depth * INDENT, 0, w - depth * INDENT, node.text, style, size=7.5 if depth else 8,
                  bold=depth == 0)
        boxes.append(box)
        if parent is not None:
            links.append((parent, box))
        for child in by_parent.get(node.text, []):
            if child is not node:
                walk(child, depth + 1, box)
        return box

    return walk(nodes[0], 0, None), boxes, links


def _groups(nodes: list[TreeNode]) -> list[list[TreeNode]]:
    texts = {n.text for n in nodes}
    heads = [n for n in nodes if not n.under or n.under not in texts]
    members: dict[str, list[TreeNode]] = {}
    for n in nodes:
        if n.under and n.under in texts:
            members.setdefault(n.under, []).append(n)
    return [[h] + [m for m in nodes if m is not h and _descends(m, h.text, members)] for h in heads]


def _descends(node: TreeNode, ancestor: str, members: dict[str, list[TreeNode]]) -> bool:
    stack = list(members.get(ancestor, []))
    while stack:
        current = stack.pop()
        if current is node:
            return True
        stack.extend(members.get(current.text, []))
    return False


def _band(groups: list[list[TreeNode]], top: float, style: str, upward: bool, d: Drawing,
          per_row: int = 5) -> tuple[float, list[Box]]:
    """Groups side by side (at most `per_row` a row), tree lines inside each; returns the y below and the heads."""
    y = top
    heads: list[Box] = []
    for start in range(0, len(groups), per_row):
        band = groups[start:start + per_row]
        w = (PAGE_WIDTH - 2 * M - GAP * (len(band) - 1)) / len(band)
        stacks = [_stack(g, M + i * (w + GAP), w, style) for i, g in enumerate(band)]
        depth = max(sum(b.h + 4 for b in boxes) for _, boxes, _ in stacks)
        for head, boxes, links in stacks:
            yy = y + (depth - sum(b.h + 4 for b in boxes) if upward else 0)
            for b in boxes[::-1] if upward else boxes:
                b.y = yy
                yy += b.h + 4
            d.boxes.extend(boxes)
            heads.append(head)
            for parent, child in links:  # an elbow along the parent's left edge into the child
                edge = (parent.x + INDENT / 2, parent.y if upward else parent.y + parent.h)
                if upward:  # a consequence leads to the consequence above it
                    d.arrows.append(Arrow(edge, child.left, f"tree-{len(d.arrows)}",
                                          connection="angle,angleA=90,angleB=0,rad=0"))
                else:  # a cause (below) leads to the cause above it
                    d.arrows.append(Arrow(child.left, edge, f"tree-{len(d.arrows)}",
                                          connection="angle,angleA=180,angleB=90,rad=0"))
        y += depth + 2 * GAP
    return y, heads


def problem_tree_drawing(t: ProblemTree, lang: str = "sv") -> Drawing:
    """Consequences above the problem, causes below it, root causes at the bottom (★ prioritised)."""
    tx = _t(lang)
    d = Drawing(height=0, title=f"{tx['tree']}: {t.problem}")
    y = M
    above: list[Box] = []
    below: list[Box] = []
    if t.consequences:
        d.boxes.append(Box(M, y, PAGE_WIDTH / 2, tx["consequences"], "label", size=7.5, bold=True, align="left"))
        y, above = _band(_groups(t.consequences), y + 16, "consequence", True, d)
    problem = Box(PAGE_WIDTH * 0.2, y, PAGE_WIDTH * 0.6, t.problem, "problem", size=9, bold=True)
    d.boxes.append(problem)
    y += problem.h + 2 * GAP
    if t.causes:
        d.boxes.append(Box(M, y, PAGE_WIDTH / 2, tx["causes"], "label", size=7.5, bold=True, align="left"))
        y, below = _band(_groups(t.causes), y + 16, "cause", False, d)
    top, bottom = (problem.x + problem.w / 2, problem.y), (problem.x + problem.w / 2, problem.y + problem.h)
    d.arrows += [Arrow(top, (h.x + h.w / 2, h.y + h.h), f"tree-{len(d.arrows) + i}") for i, h in enumerate(above)]
    d.arrows += [Arrow((h.x + h.w / 2, h.y), bottom, f"tree-{len(d.arrows) + i}") for i, h in enumerate(below)]
    if t.root_causes:
        d.boxes.append(Box(M, y, PAGE_WIDTH * 0.8, tx["roots"], "label", size=7.5, bold=True, align="left"))
        y += 16
        w = (PAGE_WIDTH - 2 * M - GAP * 3) / 4
        row: list[Box] = []
        for i, r in enumerate(t.root_causes):
            # the data mark is words in the box, not a second symbol beside ★ (an asterisk read like a star)
            label = ("★\u00a0" if r.prioritised else "") + r.cause + (f" ({tx['data']})" if r.data_available else "")
            row.append(Box(M + (i % 4) * (w + GAP), y, w, label, "prioritised" if r.prioritised else "root",
                           size=7.5, bold=r.prioritised))
            if len(row) == 4 or i == len(t.root_causes) - 1:
                d.boxes.extend(row)
                y += max(b.h for b in row) + GAP
                row = []
    d.height = y + M
    return d


@lru_cache(maxsize=32)
def _drawn(kind: str, answer_json: str, lang: str, fmt: str, legend: bool = True) -> bytes:
    """The same answer draws the same picture: rendered once per process lifetime (a few kB each)."""
    if kind == "problem_tree":
        drawing = problem_tree_drawing(ProblemTree.model_validate_json(answer_json), lang)
    else:
        from bot.underlag.effect_diagram import effect_logic_drawing

        drawing = effect_logic_drawing(EffectLogic.model_validate_json(answer_json), lang, legend)
    return to_png(drawing) if fmt == "png" else to_svg(drawing)


def problem_tree_png(t: ProblemTree, lang: str = "sv") -> bytes:
    """PNG at 220 dpi, 16 cm wide (for DOCX and Slack)."""
    return _drawn("problem_tree", t.model_dump_json(), lang, "png")


def problem_tree_svg(t: ProblemTree, lang: str = "sv") -> bytes:
    """SVG with real text, 16 cm wide (for HTML and PDF)."""
    return _drawn("problem_tree", t.model_dump_json(), lang, "svg")


def effect_logic_png(e: EffectLogic, lang: str = "sv", legend: bool = True) -> bytes:
    """PNG at 220 dpi, 16 cm wide; `legend=False` leaves the numbered assumptions to the document."""
    return _drawn("effect_logic", e.model_dump_json(), lang, "png", legend)


def effect_logic_svg(e: EffectLogic, lang: str = "sv", legend: bool = True) -> bytes:
    return _drawn("effect_logic", e.model_dump_json(), lang, "svg", legend)


def effect_logic_assumptions(e: EffectLogic, lang: str = "sv") -> list[str]:
    """The numbered assumptions the picture shows (entry n is number n+1): for a table under the picture."""
    from bot.underlag.effect_diagram import effect_logic_drawing

    return effect_logic_drawing(e, lang, legend_below=False).notes
