#!/usr/bin/env bash
# The whole test suite. Uses the PostgreSQL at 127.0.0.1:5432 (database test) too when it answers;
# set COACH_REQUIRE_POSTGRES=1 to fail instead of skipping when it does not.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
if [ -z "${COACH_TEST_POSTGRES_URL:-}" ]; then
  if python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=2").close()
PY
  then export COACH_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"; fi
fi
exec python -m pytest "$@"
