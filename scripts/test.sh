#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on PostgreSQL when CI is set or a server answers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Settings fail closed; the suite and the benchmarks run with the laptop defaults.
export DEBUG="${DEBUG:-1}"
export PYTHONHASHSEED=0
unset DATABASE_URL_OVERRIDE || true

pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_answers() {
  $PY - "$pg_url" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception:
    sys.exit(1)
PYEOF
}

echo "== test suite on SQLite =="
env -u DATABASE_URL -u REDIS_URL $PY -m pytest -n 2 --dist loadfile "$@"

if [[ -n "${CI:-}" ]] || pg_answers; then
  if ! pg_answers; then
    echo "PostgreSQL is not answering at $pg_url" >&2
    exit 1
  fi
  echo "== test suite on PostgreSQL ($pg_url) =="
  env -u REDIS_URL DATABASE_URL="$pg_url" $PY -m pytest -n 2 --dist loadfile "$@"
else
  echo "(PostgreSQL not reachable: skipped the PostgreSQL run)"
fi
