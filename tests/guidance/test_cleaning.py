"""The shipped corpus: cleaned seeds with front matter and structure, reproducible from the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from guidance_corpus.cleaning import DOCUMENTS_DIR, SEEDS, blocks_from_lines, clean_all, join_lines
from tests.guidance.conftest import SEEDS_DIR

DEV_QA = SEEDS_DIR.parent / "eval" / "dev_qa.jsonl"
OWN_QA = Path(__file__).resolve().parents[2] / "eval" / "own_qa.jsonl"


def _docs() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS_DIR.glob("*.md"))}


def test_five_documents_with_front_matter():
    docs = _docs()
    assert len(docs) == 5
    for name, text in docs.items():
        assert text.startswith("---\n")
        meta = yaml.safe_load(text.split("---\n")[1])
        for key in ("id", "title", "publisher", "year", "source", "language"):
            assert key in meta, (name, key)
        assert meta["language"] == "sv"
        assert name.startswith(meta["id"])
    meta = yaml.safe_load(docs["003-sociala-investeringar-en-guide.md"].split("---\n")[1])
    assert meta["year"] == 2017 and "SKL" in meta["publisher"]


def test_slide_headings_of_the_huddinge_guide():
    text = _docs()["001-vagledning-datadriven-omradesutveckling.md"]
    headings = re.findall(r"^## (Bild \d+.*)$", text, re.M)
    assert "Bild 29: Stöd för att värdera insatsers kvalitet och evidens" in headings
    assert "Bild 66: Mall för löpande uppföljning och lärande" in headings
    numbers = [int(re.match(r"Bild (\d+)", h).group(1)) for h in headings]
    assert numbers == sorted(numbers) and numbers[0] == 3 and numbers[-1] == 66


def test_report_sections_pages_and_lists():
    text = _docs()["003-sociala-investeringar-en-guide.md"]
    for n in range(1, 9):
        assert re.search(rf"^## {n}\. ", text, re.M), n
    assert "## Bilaga C – Begreppslista" in text
    assert "<!-- sida 20 -->" in text
    assert "### Matchning" in text
    table = _docs()["002-planering-uppfoljning-analys.md"]
    assert "| Förslag till åtgärd |" in table  # the consequence table became a Markdown table


def test_line_breaks_and_hyphenation_repaired():
    text = _docs()["001-vagledning-datadriven-omradesutveckling.md"]
    assert "förvaltningsövergripande arbetsgrupp" in text.lower()
    assert "utvecklings-\n" not in text
    assert "Ett utvecklingsbehov synliggörs i ett bostadsområde i kommunen." in text
    assert "uppföljnings- och lärandesystemet" in _docs()["000-ett-larande-system.md"]


def test_join_lines_rules():
    assert join_lines("förvaltnings-", "övergripande") == "förvaltningsövergripande"
    assert join_lines("uppföljnings-", "och lärande") == "uppföljnings- och lärande"
    assert join_lines("ABCDE-", "rapportering") == "ABCDE-rapportering"
    assert blocks_from_lines(["• första", "punkten", "", "• andra"]) == ["- första punkten", "- andra"]


@pytest.mark.skipif(not SEEDS_DIR.exists(), reason="../shared/seeds is not available")
def test_cleaning_is_reproducible(tmp_path: Path):
    written = clean_all(SEEDS_DIR, tmp_path)
    assert len(written) == len(SEEDS)
    for path in written:
        assert path.read_bytes() == (DOCUMENTS_DIR / path.name).read_bytes(), path.name
    again = clean_all(SEEDS_DIR, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]


@pytest.mark.parametrize("qa", [DEV_QA, OWN_QA], ids=["dev", "own"])
def test_evidence_snippets_survive_cleaning(qa: Path):
    if not qa.exists():
        pytest.skip(f"{qa} not available")
    norm = lambda s: re.sub(r"\s+", " ", s).strip().lower()  # noqa: E731
    corpus = norm(" ".join(re.sub(r"<!--.*?-->", " ", t) for t in _docs().values()))
    missing = [(q["id"], e) for q in map(json.loads, qa.read_text(encoding="utf-8").splitlines()) if q
               for e in q["evidence"] if norm(e) not in corpus]
    assert not missing
