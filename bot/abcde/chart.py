"""A small PNG of indicator values over time (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

import coachtext

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def number(text: str) -> float | None:
    """'12,5', '12.5 %', '1 200' → a float; None for anything that is not a number."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def indicator_chart(series: dict[str, list[tuple[date, str]]], title: str | None = None) -> bytes | None:
    """PNG bytes with one line per indicator that has numeric values; None when nothing is numeric."""
    title = title if title is not None else coachtext.t("abcde.chart_title")
    numeric = {name: [(d, v) for d, text in points if (v := number(text)) is not None]
               for name, points in series.items()}
    numeric = {name: points for name, points in numeric.items() if points}
    if not numeric:
        return None
    figure, axes = plt.subplots(figsize=(6, 3.2), dpi=100)
    try:
        for name, points in numeric.items():
            axes.plot([d for d, _ in points], [v for _, v in points], marker="o", label=name[:40])
        axes.set_title(title, fontsize=10)
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        axes.tick_params(labelsize=8)
        axes.grid(alpha=0.3)
        axes.legend(fontsize=7, loc="best")
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
