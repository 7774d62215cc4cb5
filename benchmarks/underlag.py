"""Benchmark: the underlag of a full process (the guide's Skogås example, every question answered) per gate.

For each gate it times build (state -> Underlag), Markdown, the diagrams (PNG) and DOCX (with the
diagrams embedded); "total" is all of it, the work behind `coach underlag --format docx` after the
state is read. Cold = first run in the process (templates compiled, fonts loaded); warm = median of
--runs further runs. Fails (exit 1) when any gate's warm total exceeds --budget seconds (default 1.0).

    /tmp/venvtest/bin/python benchmarks/underlag.py [--runs 20] [--budget 1.0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from machine import describe  # benchmarks/ is on sys.path when run as a script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.underlag import build_underlag, diagrams, to_docx, to_markdown  # noqa: E402
from flows.loader import get_flow  # noqa: E402
from tests.fixtures import skogas, skogas_state  # noqa: E402


def once(flow, state, step: int, name: str) -> dict[str, float]:
    times: dict[str, float] = {}
    t = time.perf_counter()
    u = build_underlag(flow, state, step, process_name=name)
    times["build"] = time.perf_counter() - t
    t = time.perf_counter()
    to_markdown(u)
    times["markdown"] = time.perf_counter() - t
    t = time.perf_counter()
    pictures = diagrams(u)
    times["diagrams"] = time.perf_counter() - t
    t = time.perf_counter()
    to_docx(u, diagrams=pictures)
    times["docx"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=1.0)
    args = parser.parse_args()
    flow = get_flow()
    state = skogas_state(flow)
    name = skogas()["name"]
    print(f"# machine: {describe()}")
    print(f"# {sum(1 for _ in flow.questions())} questions answered, {args.runs} warm runs per gate")
    print(f"{'gate':>4} {'cold s':>8} {'build ms':>9} {'md ms':>7} {'png ms':>7} {'docx ms':>8} {'total ms':>9}")
    worst = 0.0
    all_gates = []
    for step in range(1, len(flow.steps) + 1):
        cold = once(flow, state, step, name)["total"]
        runs = [once(flow, state, step, name) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        worst = max(worst, med["total"])
        all_gates.append(med["total"])
        print(f"{step:>4} {cold:>8.3f} {med['build'] * 1000:>9.1f} {med['markdown'] * 1000:>7.1f} "
              f"{med['diagrams'] * 1000:>7.1f} {med['docx'] * 1000:>8.1f} {med['total'] * 1000:>9.1f}")
    print(f"all 7 gates (warm medians summed): {sum(all_gates):.3f} s; slowest gate {worst:.3f} s; "
          f"budget {args.budget:.1f} s per gate: {'OK' if worst <= args.budget else 'OVER'}")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
