#!/usr/bin/env python3
"""Regenerate guidance_corpus/documents/*.md from the seed texts (default ../shared/seeds).

    python scripts/clean_corpus.py [SEEDS_DIR] [--out DIR]

Deterministic: running it again gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guidance_corpus.cleaning import DOCUMENTS_DIR, clean_all  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seeds", nargs="?", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--out", default=str(DOCUMENTS_DIR))
    a = ap.parse_args()
    for path in clean_all(Path(a.seeds), Path(a.out)):
        print(path)


if __name__ == "__main__":
    main()
