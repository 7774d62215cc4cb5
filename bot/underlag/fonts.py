"""Fonts for the PDF: the system's Carlito (metric-compatible with Calibri, which the DOCX names) and DejaVu
Sans (✓ ✗ and list markers Carlito lacks), found through fontconfig. Typst is given only their folders and
no other system font, so a PDF looks the same on every machine that has these two packages
(fonts-crosextra-carlito, fonts-dejavu-core); Typst embeds the subset of each font a document uses.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

FACES = ("Carlito:style=Regular", "Carlito:style=Bold", "Carlito:style=Italic", "Carlito:style=Bold Italic",
         "DejaVu Sans:style=Book")


def _system_font(pattern: str) -> Path | None:
    """The file fontconfig finds for `pattern`, or None (also when it answers with another family)."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    family = pattern.split(":")[0].replace(" ", "").lower()
    return path if path and path.exists() and family in path.name.replace(" ", "").lower() else None


@lru_cache(maxsize=1)
def font_files() -> tuple[Path, ...]:
    """The files of the FACES fontconfig finds on this machine (asked once per process)."""
    return tuple(path for path in map(_system_font, FACES) if path is not None)


@lru_cache(maxsize=1)
def font_dirs() -> list[str]:
    """The folders holding Carlito and DejaVu Sans on this machine (empty when neither is installed: the PDF
    then falls back on the fonts built into Typst, which `coach doctor` warns about)."""
    return list(dict.fromkeys(str(path.parent) for path in font_files()))


INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))
MISSING = "□"  # shown for a character no font of the PDF has (an emoji, a script outside the fonts)


@lru_cache(maxsize=1)
def covered() -> frozenset[int] | None:
    """Every character the PDF's fonts can draw (the union of their character maps); None when the fonts
    are not installed (Typst's own then stand in, and their coverage is not known here)."""
    from fontTools.ttLib import TTFont

    chars: set[int] = set()
    for path in font_files():
        with TTFont(path, lazy=True, fontNumber=0) as font:
            chars.update(font.getBestCmap() or {})
    return frozenset(chars) or None


def drawable(text: str) -> str:
    """`text` with what no font of the PDF can draw replaced by «□» (emoji joiners, variation selectors and
    modifiers always dropped: they only glue a picture that is not there):
    PDF/A and PDF/UA refuse a character without a glyph, and a whole underlag failed for one «⚽»."""
    chars = covered()
    if chars is None or all((ord(c) in chars and ord(c) not in INVISIBLE) or c in "\n\t" for c in text):
        return text
    return "".join("" if ord(c) in INVISIBLE else c if ord(c) in chars or c in "\n\t" else MISSING for c in text)
