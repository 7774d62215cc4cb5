"""Benchmark: the beslutsunderlag of a full process (the guide's Skogås example, every question answered)
per gate, as DOCX and as PDF.

For each gate it times the content model (state -> Beslutsunderlag), Markdown, the diagrams (PNG, kept
per answer after the first draw), DOCX and PDF (Typst, PDF/A-2a + PDF/UA-1, diagrams embedded). "DOCX total"
and "PDF total" are the work behind `coach underlag --format docx|pdf` once the state is read: model +
diagrams + that format. Cold = first run in the process (templates compiled, fonts and matplotlib
loaded); warm = median of --runs further runs. Wall-clock time and this process's CPU time are both
measured: on a machine shared with other work the wall clock counts the waiting too, CPU time does not.
Fails (exit 1) when any gate's warm DOCX or PDF total exceeds --budget seconds (default 1.0) in CPU time,
or in wall-clock time with --wall.

Typst memoizes layout within a process, so a warm run of the very same document reuses nearly all of the
previous one. --fresh gives every run its own process name (in the header of every page and in the text),
so each PDF is laid out anew wherever that name appears, as after an edit; the cold column is the first
render of a gate in the process, with nothing of it to reuse.

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


def once(flow, state, step: int, name: str, clock=time.perf_counter) -> dict[str, float]:
    times: dict[str, float] = {}
    t = clock()
    d = build_document(flow, state, step, process_name=name, author="Anna Koordinator")
    times["model"] = clock() - t
    t = clock()
    to_markdown(d)
    times["markdown"] = clock() - t
    t = clock()
    pictures = diagrams(d)
    times["diagrams"] = clock() - t
    t = clock()
    to_docx(d, diagrams=pictures)
    times["docx"] = clock() - t
    t = clock()
    to_pdf(d, diagrams=pictures)
    times["pdf"] = clock() - t
    times["docx_total"] = times["model"] + times["diagrams"] + times["docx"]
    times["pdf_total"] = times["model"] + times["diagrams"] + times["pdf"]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--budget", type=float, default=1.0)
    parser.add_argument("--wall", action="store_true", help="check the budget on wall-clock time, not CPU time")
    parser.add_argument("--fresh", action="store_true", help="a new process name for every run (no PDF reused)")
    args = parser.parse_args()
    flow = get_flow()
    state = skogas_state(flow)
    base = skogas()["name"]
    count = iter(range(1_000_000))

    def name() -> str:
        return f"{base} {next(count)}" if args.fresh else base

    print(f"# machine: {describe()}; load average before: {os.getloadavg()[0]:.2f}")
    print(f"# {sum(1 for _ in flow.questions())} questions answered, {args.runs} warm runs per gate"
          f"{', each with its own process name' if args.fresh else ''}")
    print(f"{'gate':>4} {'cold s':>7} {'model ms':>9} {'md ms':>6} {'png ms':>7} {'docx ms':>8} {'pdf ms':>7} "
          f"{'DOCX total':>11} {'PDF total':>10} {'DOCX cpu':>9} {'PDF cpu':>8}")
    worst = 0.0
    for step in range(1, len(flow.steps) + 1):
        cold = once(flow, state, step, name())
        runs = [once(flow, state, step, name()) for _ in range(args.runs)]
        cpu = [once(flow, state, step, name(), time.process_time) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        med_cpu = {k: statistics.median(r[k] for r in cpu) for k in cpu[0]}
        checked = med if args.wall else med_cpu
        worst = max(worst, checked["docx_total"], checked["pdf_total"])
        print(f"{step:>4} {cold['docx_total'] + cold['pdf']:>7.2f} {med['model'] * 1000:>9.1f} "
              f"{med['markdown'] * 1000:>6.1f} {med['diagrams'] * 1000:>7.1f} {med['docx'] * 1000:>8.1f} "
              f"{med['pdf'] * 1000:>7.1f} {med['docx_total'] * 1000:>11.1f} {med['pdf_total'] * 1000:>10.1f} "
              f"{med_cpu['docx_total'] * 1000:>9.1f} {med_cpu['pdf_total'] * 1000:>8.1f}")
    print(f"# load average after: {os.getloadavg()[0]:.2f}; slowest warm total ({'wall' if args.wall else 'CPU'}) "
          f"{worst:.3f} s; budget {args.budget:.1f} s per gate and format: {'OK' if worst <= args.budget else 'OVER'}")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
