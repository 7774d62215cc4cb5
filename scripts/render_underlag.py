#!/usr/bin/env python3
"""Render every gate of the worked example to DOCX, PDF and PNG pages, to look at them as a nämnd
secretary would: paper, page numbers, tables, the decision first.

    scripts/render_underlag.py [--out DIR] [--example tests/fixtures/skogas.json] [--dpi 70]

For each gate N it writes `gate_N.docx` and `gate_N.pdf` (our own PDF/A), `gate_N.docx.pdf` (the DOCX as
LibreOffice lays it out, i.e. as Word users will see it) and PNG pages of both (`gate_N-01.png`, …,
`gate_N-docx-01.png`, …) plus one contact sheet per document (`gate_N-sheet.png`). LibreOffice and
pdftoppm are installed with apt-get when missing (slow, so only here, never in the tests).

The example is loaded into a throwaway database: a `coach export` file is imported as such; the
fixture format (name, flow, answers, decisions) is answered question by question through the service.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.service import Actor  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.wiring import build_service  # noqa: E402
from flows.state import Answer, Decide  # noqa: E402

KOORDINATOR = Actor("anna", "Anna Koordinator", "cli")
PACKAGES = {"soffice": "libreoffice-writer", "pdftoppm": "poppler-utils"}


def ensure_tools() -> None:
    missing = sorted({pkg for tool, pkg in PACKAGES.items() if shutil.which(tool) is None})
    if missing:
        print(f"installing {' '.join(missing)} …", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=False,
                       stdout=subprocess.DEVNULL)
        if any(shutil.which(t) is None for t in PACKAGES):
            subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True,
                           stdout=subprocess.DEVNULL)


def load_example(data_dir: Path, example: Path):
    """The example process in a fresh database under `data_dir`: (service, process)."""
    data = json.loads(example.read_text(encoding="utf-8"))
    settings = Settings(coach_data_dir=data_dir, database_url=None)
    service = build_service(settings, with_guidance=False)
    if "process" in data:  # a `coach export` file
        from flows.answers import AbcdeReport
        from storage.db import session_scope
        from storage.export import import_process

        with session_scope(service.engine) as session:
            name = import_process(session, data=data, name=None, report_validator=AbcdeReport.model_validate).name
        ref = service.find_process(name=name)
        return service, ref, _coordinator(service, ref)
    ref = service.start_process(name=data["name"], actor=KOORDINATOR, flow_id=data["flow"])
    for question_id, raw in data["answers"].items():
        result = service.act(process=ref, actor=KOORDINATOR, event=Answer(raw, question_id=question_id))
        if result.problems:
            raise SystemExit(f"{question_id}: {result.problems}")
    for step, raw in sorted(data.get("decisions", {}).items(), key=lambda kv: int(kv[0])):
        service.act(process=ref, actor=KOORDINATOR, event=Decide(int(step), raw))
    return service, ref, KOORDINATOR


def _coordinator(service, ref) -> Actor:
    from storage import repository as repo
    from storage.db import session_scope

    with session_scope(service.engine) as session:
        for member in repo.list_members(session, process_id=ref.id):
            if member.role == "koordinator":
                return Actor(member.user_id, member.display_name or member.user_id, "cli")
    return KOORDINATOR


def pages(pdf: Path, stem: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], check=True)
    return sorted(stem.parent.glob(f"{stem.name}-*.png"))


def sheet(images: list[Path], target: Path, per_row: int = 4) -> None:
    from PIL import Image

    opened = [Image.open(p) for p in images]
    w, h = opened[0].size
    rows = (len(opened) + per_row - 1) // per_row
    out = Image.new("RGB", (w * min(per_row, len(opened)), h * rows), "white")
    for i, im in enumerate(opened):
        out.paste(im, ((i % per_row) * w, (i // per_row) * h))
    out.save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "underlag")
    parser.add_argument("--example", type=Path, default=ROOT / "tests" / "fixtures" / "skogas.json")
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    ensure_tools()
    args.out.mkdir(parents=True, exist_ok=True)
    from bot.documents import document_for
    from bot.underlag import diagrams, to_docx, to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        service, ref, actor = load_example(Path(tmp), args.example)
        for step in range(1, len(service.flow_of(ref).steps) + 1):
            d = document_for(service, ref, actor, step, today=dt.date.today())
            pictures = diagrams(d)
            docx, pdf = args.out / f"gate_{step}.docx", args.out / f"gate_{step}.pdf"
            docx.write_bytes(to_docx(d, pictures))
            pdf.write_bytes(to_pdf(d, pictures))
            for old in args.out.glob(f"gate_{step}-*.png"):
                old.unlink()
            with tempfile.TemporaryDirectory() as lo:
                subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", lo, str(docx)],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                shutil.move(Path(lo) / f"gate_{step}.pdf", args.out / f"gate_{step}.docx.pdf")
            ours = pages(pdf, args.out / f"gate_{step}", args.dpi)
            word = pages(args.out / f"gate_{step}.docx.pdf", args.out / f"gate_{step}-docx", args.dpi)
            sheet(ours, args.out / f"gate_{step}-sheet.png")
            sheet(word, args.out / f"gate_{step}-docx-sheet.png")
            print(f"gate {step}: {pdf.name} {len(ours)} pages, {docx.name} {len(word)} pages (LibreOffice)")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
