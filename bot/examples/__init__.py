"""Worked examples that ship with the package: complete processes in the export format.

`skogas.json` is "Meningsfull fritid i Skogås", the guide's own example (Vägledning Datadriven
områdesutveckling, Huddinge kommun 2024) answered through all seven steps, with gate decisions and
ABCDE reports. Load it with `coach exempel` (or `coach import`). It is built from
tests/fixtures/skogas.json by scripts/build_example.py; a test keeps the two in step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES_DIR = Path(__file__).parent
EXAMPLES: dict[str, str] = {"skogas": "skogas.json"}


def example_path(key: str = "skogas") -> Path:
    return EXAMPLES_DIR / EXAMPLES[key]


def load_example(key: str = "skogas") -> dict[str, Any]:
    return json.loads(example_path(key).read_text(encoding="utf-8"))
