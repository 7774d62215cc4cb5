"""What machine a benchmark ran on, for the numbers in docs/BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe() -> str:
    return f"{os.cpu_count()} cores (nproc {os.cpu_count()}), {cpu_model()}, Python {platform.python_version()}"
