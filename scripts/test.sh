#!/usr/bin/env bash
# The tests, in two tiers (tests/README.md):
#   ./scripts/test.sh           the fast tier: everything not marked slow (unit and integration on real
#                               SQLite/PostgreSQL/Chroma with fake embeddings); about 5 minutes on 2 cores
#   ./scripts/test.sh --slow    the slow tier: the bundled embedding model and a real index, served
#                               processes, retrieval quality
#   ./scripts/test.sh --all     both
# Other arguments go to pytest (e.g. -q, -x, a path). Uses the PostgreSQL at 127.0.0.1:5432 (database
# test) too when it answers; set COACH_REQUIRE_POSTGRES=1 to fail instead of skipping when it does not.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
tier=(-m "not slow")
args=()
for arg in "$@"; do
  case "$arg" in
    --slow) tier=(-m slow) ;;
    --all) tier=() ;;
    *) args+=("$arg") ;;
  esac
done
if [ -z "${COACH_TEST_POSTGRES_URL:-}" ]; then
  if python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=2").close()
PY
  then export COACH_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"; fi
fi
# Temporary files on tmpfs (RAM) when the machine has one with 4 GB free and TMPDIR is not set: every test's tmp_path
# holds SQLite databases and Chroma indexes, and on disk each of their commits waits for an fsync that
# no test needs (nothing there outlives the run). The storage tests took 31 s instead of 41-56 s.
# pytest keeps the last three runs' directories: in RAM, only the failed tests' (fast tier).
tmpfs=()
shm_free_kb=$(df --output=avail -k /dev/shm 2>/dev/null | tail -1 | tr -d " " || echo 0)
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${shm_free_kb:-0}" -gt 4000000 ]; then
  export TMPDIR=/dev/shm
  if [ "${tier[*]-}" = "-m not slow" ]; then tmpfs=(-o tmp_path_retention_policy=failed); fi
fi
# The fast tier runs on two processes (pytest-xdist, one test file per process at a time): it stays within
# its 5-minute budget on a 2-core machine. The slow tier's served processes and index build run one by one.
parallel=()
if [ "${tier[*]-}" = "-m not slow" ] && [[ " ${args[*]-} " != *" -n "* ]] && python -c "import xdist" 2>/dev/null; then
  parallel=(-n 2 --dist loadfile)
fi
exec python -m pytest ${tier[@]+"${tier[@]}"} ${parallel[@]+"${parallel[@]}"} ${tmpfs[@]+"${tmpfs[@]}"} ${args[@]+"${args[@]}"}
