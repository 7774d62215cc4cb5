"""Retrieval evaluation against QA files (``{"id","question","lang","doc","evidence":[...]}`` per line).

Relevance is judged exactly as ../shared/eval/score.py does: a passage (capped at ``max_chars``) is
relevant when, whitespace-normalised and lower-cased, it contains an evidence snippet (exact) or 80 %
of a snippet's words (soft). Metrics: R@1, R@3, R@5 and MRR@10, overall and by language."""

from __future__ import annotations

import json
import re
from pathlib import Path

KS = (1, 3, 5)
MRR_K = 10
_TOK = re.compile(r"\w+")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _tokens(s: str) -> list[str]:
    return _TOK.findall(_norm(s))


def load_qa(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judge(evidence: list[str], passage: str, mode: str) -> bool:
    p = _norm(passage)
    if any(_norm(e) in p for e in evidence):
        return True
    if mode == "exact":
        return False
    pt = set(_tokens(passage))
    for e in evidence:
        st = _tokens(e)
        if st and sum(t in pt for t in st) / len(st) >= 0.8:
            return True
    return False


def first_rank(evidence: list[str], passages: list[str], mode: str, max_chars: int) -> int | None:
    for i, p in enumerate(passages[:max(max(KS), MRR_K)], 1):
        if judge(evidence, p[:max_chars] if max_chars else p, mode):
            return i
    return None


def run(retriever, qa: list[dict], k: int = 10) -> list[dict]:
    """One results line per question: {"id", "passages": [text, ...]} best first (as `coach search`)."""
    out = []
    for q in qa:
        out.append({"id": q["id"], "passages": [p.text for p in retriever.search(q["question"], k=k)]})
    return out


def metrics(qa: list[dict], results: list[dict], mode: str = "exact", max_chars: int = 1200) -> dict:
    res = {r["id"]: r["passages"] for r in results}
    ranks = {q["id"]: first_rank(q["evidence"], res.get(q["id"], []), mode, max_chars) for q in qa}

    def agg(ids: list[str]) -> dict:
        n = len(ids)
        m = {"n": n}
        for k in KS:
            m[f"R@{k}"] = sum(1 for i in ids if ranks[i] and ranks[i] <= k) / n if n else 0.0
        m[f"MRR@{MRR_K}"] = sum(1.0 / ranks[i] for i in ids if ranks[i]) / n if n else 0.0
        return m

    out = {"all": agg([q["id"] for q in qa])}
    for lang in sorted({q.get("lang", "sv") for q in qa}):
        out[lang] = agg([q["id"] for q in qa if q.get("lang", "sv") == lang])
    out["ranks"] = ranks
    return out


def format_table(name: str, by_mode: dict[str, dict]) -> str:
    cols = [f"R@{k}" for k in KS] + [f"MRR@{MRR_K}"]
    lines = [name, f"{'subset':<8}{'match':<7}{'n':>4}  " + "".join(f"{c:>8}" for c in cols)]
    first = next(iter(by_mode.values()))
    for subset in [k for k in first if k != "ranks"]:
        for mode, m in by_mode.items():
            a = m[subset]
            lines.append(f"{subset:<8}{mode:<7}{a['n']:>4}  " + "".join(f"{a[c]:>8.3f}" for c in cols))
    return "\n".join(lines)
