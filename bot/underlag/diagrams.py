"""Pictures of two answers, as PNG (matplotlib, Agg, no pyplot state): the problem tree and the effect logic.

Sized for Slack: 800 px wide, 9–12 pt text, long labels wrapped; the height follows the content.
matplotlib is imported on the first drawing, so importing this package stays cheap.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from bot.underlag.views import tree
from flows.answers import EffectLogic, ProblemTree

WIDTH, DPI = 800, 100
PAD, GAP, LINE = 16, 10, 15  # px; LINE is the height of one 9 pt line at 100 dpi
COLOURS = {
    "problem": ("#1f4e79", "white"), "consequence": ("#fde9d9", "#222"), "cause": ("#e2efda", "#222"),
    "root": ("#ffffff", "#222"), "prioritised": ("#ffe699", "#222"), "header": ("#d9e1f2", "#1f2937"),
    "node": ("#f2f2f2", "#222"), "indicator": ("#ffffff", "#374151"), "label": ("none", "#374151"),
}


@dataclass
class Box:
    x: float
    y: float
    w: float
    text: str
    style: str
    bold: bool = False
    size: float = 9
    edge: str = "#7f7f7f"

    @property
    def lines(self) -> list[str]:
        em = self.size * DPI / 72 * (0.66 if self.bold else 0.58)  # average glyph width in px (DejaVu Sans)
        chars = max(6, int((self.w - 10) / em))
        lines: list[str] = []
        for line in textwrap.wrap(self.text, chars, break_long_words=False) or [""]:
            while len(line) > chars:  # a long compound word: hyphenate rather than overflow the box
                lines.append(line[:chars - 1] + "-")
                line = line[chars - 1:]
            lines.append(line)
        return lines

    @property
    def h(self) -> float:
        return len(self.lines) * LINE * self.size / 9 + 10


def _render(boxes: list[Box], arrows: list[tuple[Box, Box]], height: float, texts=()) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # imported on first drawing: ~0.3 s
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(height, 0)
    ax.axis("off")
    for a, b in arrows:
        down = b.y > a.y
        start = (a.x + a.w / 2, a.y + a.h if down else a.y)
        end = (b.x + b.w / 2, b.y if down else b.y + b.h)
        if abs(a.y - b.y) < 1:  # side by side: left to right
            start, end = (a.x + a.w, a.y + a.h / 2), (b.x, b.y + b.h / 2)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color="#7f7f7f", lw=0.8))
    for box in boxes:
        face, colour = COLOURS[box.style]
        edge = "none" if box.style == "label" else box.edge
        ax.add_patch(FancyBboxPatch((box.x, box.y), box.w, box.h, boxstyle="round,pad=0,rounding_size=4",
                                    facecolor=face, edgecolor=edge, linewidth=0.8 if edge == "#7f7f7f" else 2.2))
        ax.text(box.x + box.w / 2, box.y + box.h / 2, "\n".join(box.lines), ha="center", va="center",
                fontsize=box.size, color=colour, fontweight="bold" if box.bold else "normal", linespacing=1.25)
    for x, y, text, size in texts:
        ax.text(x, y, text, ha="left", va="top", fontsize=size, color="#374151")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _columns(groups: list[tuple[str, list[str]]], top: float, style: str, upward: bool,
             boxes: list[Box], arrows: list[tuple[Box, Box]], target: Box) -> float:
    """Groups (a node and its descendants) side by side, at most 5 per band; returns the y below them."""
    y = top
    for start in range(0, len(groups), 5):
        band = groups[start:start + 5]
        w = (WIDTH - 2 * PAD - GAP * (len(band) - 1)) / len(band)
        stacks = []
        for i, (head, rest) in enumerate(band):
            x = PAD + i * (w + GAP)
            column = [Box(x, 0, w, head, style, bold=True)] + [Box(x + 8, 0, w - 8, t, style) for t in rest]
            stacks.append(column if not upward else column[::-1])
        depth = max(sum(b.h + 6 for b in col) for col in stacks)
        for col in stacks:
            yy = y + (depth - sum(b.h + 6 for b in col) if upward else 0)
            for b in col:
                b.y = yy
                yy += b.h + 6
            boxes.extend(col)
            arrows.append((target, col[-1]) if upward else (col[0], target))
        y += depth + GAP * 2
    return y


def _groups(nodes) -> list[tuple[str, list[str]]]:
    groups: list[tuple[str, list[str]]] = []
    for depth, text in tree(nodes):
        if depth == 0:
            groups.append((text, []))
        else:
            groups[-1][1].append(("– " * (depth - 1)) + text)
    return groups


def problem_tree_png(t: ProblemTree) -> bytes:
    """Consequences above, the problem in the middle, causes below, root causes at the bottom (★ prioritised)."""
    boxes: list[Box] = []
    arrows: list[tuple[Box, Box]] = []
    problem = Box(WIDTH * 0.2, 0, WIDTH * 0.6, t.problem, "problem", bold=True, size=12)
    y = PAD + 22
    texts = [(PAD, PAD, "Konsekvenser", 10)] if t.consequences else []
    y = _columns(_groups(t.consequences), y, "consequence", True, boxes, arrows, problem) if t.consequences else y
    problem.y = y
    boxes.append(problem)
    y += problem.h + GAP * 2
    if t.causes:
        texts.append((PAD, y, "Orsaker", 10))
        y = _columns(_groups(t.causes), y + 22, "cause", False, boxes, arrows, problem)
    if t.root_causes:
        texts.append((PAD, y, "Rotorsaker  (★ prioriterad, * data finns)", 10))
        y += 22
        w = (WIDTH - 2 * PAD - GAP * 3) / 4
        row_h = 0.0
        for i, r in enumerate(t.root_causes):
            if i and i % 4 == 0:
                y += row_h + GAP
                row_h = 0.0
            label = ("★ " if r.prioritised else "") + r.cause + (" *" if r.data_available else "")
            box = Box(PAD + (i % 4) * (w + GAP), y, w, label, "prioritised" if r.prioritised else "root",
                      bold=r.prioritised, edge="#c55a11" if r.prioritised else "#7f7f7f")
            boxes.append(box)
            row_h = max(row_h, box.h)
        y += row_h + GAP
    return _render(boxes, arrows, y + PAD, texts)


def effect_logic_png(e: EffectLogic) -> bytes:
    """Resurser → aktiviteter → utfall → mål as four columns, with each level's indicators underneath."""
    outcomes = [("Organisation", e.outcomes_organisation), ("Målgrupp kort sikt", e.outcomes_short),
                ("Målgrupp lång sikt", e.outcomes_long)]
    columns = [("Resurser", "resurser", [("", e.resources)]), ("Aktiviteter", "aktiviteter", [("", e.activities)]),
               ("Utfall", "utfall", outcomes), ("Mål", "mal", [("", [e.goal])])]
    w = (WIDTH - 2 * PAD - 3 * 2 * GAP) / 4
    boxes: list[Box] = []
    texts = []
    y = PAD
    if e.need:
        need = Box(PAD, y, WIDTH - 2 * PAD, "Nuläge: " + e.need, "node", size=10)
        boxes.append(need)
        y += need.h + GAP
    heads = [Box(PAD + i * (w + 2 * GAP), y, w, title, "header", bold=True, size=11)
             for i, (title, _, _) in enumerate(columns)]
    boxes.extend(heads)
    y += heads[0].h + GAP
    depth = {}
    for head, (title, _, groups) in zip(heads, columns, strict=True):
        yy = y
        for label, entries in groups:
            if label and entries:
                box = Box(head.x, yy, w, label, "label", size=8)
                boxes.append(box)
                yy += box.h - 4
            for entry in entries:
                box = Box(head.x, yy, w, entry, "prioritised" if title == "Mål" else "node", bold=title == "Mål")
                boxes.append(box)
                yy += box.h + 6
        depth[title] = yy
    bottom = max(depth.values())
    if e.measures:
        texts.append((PAD, bottom + 4, "Indikatorer", 10))
        bottom += 24
        depth = {level: bottom for _, level, _ in columns}
        for m in e.measures:
            head = heads[[level for _, level, _ in columns].index(m.level)]
            text = m.indicator + (f" ({m.data_source})" if m.data_source else "")
            box = Box(head.x, depth[m.level], w, text, "indicator", size=8)
            boxes.append(box)
            depth[m.level] += box.h + 6
        bottom = max(depth.values())
    return _render(boxes, list(zip(heads, heads[1:], strict=False)), bottom + PAD, texts)
