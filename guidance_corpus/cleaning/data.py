"""The seed documents and their per-document fixes, read once from fixes.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIXES: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("fixes.yaml")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeedSpec:
    id: str
    prefix: str
    slug: str
    title: str
    publisher: str | None
    year: int | None
    source: str | None
    kind: str
    extra: dict = field(default_factory=dict)


SEEDS: tuple[SeedSpec, ...] = tuple(SeedSpec(**seed) for seed in FIXES["seeds"])
