# Shared by scripts/run and scripts/test: a .venv with the project installed, translations compiled.
# Usage: source scripts/_venv.sh [extra]   (extra = "test" installs the test extra)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=${1:-}
spec="."
[ -n "$extra" ] && spec=".[${extra}]"
stamp=".venv/.installed-${extra:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$spec"
  touch "$stamp"
fi
.venv/bin/pybabel compile -q -d translations 2>/dev/null || .venv/bin/pybabel compile -d translations
