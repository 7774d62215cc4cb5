"""Fonts for the PDF: small subsets of the system's Carlito (metric-compatible with Calibri, which the
DOCX names) and of DejaVu Sans for ✓ ✗, made once per machine and kept in a cache directory.

Subsetting a whole font is most of the time a PDF takes; starting from a subset with only the
characters a Swedish or English underlag uses keeps each render well under a second. Characters
outside the subset fall back to the system fonts through the CSS font stack, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2030), 0x20AC, 0x2122, 0x2190, 0x2191,
            0x2192, 0x2193, 0x2212, 0x2264, 0x2265]
SYMBOLS = [0x20, 0x2713, 0x2717]
FACES = (("Coach", "Carlito:style=Regular", "normal", "normal", UNICODES),
         ("Coach", "Carlito:style=Bold", "bold", "normal", UNICODES),
         ("Coach", "Carlito:style=Italic", "normal", "italic", UNICODES),
         ("Coach", "Carlito:style=Bold Italic", "bold", "italic", UNICODES),
         ("CoachSymbols", "DejaVu Sans:style=Book", "normal", "normal", SYMBOLS))


def cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "processcoach-fonts"


def _system_font(pattern: str) -> Path | None:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    family = pattern.split(":")[0].replace(" ", "").lower()
    return path if path and path.exists() and family in path.name.replace(" ", "").lower() else None


def _subset(source: Path, unicodes: list[int]) -> Path:
    digest = hashlib.sha1(f"{source}:{source.stat().st_size}:{unicodes}".encode()).hexdigest()[:12]
    target = cache_dir() / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(source)
        options = subset.Options()
        options.layout_features = []  # no GPOS/GSUB: re-subsetting them is what makes a PDF slow
        options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "FFTM"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        font.save(partial)
        partial.replace(target)  # whole or not at all, when two renders race
    return target


@lru_cache(maxsize=1)
def font_faces() -> str:
    """CSS @font-face rules for the subset fonts found on this machine ("" when none are)."""
    rules = []
    for family, pattern, weight, style, unicodes in FACES:
        source = _system_font(pattern)
        if source is None:
            continue
        try:
            path = _subset(source, unicodes)
        except Exception as error:  # a font fontTools cannot read: the system font stack still works
            log.warning("could not subset %s: %s", source, error)
            continue
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)
