#!/usr/bin/env python3
"""Render the gates of the worked example to DOCX, PDF and PNG pages, to look at them as a nämnd
secretary would: paper, page numbers, tables, the decision first.

    scripts/render_underlag.py [--gates 1,6] [--out DIR] [--example FILE] [--dpi 70] [--no-docx-png]

For each gate N it writes `gate_N.docx` and `gate_N.pdf` (our own PDF/A, laid out by Typst),
`gate_N.docx.pdf` (the DOCX as LibreOffice lays it out, i.e. as Word users will see it), PNG pages of both
(`gate_N-1.png`, …, `gate_N-docx-01.png`, …; pdftoppm) and a contact sheet per document
(`gate_N-sheet.png`). LibreOffice and pdftoppm are installed with apt-get when missing (slow, so only
here, never in the tests).

The example is loaded into a throwaway database: a `coach export` file (the shipped example, with its
people, answer history and ABCDE reports, so gate 7's follow-up table has reported values) is imported as
such; the fixture format (name, flow, answers, decisions; no reports) is answered question by question
through the service.
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


def docx_as_pdf(docx: Path, target: Path) -> Path:
    """The DOCX laid out by LibreOffice (as Word users will roughly see it), with a profile of its own so a
    running LibreOffice does not swallow the conversion."""
    with tempfile.TemporaryDirectory() as lo:
        profile = Path(lo) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", lo, str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(Path(lo) / f"{docx.stem}.pdf", target)
    return target


def sheet(images: list[Path], target: Path, per_row: int = 4) -> None:
    from PIL import Image

    opened = [Image.open(p) for p in images]
    w, h = opened[0].size
    rows = (len(opened) + per_row - 1) // per_row
    out = Image.new("RGB", (w * min(per_row, len(opened)), h * rows), "white")
    for i, im in enumerate(opened):
        out.paste(im, ((i % per_row) * w, (i // per_row) * h))
    out.save(target)


def gate_list(text: str) -> list[int]:
    """«1,6» or «2-4» → [1, 6] / [2, 3, 4]."""
    gates: set[int] = set()
    try:
        for part in filter(None, (p.strip() for p in text.split(","))):
            first, _, last = part.partition("-")
            gates.update(range(int(first), int(last or first) + 1))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"gates are numbers such as 1,6 or 2-4, not {text!r}") from exc
    return sorted(gates)


def main() -> int:
    from bot.examples import example_path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gates", type=gate_list, default=None, metavar="N[,N|N-M]",
                        help="gates to render, e.g. 1,6 or 2-4 (default: every gate; all seven take minutes)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "underlag",
                        help="directory for the DOCX, PDF and PNG files (default: build/underlag)")
    parser.add_argument("--example", type=Path, default=example_path(),
                        help="a `coach export` file or a fixture (name, flow, answers, decisions) "
                             "(default: the shipped example bot/examples/skogas.json, with ABCDE reports)")
    parser.add_argument("--dpi", type=int, default=70,
                        help="resolution of the PNG pages (default: 70; 110 to read small print)")
    parser.add_argument("--no-docx-png", action="store_true",
                        help="skip LibreOffice (DOCX → PDF → PNG); only our PDF is drawn as PNG")
    args = parser.parse_args()
    ensure_tools()
    args.out.mkdir(parents=True, exist_ok=True)
    from bot.documents import document_for
    from bot.underlag import diagrams, to_docx, to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        service, ref, actor = load_example(Path(tmp), args.example)
        steps = range(1, len(service.flow_of(ref).steps) + 1)
        for step in args.gates or steps:
            if step not in steps:
                print(f"gate {step}: the flow has gates {steps.start}–{steps.stop - 1}", file=sys.stderr)
                return 2
            d = document_for(service, ref, actor, step, today=dt.date.today())
            pictures = diagrams(d)
            docx, pdf = args.out / f"gate_{step}.docx", args.out / f"gate_{step}.pdf"
            docx.write_bytes(to_docx(d, pictures))
            pdf.write_bytes(to_pdf(d, pictures))
            for old in args.out.glob(f"gate_{step}-*.png"):
                old.unlink()
            ours = pages(pdf, args.out / f"gate_{step}", args.dpi)
            sheet(ours, args.out / f"gate_{step}-sheet.png")
            line = f"gate {step}: {pdf.name} {len(ours)} pages"
            if not args.no_docx_png:
                word = pages(docx_as_pdf(docx, args.out / f"gate_{step}.docx.pdf"),
                             args.out / f"gate_{step}-docx", args.dpi)
                sheet(word, args.out / f"gate_{step}-docx-sheet.png")
                line += f", {docx.name} {len(word)} pages (LibreOffice)"
            print(line)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
