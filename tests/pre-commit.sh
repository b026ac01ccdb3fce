#!/usr/bin/env bash
# The pre-commit hook, for real: installs pre-commit from PyPI into a temporary venv, makes a
# temporary git repository with a manifest and a .pre-commit-config.yaml pointing at this
# repository (its committed HEAD), and runs `pre-commit run --all-files`: it must pass on a
# good manifest and fail, naming the rule, on a bad one.
# The hook's `cargo install` builds into this repository's target/ (CARGO_TARGET_DIR, unless
# set), so it reuses a release build made before instead of compiling everything again.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
sha=$(git -C "$here" rev-parse HEAD)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$tmp/cache"

mkdir "$tmp/seller" && cd "$tmp/seller"
git init --quiet
sed '1d' "$here/tests/rules/DEL001/pass-saas.yaml" > kooship.yaml
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $sha
    hooks:
      - id: kooship-lint
YAML
git add kooship.yaml .pre-commit-config.yaml

echo "pre-commit on a good manifest (installs the hook: cargo install into $CARGO_TARGET_DIR)"
start=$(date +%s)
if ! "$tmp/venv/bin/pre-commit" run --all-files > "$tmp/good.log" 2>&1; then
  cat "$tmp/good.log"
  echo "FAIL: the hook refused a good manifest" >&2
  exit 1
fi
grep -q "kooship lint" "$tmp/good.log" || { cat "$tmp/good.log"; echo "FAIL: the hook did not run" >&2; exit 1; }
echo "   passed; first run (hook install) in $(( $(date +%s) - start )) s"

echo "pre-commit on a bad manifest"
sed -i 's/tls_versions: \[tls1_2\]/tls_versions: [tls1_0, tls1_2]/; s/  name: Acme Insight/  nmae: Acme Insight/' kooship.yaml
git add kooship.yaml
if "$tmp/venv/bin/pre-commit" run --all-files > "$tmp/bad.log" 2>&1; then
  cat "$tmp/bad.log"
  echo "FAIL: the hook accepted a bad manifest" >&2
  exit 1
fi
grep -q "MAN002" "$tmp/bad.log" || { cat "$tmp/bad.log"; echo "FAIL: the hook's output does not name the rule" >&2; exit 1; }
echo "pre-commit hook: OK"
