# Shared by scripts/run and scripts/test: a .venv with the project installed, translations compiled.
# Usage: source scripts/_venv.sh [extra]   (extra = "test" installs the test extra)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
extra=${1:-}
spec="."
[ -n "$extra" ] && spec=".[${extra}]"
stamp=".venv/.installed-${extra:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing the project into .venv ..."
  log=$(mktemp)
  if ! { .venv/bin/python -m pip install --quiet --upgrade pip \
         && .venv/bin/python -m pip install --quiet -e "$spec"; } >"$log" 2>&1; then
    grep -v "^WARNING: Location" "$log" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi
if ! out=$(.venv/bin/pybabel compile -d translations 2>&1); then
  echo "$out" >&2
  exit 1
fi
