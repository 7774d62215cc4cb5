"""The beslutsunderlag as a PDF for the diarium, laid out by Typst on A4 from prompts/underlag/document.typ.

The PDF is PDF/A-2a and PDF/UA-1: archivable (fonts embedded, sRGB output intent, XMP metadata naming both
standards), tagged with its structure and language (/Lang sv-SE or en-GB), the document's title shown by
viewers. The document reaches the template as JSON (bot/underlag/pdf_data.py), never as Typst source, so
user text is printed exactly as typed. Diagrams are PNG files in the compiler's private root directory,
named by the MD5 of their bytes; Typst reads nothing outside that directory, and the template imports no
Typst package (so nothing is downloaded).

One compiler is kept per process (fonts are scanned once; Typst memoizes layout between renders), used by
one render at a time.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from bot.underlag.document import Beslutsunderlag
from bot.underlag.pdf_data import document_json
from bot.underlag.pdf_streams import unambiguous_stream_ends
from bot.underlag.pictures import appendix_breaks
from prompts.render import PROMPTS_DIR

STANDARDS = ["a-2a", "ua-1"]
TEMPLATE = PROMPTS_DIR / "underlag" / "document.typ"
_KEEP = 16  # pictures kept in the root directory (a few hundred kB each): those of a few processes
_LAYOUT = threading.Lock()


class _Typst:
    """The compiler with its root directory: the template and the pictures of recent renders."""

    def __init__(self) -> None:
        import typst

        from bot.underlag.fonts import font_dirs

        self.root = Path(tempfile.mkdtemp(prefix="processcoach-typst-"))
        atexit.register(shutil.rmtree, self.root, True)
        shutil.copyfile(TEMPLATE, self.root / "document.typ")
        # Typst's own fonts only stand in when Carlito or DejaVu Sans is missing (`coach doctor` says so)
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=font_dirs())
        self.compiler = typst.Compiler(input=str(self.root / "document.typ"), root=str(self.root),
                                       font_paths=fonts, ignore_system_fonts=True,
                                       package_path=str(self.root / "no-packages"),
                                       package_cache_path=str(self.root / "no-packages"))
        self.pictures: OrderedDict[str, Path] = OrderedDict()

    def place(self, pngs: Mapping[str, bytes]) -> dict[str, str]:
        """Writes each picture into the root (once per content); question id -> its path for the template."""
        paths = {}
        for qid, png in pngs.items():
            digest = hashlib.md5(png, usedforsecurity=False).hexdigest()
            file = self.root / f"{digest}.png"
            if digest not in self.pictures:
                partial = file.with_suffix(".part")
                partial.write_bytes(png)
                partial.replace(file)
                self.pictures[digest] = file
            self.pictures.move_to_end(digest)
            paths[qid] = f"/{file.name}"
        return paths

    def forget_old(self) -> None:
        while len(self.pictures) > _KEEP:
            _digest, file = self.pictures.popitem(last=False)
            file.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _typst() -> _Typst:
    return _Typst()


def _drawn(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None) -> Mapping[str, bytes]:
    if diagrams is None:
        from bot.underlag.pictures import diagrams as draw

        diagrams = draw(d)
    return diagrams


def to_pdf(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None = None) -> bytes:
    """PDF/A-2a + PDF/UA-1 bytes of `d` (tagged, A4, the document's language); `diagrams` maps a question id
    to PNG bytes (default: drawn now)."""
    pngs = _drawn(d, diagrams)
    with _LAYOUT:
        typst = _typst()
        doc = document_json(d, typst.place(pngs), appendix_breaks(d, pngs))
        pdf = typst.compiler.compile(format="pdf", sys_inputs={"doc": doc}, pdf_standards=STANDARDS)
        typst.forget_old()
    return unambiguous_stream_ends(pdf)
