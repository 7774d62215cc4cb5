"""A faster `percentage` for WeasyPrint 68's layout, applied once per process by bot/underlag/pdf.py.

WeasyPrint resolves every box's margins, paddings and sizes through `layout.percent.percentage`, which
first checks each value for a calc()/min()/max() function by building a parser object: about 34 000
calls per 9-page underlag, 5-10 % of a PDF. Plain lengths and percentages — all this stylesheet uses —
are answered directly here, with the same arithmetic; anything else goes to WeasyPrint's own function.
"""

from __future__ import annotations

import weasyprint
from weasyprint.css.properties import Dimension
from weasyprint.layout import percent

_original = percent.percentage


def _percentage(value, computed, refer_to):
    if value.__class__ is Dimension:
        if value.unit == "px":
            return value.value
        if value.unit == "%":
            return refer_to * value.value / 100
    return _original(value, computed, refer_to)


def apply() -> bool:
    """Installs the fast path for the WeasyPrint it was written against (68.x); True when installed."""
    if not weasyprint.__version__.startswith("68."):
        return False
    percent.percentage = _percentage  # resolve_one_percentage looks it up in this module on every call
    return True
