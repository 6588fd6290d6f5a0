#!/usr/bin/env bash
# Run every benchmark in bench/ (or only bench/bench_<name>.py when a name is given).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Settings fail closed; the suite and the benchmarks run with the laptop defaults.
export DEBUG="${DEBUG:-1}"
if [[ $# -gt 0 && -n "$1" ]]; then
  scripts=("bench/bench_${1//-/_}.py")
  [[ -f "${scripts[0]}" ]] || { echo "no benchmark named '$1' (looked for ${scripts[0]})" >&2; exit 2; }
else
  scripts=(bench/bench_*.py)
fi
for script in "${scripts[@]}"; do
  echo "== $script =="
  $PY "$script"
done
