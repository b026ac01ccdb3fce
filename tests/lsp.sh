#!/usr/bin/env bash
# Black-box tests of `kooship server`: installs pytest-lsp (a real LSP client) from PyPI into
# a temporary venv and runs tests/lsp/test_server.py against the binary `cargo test` already
# built (or KOOSHIP_BIN): for every rule fixture, the server's diagnostics carry the same
# codes at the same positions as `kooship lint --format json`; diagnostic fields, UTF-16
# columns, hover, code actions, shutdown and exit.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${KOOSHIP_BIN:-$here/target/debug/kooship}
[ -x "$bin" ] || { echo "FAIL: no $bin (run cargo test first, or set KOOSHIP_BIN)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check 'pytest-lsp==1.0.1'
cd "$here"
# pytest exits non-zero when a test fails and 5 when none ran: either fails this script.
PYTHONDONTWRITEBYTECODE=1 KOOSHIP_BIN="$bin" "$tmp/venv/bin/pytest" -q -p no:cacheprovider \
  -c tests/lsp/pytest.ini tests/lsp
echo "language server (pytest-lsp): OK"
