#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the project (again only when pyproject.toml changed).
# Sourced by scripts/chat.sh and scripts/test.sh; safe to run on a fresh machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COACH_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
if [ -z "$PYTHON" ]; then echo "Python 3.11 behövs men hittades inte." >&2; exit 1; fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Skapar virtuell miljö i $VENV …" >&2
  "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.coach-installed"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "Installerar beroenden (första gången tar det några minuter) …" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]" >&2
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
