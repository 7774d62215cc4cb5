#!/usr/bin/env bash
# Install everything (scripts/bootstrap.sh) and build the guidance index once, so the first person who
# asks for Vägledning — in the terminal or in Slack — gets the passages at once instead of waiting
# about a minute. Safe to run again: an existing index is only checked (unchanged documents are kept).
# Usage: scripts/setup.sh            (uses COACH_DATA_DIR / .env like every coach command)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
echo "Bygger vägledningens sökindex (första gången ungefär en minut) …" >&2
coach index
