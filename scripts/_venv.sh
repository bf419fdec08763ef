# Shared by scripts/run and scripts/test: the Debian packages, a .venv with the project installed,
# translations compiled.
# Usage: source scripts/_venv.sh [extra]   (extra = "test" installs the test extra and chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# PDFs (WeasyPrint): Pango, HarfBuzz's subsetter (without it font subsetting falls back to a much
# slower path) and the DejaVu fonts the PDFs embed. Browser tests (tests/e2e, Playwright) drive
# Debian's chromium at /usr/bin/chromium, never a browser downloaded by `playwright install`.
# The certificate tests rasterise PDFs with poppler's pdftoppm and decode their QR codes with
# zbar's zbarimg (tests/certificates).
apt_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra)
if [ "${1:-}" = "test" ]; then apt_packages+=(chromium poppler-utils zbar-tools); fi
# npm fetches axe-core for the accessibility tests
if [ "${1:-}" = "test" ] && ! command -v npm >/dev/null 2>&1; then apt_packages+=(npm); fi
# `flask backup` on PostgreSQL runs pg_dump/pg_restore (Debian 12: version 15; app/backup checks
# that the client is not older than the server)
command -v pg_dump >/dev/null 2>&1 || apt_packages+=(postgresql-client)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
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
# Accessibility tests (tests/e2e) inject axe-core, from the npm registry, into the pages.
if [ "$extra" = "test" ] && [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  echo "Installing axe-core into .cache/axe ..."
  npm install --prefix .cache/axe axe-core@4 --no-audit --no-fund --silent
fi
if ! out=$(.venv/bin/pybabel compile -d translations 2>&1); then
  echo "$out" >&2
  exit 1
fi
