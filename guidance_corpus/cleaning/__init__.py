"""Clean the five seed documents (plain text extracted from PDFs and a web page) into Markdown.

The output (``guidance_corpus/documents/*.md``) keeps the documents' structure as headings — slides as
``## Bild N: Title``, report sections as ``## N. Title`` / ``### Subheading`` with page markers
``<!-- sida N -->`` — repairs PDF line breaks and hyphenation, turns bullets into Markdown lists and
tab tables into Markdown tables, and starts each file with YAML front matter.

Generic repairs are in repair.py; the code per kind of document in slides.py, report.py and web.py; what
is particular to one document (its titles, navigation, misspellings, templates) is data in fixes.yaml.
Deterministic: the same seeds give byte-identical files. Run ``python scripts/clean_corpus.py``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from guidance_corpus.cleaning.data import SEEDS, SeedSpec
from guidance_corpus.cleaning.repair import blocks_from_lines, join_lines, normalize_chars, shorten_urls
from guidance_corpus.cleaning.report import _clean_003
from guidance_corpus.cleaning.slides import _clean_000, _clean_001, _clean_002
from guidance_corpus.cleaning.web import _clean_004

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "documents"
__all__ = ["DOCUMENTS_DIR", "SEEDS", "SeedSpec", "blocks_from_lines", "clean_all", "clean_seed", "join_lines",
           "normalize_chars"]

_CLEANERS = {"slides-000": _clean_000, "slides-001": _clean_001, "slides-002": _clean_002,
             "report": _clean_003, "web": _clean_004}


def front_matter(spec: SeedSpec, seed_name: str, seed_sha: str) -> str:
    meta = {
        "id": spec.id,
        "title": spec.title,
        "publisher": spec.publisher,
        "year": spec.year,
        "source": spec.source,
        "language": "sv",
        "structure": {"slides-001": "slides", "slides-000": "slides", "slides-002": "slides",
                      "report": "pages", "web": "sections"}[spec.kind],
        "seed_file": seed_name,
        "seed_sha256": seed_sha,
    }
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def clean_seed(spec: SeedSpec, raw: str, seed_name: str) -> str:
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    text = normalize_chars(raw)
    body = shorten_urls(_CLEANERS[spec.kind](text, spec))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return front_matter(spec, seed_name, sha) + f"\n# {spec.title}\n\n{body}\n"


def find_seed(seeds_dir: Path, spec: SeedSpec) -> Path:
    hits = sorted(seeds_dir.glob(f"{spec.prefix}*.txt"))
    if not hits:
        raise FileNotFoundError(f"no seed {spec.prefix}*.txt in {seeds_dir}")
    return hits[0]


def clean_all(seeds_dir: Path, out_dir: Path = DOCUMENTS_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SEEDS:
        seed = find_seed(seeds_dir, spec)
        md = clean_seed(spec, seed.read_text(encoding="utf-8"), seed.name)
        path = out_dir / f"{spec.id}-{spec.slug}.md"
        path.write_text(md, encoding="utf-8")
        written.append(path)
    return written
