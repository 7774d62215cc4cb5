"""Boxes of wrapped text and arrows, laid out in points on a 16 cm wide page and drawn as SVG or PNG.

Text is measured with the font that draws it and wrapped on word boundaries only (a word is never split;
a long word shrinks its box's text instead, and a word that already has a hyphen or slash may break after it).
matplotlib is imported on the first drawing, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

PAGE_WIDTH = 16 / 2.54 * 72  # points: the text width of an A4 page with 2.5 cm margins
PNG_DPI = 220
LEADING = 1.22
PAD = 3.0  # inside a box, points
BADGE_RADIUS = 4.8  # a number on an arrow: 6.5 pt bold digits, two of them fit
FAMILIES = ("Carlito", "DejaVu Sans Condensed", "DejaVu Sans")  # narrowest available first
SVG_FALLBACK = "Carlito, Calibri, 'Arial Narrow', 'DejaVu Sans Condensed', sans-serif"  # metric-close faces
STYLES = {  # face, text colour, edge
    "problem": ("#1f4e79", "white", "#1f4e79"), "consequence": ("#fde9d9", "#222222", "#c9a28c"),
    "cause": ("#e2efda", "#222222", "#9fbf8f"), "root": ("#ffffff", "#222222", "#8c8c8c"),
    "prioritised": ("#ffe699", "#222222", "#c55a11"), "header": ("#d9e1f2", "#1f2937", "#8ea0c4"),
    "node": ("#f4f6f9", "#222222", "#9aa5b1"), "goal": ("#1f4e79", "white", "#1f4e79"),
    "indicator": ("#ffffff", "#374151", "#c0c6cf"), "label": ("none", "#374151", "none"),
    "need": ("#fff8e5", "#222222", "#d6b656"),
}


@lru_cache(maxsize=1)
def family() -> str:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in FAMILIES if name in names), "DejaVu Sans")


@lru_cache(maxsize=2)
def _weight(bold: bool) -> int:
    """The installed weight nearest to regular (400) or bold (700): no font-manager fallback warnings."""
    from matplotlib import font_manager

    weights = [int(f.weight) if str(f.weight).isdigit() else font_manager.weight_dict.get(f.weight, 400)
               for f in font_manager.fontManager.ttflist if f.name == family() and f.style == "normal"]
    return min(weights or [400], key=lambda w: abs(w - (700 if bold else 400)))


@lru_cache(maxsize=64)
def _props(size: float, bold: bool):
    from matplotlib.font_manager import FontProperties

    fallback = ["DejaVu Sans"] if family() == "Carlito" else []  # ★ and other symbols
    return FontProperties(family=[family(), *fallback], size=size, weight=_weight(bold))


@lru_cache(maxsize=1)
def _png_renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, PNG_DPI)


@lru_cache(maxsize=50000)
def _word_width(word: str, size: float, bold: bool) -> float:
    """The wider of the outline (SVG) and the 220 dpi raster (PNG) width, in points: the PNG's hinted glyphs
    are up to 4 % wider, and a long legend line measured by its outline ran off the picture's right edge."""
    from matplotlib.textpath import TextToPath

    props = _props(size, bold)
    outline = TextToPath().get_text_width_height_descent(word, props, ismath=False)[0]
    raster = _png_renderer().get_text_width_height_descent(word, props, ismath=False)[0] * 72 / PNG_DPI
    return max(outline, raster)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points as the font draws it: the sum of its (cached) words and spaces."""
    words = text.split(" ")
    return sum(_word_width(w, size, bold) for w in words if w) + (len(words) - 1) * _word_width("a a", size, bold) \
        - (len(words) - 1) * 2 * _word_width("a", size, bold)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(piece, starts a word): words split at spaces (a no-break space holds), and a word that already has
    a hyphen, dash or slash inside may break after it ("10–12-åringar" → "10–12-", "åringar"), never inside a
    range of numbers («10–12»)."""
    out: list[tuple[str, bool]] = []
    for word in re.split(r"[ \t\n]+", text.strip()):
        pieces = [p for p in re.split(r"(?<=\w[-–/])(?=\w)(?!(?<=\d[-–])\d)", word) if p]
        out.extend((p, i == 0) for i, p in enumerate(pieces))
    return out


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str] | None:
    """Greedy wrapping on word boundaries; None when one word alone is wider than `width`."""
    lines: list[str] = []
    line = ""
    for token, new_word in _tokens(text):
        if text_width(token, size, bold) > width:
            return None
        joined = f"{line} {token}" if line and new_word else line + token
        if line and text_width(joined, size, bold) > width:
            lines.append(line)
            line = token
        else:
            line = joined
    return lines + [line] if line else lines or [""]


def fit(text: str, width: float, size: float, bold: bool = False, smallest: float = 4.5) -> tuple[list[str], float]:
    """Lines and the font size at which every word fits `width` (shrinking by quarter points)."""
    while True:
        lines = wrap(text, width, size, bold)
        if lines is not None:
            return lines, size
        if size <= smallest:  # a single word wider than a whole box at the smallest size: let it stand alone
            return [t for t, _ in _tokens(text)] or [""], size
        size -= 0.25


@dataclass
class Box:
    x: float
    y: float
    w: float
    text: str
    style: str = "node"
    size: float = 6.5
    bold: bool = False
    align: str = "center"
    min_h: float = 0.0
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines, self.size = fit(self.text, self.w - 2 * PAD, self.size, self.bold)

    @property
    def h(self) -> float:
        return max(self.min_h, len(self.lines) * self.size * LEADING + 2 * PAD)

    @property
    def right(self) -> tuple[float, float]:
        return self.x + self.w, self.y + self.h / 2

    @property
    def left(self) -> tuple[float, float]:
        return self.x, self.y + self.h / 2


@dataclass
class Arrow:
    start: tuple[float, float]
    end: tuple[float, float]
    gid: str
    number: int | None = None  # a badge naming the legend entry
    connection: str = "arc3,rad=0"  # matplotlib connection style: straight, bent, or an elbow ("angle,…")
    badge: tuple[float, float] | None = None  # where the number sits (default: the middle)
    via: list[tuple[float, float]] = field(default_factory=list)  # corners of a routed (polyline) arrow
    colour: str = "#5b6b7f"


@dataclass
class Drawing:
    height: float
    title: str
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    width: float = PAGE_WIDTH
    notes: list[str] = field(default_factory=list)  # numbered legend entries (1 = notes[0])


def _figure(d: Drawing):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path

    fig = Figure(figsize=(d.width / 72, d.height / 72), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, d.width)
    ax.set_ylim(d.height, 0)
    ax.axis("off")
    for a in d.arrows:
        if a.via:
            points = [a.start, *a.via, a.end]
            route = Path(points, [Path.MOVETO] + [Path.LINETO] * (len(points) - 1))
            patch = FancyArrowPatch(path=route, arrowstyle="-|>", mutation_scale=6, color=a.colour, lw=0.6, zorder=1)
        else:
            patch = FancyArrowPatch(a.start, a.end, arrowstyle="-|>", mutation_scale=6, color=a.colour, lw=0.6,
                                    shrinkA=0, shrinkB=0.5, connectionstyle=a.connection, zorder=1)
        patch.set_gid(a.gid)
        ax.add_artist(patch)  # add_artist: no data-limit bookkeeping (the axes are fixed)
        if a.number is not None:
            x, y = a.badge or ((a.start[0] + a.end[0]) / 2, (a.start[1] + a.end[1]) / 2)
            ax.add_artist(Circle((x, y), BADGE_RADIUS, facecolor="#1f4e79", edgecolor="white", lw=0.5, zorder=4))
            ax.text(x, y, str(a.number), ha="center", va="center_baseline", color="white", zorder=5,
                    fontproperties=_props(6.5, True))
    for b in d.boxes:
        face, colour, edge = STYLES[b.style]
        if face != "none":
            ax.add_artist(FancyBboxPatch((b.x, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=2", zorder=2,
                                        facecolor=face, edgecolor=edge, lw=1.2 if b.style == "prioritised" else 0.5))
        x = b.x + b.w / 2 if b.align == "center" else b.x + PAD
        top = b.y + (b.h - len(b.lines) * b.size * LEADING) / 2
        for i, line in enumerate(b.lines):  # one text element per line: whole words, exact line breaks
            y = top + (i + 0.5) * b.size * LEADING
            ax.text(x, y, line, ha=b.align, va="center_baseline", color=colour, zorder=3,
                    fontproperties=_props(b.size, b.bold))
    return fig


def to_png(d: Drawing, dpi: int = PNG_DPI) -> bytes:
    """An opaque RGB PNG (white paper, no alpha channel: a PDF would carry the alpha as a second image)."""
    from PIL import Image, PngImagePlugin

    fig = _figure(d)
    fig.set_dpi(dpi)
    fig.canvas.draw()
    image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", d.title)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", dpi=(dpi, dpi), pnginfo=info, compress_level=3)
    return out.getvalue()


def to_svg(d: Drawing) -> bytes:
    """Vector SVG with real text (searchable, selectable), sized in points; stable ids for the same input."""
    from matplotlib import rc_context

    out = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "processcoach"}):
        _figure(d).savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Title": d.title})
    svg = out.getvalue().decode("utf-8")
    svg = re.sub(r"font-weight: (\d+)", lambda m: f"font-weight: {700 if int(m[1]) >= 550 else 400}", svg)
    svg = svg.replace(f"font-family: '{family()}'", f"font-family: '{family()}', {SVG_FALLBACK}")
    return svg.encode("utf-8")
