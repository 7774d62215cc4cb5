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
def font_dirs() -> list[str]:
    """The folders holding Carlito and DejaVu Sans on this machine (empty when neither is installed: the PDF
    then falls back on the fonts built into Typst, which `coach doctor` warns about)."""
    dirs: list[str] = []
    for pattern in FACES:
        path = _system_font(pattern)
        if path is not None and str(path.parent) not in dirs:
            dirs.append(str(path.parent))
    return dirs
