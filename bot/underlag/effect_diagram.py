"""Layout of the effect logic in slide 63's columns, with the team's links as numbered arrows.

Columns: resurser, aktiviteter, utfall organisation, utfall målgrupp kort sikt, (medellång sikt, when the
answer has it), lång sikt, mål. A link the team stated between two named parts (`connections`) is an arrow
from one box to the other; a link stated between two columns (`links`, the guide's four questions) is a number
on the arrow between the column headings. Every assumption is listed, numbered, under the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.underlag.diagrams import GAP, M, _t
from bot.underlag.drawing import BADGE_RADIUS as BADGE
from bot.underlag.drawing import PAGE_WIDTH, Arrow, Box, Drawing
from flows.answers import EFFECT_LINKS, EffectLogic
from flows.consistency import same

COLUMN_GAP = 16.0
# Sizes in points at print size (the picture is as wide as the text on A4): the assumptions and the column
# headings at least 8 pt; the boxes of the seven narrow columns a little smaller, never below 7 pt.
NODE, HEAD, TEXT, SMALL = 7.5, 8.0, 8.5, 7.0
LINK_COLUMNS = {"resurser_aktiviteter": ("resources", "activities"), "aktiviteter_utfall_kort": ("activities", "short"),
                "utfall_kort_utfall_lang": ("short", "long"), "utfall_mal": ("long", "goal")}
MEASURE_COLUMN = {"resurser": "resources", "aktiviteter": "activities", "utfall": "short", "mal": "goal"}


def _columns(e: EffectLogic) -> list[tuple[str, list[str]]]:
    columns = [("resources", e.resources), ("activities", e.activities), ("org", e.outcomes_organisation),
               ("short", e.outcomes_short), ("medium", e.outcomes_medium), ("long", e.outcomes_long),
               ("goal", [e.goal])]
    return [(key, items) for key, items in columns if key != "medium" or items]


def _ports(arrows: list[tuple[Box, Box, Arrow]]) -> None:
    """Spread the ends of arrows that leave or enter the same side of a box, ordered by the other end."""
    for side in ("out", "in"):
        by_box: dict[int, list[tuple[Box, Box, Arrow]]] = {}
        for src, dst, a in arrows:
            by_box.setdefault(id(src if side == "out" else dst), []).append((src, dst, a))
        for group in by_box.values():
            box = group[0][0] if side == "out" else group[0][1]
            other = (lambda g: g[1].y) if side == "out" else (lambda g: g[0].y)
            group.sort(key=other)
            for i, (_, _, a) in enumerate(group):
                y = box.y + box.h * (i + 1) / (len(group) + 1)
                if side == "out":
                    a.start = (a.start[0], y)
                else:
                    a.end = (a.end[0], y)


def _spread_badges(arrows: list[Arrow]) -> None:
    """Arrows entering boxes of one column close together had their numbers drawn on top of each other
    (7–10 in the example): a number that would touch one already placed moves back along its arrow's last
    stretch, in steps of a badge, until it stands free (or the stretch ends)."""
    placed: list[tuple[float, float]] = []
    for a in sorted(arrows, key=lambda a: (a.end[0], a.end[1])):
        before = a.via[-1] if a.via else a.start
        x, y = a.badge
        length = max(abs(a.end[0] - before[0]), 1.0)
        dx, dy = (before[0] - a.end[0]) / length, (before[1] - a.end[1]) / length
        for _ in range(int(length // (2 * BADGE)) + 1):
            if all((x - px) ** 2 + (y - py) ** 2 >= (2 * BADGE + 0.6) ** 2 for px, py in placed):
                break
            x, y = x + dx * 2 * BADGE, y + dy * 2 * BADGE
        a.badge = (x, y)
        placed.append((x, y))


def _corridors(boxes: list[Box], top: float, bottom: float) -> list[float]:
    """The heights at which a line can cross a column without touching a box: above, between, below."""
    if not boxes:
        return [(top + bottom) / 2]
    return [boxes[0].y - 3] + [(a.y + a.h + b.y) / 2 for a, b in zip(boxes, boxes[1:], strict=False)] \
        + [boxes[-1].y + boxes[-1].h + 3]


@dataclass(frozen=True)
class _Grid:
    """The columns across the page: their keys, left edges and one width."""

    keys: list[str]
    xs: list[float]
    width: float

    @classmethod
    def of(cls, columns: list[tuple[str, list[str]]]) -> _Grid:
        width = (PAGE_WIDTH - 2 * M - COLUMN_GAP * (len(columns) - 1)) / len(columns)
        return cls([key for key, _ in columns], [M + i * (width + COLUMN_GAP) for i in range(len(columns))], width)


def effect_logic_drawing(e: EffectLogic, lang: str = "sv", legend_below: bool = True) -> Drawing:
    """The picture; its numbered assumptions are in `notes` (and drawn under it unless `legend_below` is
    False, for a document that sets them as a table instead)."""
    tx = _t(lang)
    d = Drawing(height=0, title=f"{tx['logic']}: {e.goal}")
    columns = _columns(e)
    grid = _Grid.of(columns)
    y = M
    if e.need:
        need = Box(M, y, PAGE_WIDTH - 2 * M, f"{tx['need']}: {e.need}", "need", size=TEXT, align="left")
        d.boxes.append(need)
        y += need.h + GAP
    legend, numbers = _column_link_legend(e, tx)
    y = _headings(d, tx, grid, y, numbers)
    placed, stacks, depth = _column_boxes(d, columns, grid, y)
    corridors = [_corridors(boxes, y, y + depth) for boxes in stacks]
    y += depth + GAP
    stated, skipped, back = _connection_arrows(e, placed, legend)
    _ports(stated)
    _route_past_columns(stated, skipped, grid, corridors)
    _place_badges(stated)
    d.arrows += [a for _, _, a in stated] + back
    y += max((0.2 * abs(a.end[0] - a.start[0]) + 4 for a in back), default=0)  # room for the bulge
    if e.measures:
        y = _indicators(d, e, tx, grid, y)
    d.notes = legend
    if legend and legend_below:
        y = _legend(d, tx, legend, y)
    d.height = y + M
    return d


def _column_link_legend(e: EffectLogic, tx: dict[str, str]) -> tuple[list[str], dict[str, int]]:
    """The assumptions stated between two columns (the guide's four questions), numbered first; and the
    number each stands under, by the key of the column the link leads to."""
    numbers: dict[str, int] = {}
    legend: list[str] = []
    for kind in EFFECT_LINKS:
        link = next((x for x in e.links if x.link == kind and x.assumption), None)
        if link is not None:
            numbers[LINK_COLUMNS[kind][1]] = len(legend) + 1
            a, b = LINK_COLUMNS[kind]
            legend.append(f"{tx[a]} → {tx[b]}: {link.assumption}"
                          + (f" {tx['threats']}: {link.threats}" if link.threats else ""))
    return legend, numbers


def _headings(d: Drawing, tx: dict[str, str], grid: _Grid, y: float, numbers: dict[str, int]) -> float:
    """The column headings, one height, with the arrows between them (numbered by the column links);
    the height below them."""
    heads = [Box(x, y, grid.width, tx[key], "header", size=HEAD, bold=True)
             for x, key in zip(grid.xs, grid.keys, strict=True)]
    for head in heads:
        head.min_h = max(h.h for h in heads)
    d.boxes.extend(heads)
    for i in range(len(heads) - 1):
        d.arrows.append(Arrow(heads[i].right, heads[i + 1].left, f"flow-{i}", number=numbers.get(grid.keys[i + 1])))
    return y + (heads[0].h + 2 * GAP)  # as `y += …`: the same float as before


def _column_boxes(d: Drawing, columns: list[tuple[str, list[str]]], grid: _Grid, y: float
                  ) -> tuple[list[tuple[int, Box]], list[list[Box]], float]:
    """Each column's boxes, centred on the tallest column: (column, box) for all, the stacks and their depth."""
    placed: list[tuple[int, Box]] = []
    stacks = []
    for i, (key, items) in enumerate(columns):
        boxes = [Box(grid.xs[i], 0, grid.width, text, "goal" if key == "goal" else "node", size=NODE,
                     bold=key == "goal") for text in items]
        stacks.append(boxes)
        placed += [(i, b) for b in boxes]
    depth = max((sum(b.h + 6 for b in boxes) for boxes in stacks), default=0)
    for boxes in stacks:
        yy = y + (depth - sum(b.h + 6 for b in boxes)) / 2
        for b in boxes:
            b.y = yy
            yy += b.h + 6
        d.boxes.extend(boxes)
    return placed, stacks, depth


def _connection_arrows(e: EffectLogic, placed: list[tuple[int, Box]], legend: list[str]
                       ) -> tuple[list[tuple[Box, Box, Arrow]], dict[int, list[int]], list[Arrow]]:
    """The team's links between two named parts: forward arrows (with the columns each passes), and arrows
    back to an earlier column (or within one). Their assumptions are added to `legend`, numbered."""
    stated: list[tuple[Box, Box, Arrow]] = []
    skipped: dict[int, list[int]] = {}
    back: list[Arrow] = []
    for c in e.connections:
        src = next(((i, b) for i, b in placed if same(c.source, b.text)), None)
        dst = next(((i, b) for i, b in placed if same(c.target, b.text)), None)
        if src is None or dst is None or src[1] is dst[1]:
            continue  # a link to a part not in the logic: the consistency check names it
        number = None
        if c.assumption:
            legend.append(f"{c.source} → {c.target}: {c.assumption}")
            number = len(legend)
        gid = f"link-{len(stated) + len(back)}"
        if dst[0] > src[0]:
            stated.append((src[1], dst[1], Arrow(src[1].right, dst[1].left, gid, number=number)))
            skipped[id(stated[-1][2])] = list(range(src[0] + 1, dst[0]))
        else:
            back.append(_back_arrow(src[1], dst[1], gid, number))
    return stated, skipped, back


def _back_arrow(src: Box, dst: Box, gid: str, number: int | None) -> Arrow:
    """An arrow back to an earlier column (or within one): bottom to bottom, bulging below the boxes."""
    start, end = (src.x + src.w / 2, src.y + src.h), (dst.x + dst.w / 2, dst.y + dst.h)
    dx, dy = end[0] - start[0], end[1] - start[1]
    apex = ((start[0] + end[0]) / 2 + 0.2 * dy, (start[1] + end[1]) / 2 - 0.2 * dx + 0.2 * abs(dy))
    return Arrow(start, end, gid, number=number, connection="arc3,rad=-0.4", badge=apex)


def _route_past_columns(stated: list[tuple[Box, Box, Arrow]], skipped: dict[int, list[int]], grid: _Grid,
                        corridors: list[list[float]]) -> None:
    """An arrow past the columns in between goes through the nearest gap between their boxes."""
    for _, _, a in stated:
        for column in skipped[id(a)]:
            x0, x1 = grid.xs[column] - 2, grid.xs[column] + grid.width + 2
            here = a.via[-1] if a.via else a.start
            gap = min(corridors[column], key=lambda g: abs(g - here[1]))
            a.via += [(x0, gap), (x1, gap)]


def _place_badges(stated: list[tuple[Box, Box, Arrow]]) -> None:
    """A numbered arrow's number stands in the gap just before its target, where no box is, on the side
    it comes from; numbers that would touch are spread."""
    for _, _, a in stated:
        if a.number is not None:
            before = a.via[-1] if a.via else a.start
            step = COLUMN_GAP / 2 if before[0] < a.end[0] else -COLUMN_GAP / 2
            t = abs(step) / max(abs(a.end[0] - before[0]), 1.0)
            a.badge = (a.end[0] - step, a.end[1] + (before[1] - a.end[1]) * t)
    _spread_badges([a for _, _, a in stated if a.number is not None])


def _indicators(d: Drawing, e: EffectLogic, tx: dict[str, str], grid: _Grid, y: float) -> float:
    """The measures under a heading, each in the column of its level; the height below them."""
    d.boxes.append(Box(M, y, PAGE_WIDTH / 2, tx["indicators"], "label", size=HEAD, bold=True, align="left"))
    y += 13
    bottoms = dict.fromkeys(grid.keys, y)
    for m in e.measures:
        key = MEASURE_COLUMN[m.level]
        text = m.indicator + (f" ({m.data_source})" if m.data_source else "")
        box = Box(grid.xs[grid.keys.index(key)], bottoms[key], grid.width, text, "indicator", size=SMALL)
        d.boxes.append(box)
        bottoms[key] += box.h + 4
    return max(bottoms.values()) + GAP


def _legend(d: Drawing, tx: dict[str, str], legend: list[str], y: float) -> float:
    """The numbered assumptions under a heading, each beside its number; the height below them."""
    d.boxes.append(Box(M, y, PAGE_WIDTH / 2, tx["legend"], "label", size=HEAD, bold=True, align="left"))
    y += 13
    for n, text in enumerate(legend, start=1):
        entry = Box(M + 16, y, PAGE_WIDTH - 2 * M - 16, text, "label", size=TEXT, align="left")
        badge = Box(M, y + 1.5, 13, str(n), "goal", size=7, bold=True, min_h=TEXT * 1.22 + 2)
        d.boxes += [badge, entry]
        y += max(entry.h - 2, badge.h + 3)
    return y
