#!/usr/bin/env bash
# The guided conversation in a terminal, on the embedded default (SQLite under ./data).
# Usage: scripts/chat.sh --process "Meningsfull fritid i Skogås" --user anna
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec coach chat "$@"
