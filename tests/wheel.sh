#!/usr/bin/env bash
# The install without Rust, for real:
#   1. builds the wheel (maturin, pyproject.toml) with the release profile into this
#      repository's target/, so a release build made before is reused, not repeated
#      (with KOOSHIP_RELEASE_BUILT=1, as .ci/run sets it, recompiling anything is a failure);
#   2. builds the source package, checks that it holds what the build needs and no tests, and
#      builds a wheel from it (KOOSHIP_SKIP_SDIST_BUILD=1 skips that build);
#   3. installs the wheel into a fresh venv and lints a good and a bad manifest with the
#      installed binary (exit status and rule codes);
#   4. runs pre-commit with the mirror hook (pre-commit-mirror/: language python, the wheel as
#      its only dependency, no package index) with cargo and rustc removed from PATH.
# Needs python3 (with venv) and cargo; fetches maturin, pre-commit and setuptools from PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
clock() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(clock)"; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
[ -n "$version" ] || fail "no version in Cargo.toml"
grep -q "\"kooship==$version\"" "$here/pre-commit-mirror/pyproject.toml" ||
  fail "pre-commit-mirror/pyproject.toml does not pin kooship==$version"

echo "tools: maturin, pre-commit (PyPI)"
python3 -m venv "$tmp/tools"
"$tmp/tools/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.9,<2' pre-commit
"$tmp/tools/bin/maturin" --version

echo "1. wheel (maturin build --release)"
t=$(clock)
(cd "$here" && "$tmp/tools/bin/maturin" build --release --locked --out "$tmp/dist") > "$tmp/maturin.log" 2>&1 ||
  { cat "$tmp/maturin.log"; fail "maturin build"; }
echo "   built in $(since "$t")"
wheel=$(ls "$tmp"/dist/kooship-"$version"-*.whl 2>/dev/null | head -n 1 || true)
[ -n "$wheel" ] || { cat "$tmp/maturin.log"; fail "no kooship-$version wheel in $tmp/dist"; }
echo "   $(basename "$wheel"), $(du -k "$wheel" | cut -f1) KiB"
if grep -E '^\s*Compiling ' "$tmp/maturin.log"; then
  if [ "${KOOSHIP_RELEASE_BUILT:-}" = 1 ]; then
    fail "maturin recompiled the crates above: its cargo flags differ from the release build's"
  fi
else
  echo "   the release build was reused: nothing recompiled"
fi
python3 - "$wheel" <<'PY' || fail "the wheel's content"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = [n for n in names if ".data/scripts/" in n]
assert [s.rsplit("/", 1)[1] for s in scripts] == ["kooship"], names
assert not any(n.endswith(".py") for n in names), names
PY

echo "2. source package (maturin sdist)"
(cd "$here" && "$tmp/tools/bin/maturin" sdist --out "$tmp/sdist") > "$tmp/sdist.log" 2>&1 ||
  { cat "$tmp/sdist.log"; fail "maturin sdist"; }
sdist=$tmp/sdist/kooship-$version.tar.gz
[ -f "$sdist" ] || { cat "$tmp/sdist.log"; fail "no kooship-$version.tar.gz"; }
tar tzf "$sdist" | sed "s|^kooship-$version/||" | sort > "$tmp/sdist.txt"
for need in Cargo.toml Cargo.lock pyproject.toml README.md src/main.rs src/lib.rs schemas/kooship.schema.json; do
  grep -qx "$need" "$tmp/sdist.txt" || fail "the source package lacks $need"
done
if grep -E '^(tests|bench|benches|fuzz|examples|pre-commit-mirror|\.ci)/' "$tmp/sdist.txt"; then
  fail "the source package holds the files above"
fi
echo "   $(basename "$sdist"): $(wc -l < "$tmp/sdist.txt") files, $(du -k "$sdist" | cut -f1) KiB, no tests"
if [ "${KOOSHIP_SKIP_SDIST_BUILD:-}" != 1 ]; then
  t=$(clock)
  # What `pip install kooship` does where no wheel fits: a PEP 517 build from the source package.
  PATH="$tmp/tools/bin:$PATH" CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target} "$tmp/tools/bin/pip" wheel --quiet \
    --disable-pip-version-check --no-deps --no-build-isolation -w "$tmp/from-sdist" "$sdist" \
    > "$tmp/sdist-build.log" 2>&1 || { cat "$tmp/sdist-build.log"; fail "building a wheel from the source package"; }
  ls "$tmp"/from-sdist/kooship-"$version"-*.whl > /dev/null || fail "no wheel from the source package"
  echo "   a wheel builds from it ($(since "$t"))"
fi

# From here on, no Rust: cargo and rustc are not on PATH.
norust=""
IFS=: read -ra dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  [ -x "$d/cargo" ] || [ -x "$d/rustc" ] || norust="${norust:+$norust:}$d"
done
export PATH=$norust
! command -v cargo > /dev/null || fail "cargo is still on PATH"
! command -v rustc > /dev/null || fail "rustc is still on PATH"

echo "3. install the wheel into a fresh venv (no cargo on PATH)"
t=$(clock)
python3 -m venv "$tmp/user"
"$tmp/user/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
echo "   venv and install in $(since "$t")"
kooship=$tmp/user/bin/kooship
[ -x "$kooship" ] || fail "the wheel did not install bin/kooship"
[ "$("$kooship" --version)" = "kooship $version" ] || fail "kooship --version: $("$kooship" --version)"
mkdir "$tmp/seller"
sed '1d' "$here/tests/rules/DEL001/pass-saas.yaml" > "$tmp/seller/kooship.yaml"
(cd "$tmp/seller" && "$kooship" lint kooship.yaml > "$tmp/good.log" 2>&1) ||
  { cat "$tmp/good.log"; fail "the installed kooship refused a good manifest"; }
sed 's/tls_versions: \[tls1_2\]/tls_versions: [tls1_0, tls1_2]/; s/  name: Acme Insight/  nmae: Acme Insight/' \
  "$tmp/seller/kooship.yaml" > "$tmp/bad.yaml"
status=0
"$kooship" lint --format concise "$tmp/bad.yaml" > "$tmp/bad.log" 2>&1 || status=$?
[ "$status" = 1 ] || { cat "$tmp/bad.log"; fail "a bad manifest exited $status, not 1"; }
grep -q MAN002 "$tmp/bad.log" && grep -q API006 "$tmp/bad.log" ||
  { cat "$tmp/bad.log"; fail "the report does not name MAN002 and API006"; }
echo "   good manifest: exit 0; bad manifest: exit 1 with MAN002 and API006"

echo "4. pre-commit with the mirror hook (language: python, no cargo on PATH, no package index)"
# The index is off: the hook's environment gets kooship from the wheel just built and the
# mirror's build backend from a local copy, and nothing else.
"$tmp/tools/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: \
  --dest "$tmp/dist" 'setuptools>=61'
mkdir "$tmp/mirror"
cp -r "$here/pre-commit-mirror/." "$tmp/mirror/"
git -C "$tmp/mirror" init --quiet
git -C "$tmp/mirror" add -A
git -C "$tmp/mirror" -c user.name=kooship -c user.email=ci@kooship.invalid commit --quiet -m mirror
mirror_sha=$(git -C "$tmp/mirror" rev-parse HEAD)
cd "$tmp/seller"
git init --quiet
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/mirror
    rev: $mirror_sha
    hooks:
      - id: kooship-lint
YAML
git add kooship.yaml .pre-commit-config.yaml
export PRE_COMMIT_HOME=$tmp/pre-commit-cache PIP_NO_INDEX=1 PIP_FIND_LINKS=$tmp/dist
t=$(clock)
"$tmp/tools/bin/pre-commit" run --all-files > "$tmp/hook-good.log" 2>&1 ||
  { cat "$tmp/hook-good.log"; fail "the mirror hook refused a good manifest"; }
grep -q "kooship lint" "$tmp/hook-good.log" || { cat "$tmp/hook-good.log"; fail "the hook did not run"; }
echo "   good manifest: passed; first run (hook install) in $(since "$t")"
cp "$tmp/bad.yaml" kooship.yaml
git add kooship.yaml
if "$tmp/tools/bin/pre-commit" run --all-files > "$tmp/hook-bad.log" 2>&1; then
  cat "$tmp/hook-bad.log"
  fail "the mirror hook accepted a bad manifest"
fi
grep -q MAN002 "$tmp/hook-bad.log" || { cat "$tmp/hook-bad.log"; fail "the hook's output does not name the rule"; }
echo "   bad manifest: failed, naming MAN002"
echo "wheel: OK"
