"""Benchmark: the beslutsunderlag of a full process (the guide's Skogås example, every question answered)
per gate, as DOCX and as PDF.

For each gate it times the content model (state -> Beslutsunderlag), Markdown, the diagrams (PNG, kept
per answer after the first draw), DOCX and PDF (WeasyPrint, PDF/A-2a, diagrams embedded). "DOCX total"
and "PDF total" are the work behind `coach underlag --format docx|pdf` once the state is read: model +
diagrams + that format. Cold = first run in the process (templates compiled, fonts and matplotlib
loaded); warm = median of --runs further runs. Fails (exit 1) when any gate's warm DOCX or PDF total
exceeds --budget seconds (default 1.0).

    python benchmarks/underlag.py [--runs 10] [--budget 1.0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from machine import describe  # benchmarks/ is on sys.path when run as a script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.underlag import build_document, diagrams, to_docx, to_markdown, to_pdf  # noqa: E402
from flows.loader import get_flow  # noqa: E402
from tests.fixtures import skogas, skogas_state  # noqa: E402


def once(flow, state, step: int, name: str) -> dict[str, float]:
    times: dict[str, float] = {}
    t = time.perf_counter()
    d = build_document(flow, state, step, process_name=name, author="Anna Koordinator")
    times["model"] = time.perf_counter() - t
    t = time.perf_counter()
    to_markdown(d)
    times["markdown"] = time.perf_counter() - t
    t = time.perf_counter()
    pictures = diagrams(d)
    times["diagrams"] = time.perf_counter() - t
    t = time.perf_counter()
    to_docx(d, diagrams=pictures)
    times["docx"] = time.perf_counter() - t
    t = time.perf_counter()
    to_pdf(d, diagrams=pictures)
    times["pdf"] = time.perf_counter() - t
    times["docx_total"] = times["model"] + times["diagrams"] + times["docx"]
    times["pdf_total"] = times["model"] + times["diagrams"] + times["pdf"]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--budget", type=float, default=1.0)
    args = parser.parse_args()
    flow = get_flow()
    state = skogas_state(flow)
    name = skogas()["name"]
    print(f"# machine: {describe()}; load average before: {os.getloadavg()[0]:.2f}")
    print(f"# {sum(1 for _ in flow.questions())} questions answered, {args.runs} warm runs per gate")
    print(f"{'gate':>4} {'cold s':>7} {'model ms':>9} {'md ms':>6} {'png ms':>7} {'docx ms':>8} {'pdf ms':>7} "
          f"{'DOCX total':>11} {'PDF total':>10}")
    worst = 0.0
    for step in range(1, len(flow.steps) + 1):
        cold = once(flow, state, step, name)
        runs = [once(flow, state, step, name) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        worst = max(worst, med["docx_total"], med["pdf_total"])
        print(f"{step:>4} {cold['docx_total'] + cold['pdf']:>7.2f} {med['model'] * 1000:>9.1f} "
              f"{med['markdown'] * 1000:>6.1f} {med['diagrams'] * 1000:>7.1f} {med['docx'] * 1000:>8.1f} "
              f"{med['pdf'] * 1000:>7.1f} {med['docx_total'] * 1000:>11.1f} {med['pdf_total'] * 1000:>10.1f}")
    print(f"# load average after: {os.getloadavg()[0]:.2f}; slowest warm total {worst:.3f} s; "
          f"budget {args.budget:.1f} s per gate and format: {'OK' if worst <= args.budget else 'OVER'}")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
