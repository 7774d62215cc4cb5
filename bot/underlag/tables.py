"""Tables of the content model with column widths fitted to their content.

A column gets at least the width of its longest word (so no word is broken mid-word when the page
allows it) and the rest of the line in proportion to how much text it holds, up to a comfortable
line length. Widths are fractions of the text width, shared by the DOCX and the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.underlag.document import Table

PREFERRED = 60  # characters: beyond this a column wraps rather than widening
_BREAKS = re.compile(r"[^\S\u00a0]+")
HEADER_WEIGHT = 1.1  # header words are bold: they need a little more room, and are never broken mid-word


def cell_text(value: object) -> str:
    return "–" if value is None or value == "" else str(value)


def _longest_word(text: str) -> int:
    """Longest run without a break opportunity: a no-break space («18–24\u00a0år») joins its words."""
    return max((len(w) for w in _BREAKS.split(text.replace("/", "/ ")) if w), default=1)


def fit(headers: Sequence[str], rows: Sequence[Sequence[str]], line: int = 100) -> tuple[float, ...]:
    """Fractions of the line per column: each at least its longest word, the rest by content."""
    columns = list(zip(*([list(headers)] + [list(r) for r in rows]), strict=False)) if headers else \
        list(zip(*[list(r) for r in rows], strict=False))
    if not columns:
        return ()
    minimum = [max(max(_longest_word(c) for c in col[1:] or [""]), _longest_word(col[0]) * HEADER_WEIGHT)
               if headers else max(_longest_word(c) for c in col) for col in columns]
    minimum = [m + 2 for m in minimum]  # cell padding
    wanted = [max(m, min(PREFERRED, max(len(c) for c in col) + 2)) for m, col in zip(minimum, columns, strict=True)]
    total_min = sum(minimum)
    if total_min >= line:
        widths = minimum
    else:
        spare, extra = line - total_min, [w - m for w, m in zip(wanted, minimum, strict=True)]
        grow = sum(extra)
        if grow <= spare:  # everything fits at its wanted width: share what is left by content too
            rest = spare - grow
            widths = [w + rest * w / sum(wanted) for w in wanted]
        else:
            widths = [m + spare * e / grow for m, e in zip(minimum, extra, strict=True)]
    total = sum(widths)
    return tuple(round(w / total, 4) for w in widths)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str | None = None,
          key: str = "") -> Table:
    text_rows = tuple(tuple(cell_text(c) for c in row) for row in rows)
    head = tuple(headers)
    return Table(head, text_rows, fit(head, text_rows), caption, key)
