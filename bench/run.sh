#!/usr/bin/env bash
# Benchmarks kooship against the alternatives, in one run on this machine:
#   - cold `kooship lint` of one manifest, and of 1,000 manifests in one call;
#   - the floor: a bare parse-and-validate Rust program (serde_yaml + jsonschema, bench/floor,
#     built into bench/.work);
#   - check-jsonschema (PyPI) validating the same files against schemas/kooship.schema.json;
#   - peak memory (GNU time).
# Needs hyperfine (Debian: apt-get install hyperfine), python3, cargo. Work files go to
# bench/.work (ignored by git). Usage: bash bench/run.sh [RUNS]
# To measure a change, set BASELINE to another kooship binary (e.g. one built from the commit
# before it): it is timed in the same hyperfine runs, so the machine's load moves both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-30}
W=bench/.work
mkdir -p "$W"
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }

echo "== build"
cargo build --release -q
K=$PWD/target/release/kooship
python3 bench/gen_corpus.py "$W/data" 1000
DATA=$W/data/corpus
SCHEMA=$PWD/schemas/kooship.schema.json

if [ ! -x "$W/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$W/venv"
  "$W/venv/bin/pip" install -q --disable-pip-version-check check-jsonschema==0.39.0
fi
CJ=$W/venv/bin/check-jsonschema

cargo build --release -q --locked --manifest-path bench/floor/Cargo.toml --target-dir "$W/floor-target"
FLOOR=$W/floor-target/release/rustbase

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; ls -l "$K" | awk '{print "binary size:", $5, "bytes"}'

echo "== one manifest, cold process"
args=(-N -w 5 -r "$RUNS" --export-json "$W/one.json")
args+=(-n kooship "$K lint --format concise $DATA/one.yaml")
[ -n "${BASELINE:-}" ] && args+=(-n baseline "$BASELINE lint --format concise $DATA/one.yaml")
args+=(-n floor "$FLOOR $SCHEMA $DATA/one.yaml")
args+=(-n check-jsonschema "$CJ --schemafile $SCHEMA $DATA/one.yaml")
hyperfine "${args[@]}" || true

echo "== 1,000 manifests in one call"
args=(-w 2 -r "$(( RUNS / 3 > 5 ? RUNS / 3 : 5 ))" --export-json "$W/thousand.json")
args+=(-n kooship "$K lint --format concise $DATA/manifest-*.yaml")
[ -n "${BASELINE:-}" ] && args+=(-n baseline "$BASELINE lint --format concise $DATA/manifest-*.yaml")
args+=(-n kooship-1-thread "RAYON_NUM_THREADS=1 $K lint --format concise $DATA/manifest-*.yaml")
args+=(-n floor "$FLOOR $SCHEMA $DATA/manifest-*.yaml")
hyperfine "${args[@]}" || true
hyperfine -w 1 -r 3 --export-json "$W/thousand-cj.json" \
  -n check-jsonschema "$CJ --schemafile $SCHEMA $DATA/manifest-*.yaml" || true

echo "== peak memory (KiB)"
for c in "$K lint --format concise $DATA/one.yaml" "$K lint --format concise $DATA/manifest-*.yaml"; do
  /usr/bin/time -f "%M KiB  %e s  ${c/$DATA/DATA}" sh -c "exec $c" > /dev/null 2> "$W/rss.txt" || true
  tail -1 "$W/rss.txt"
done

echo "== summary (medians)"
python3 - "$W" <<'PY'
import json, sys, os
w = sys.argv[1]
def medians(name):
    p = os.path.join(w, name)
    if not os.path.exists(p):
        return {}
    return {r["command"]: r["median"] for r in json.load(open(p))["results"]}
one = medians("one.json")
many = medians("thousand.json"); many.update(medians("thousand-cj.json"))
def show(title, m):
    k = m.get("kooship")
    print(title)
    for name, t in m.items():
        ratio = f"{t / k:6.1f}× kooship" if k else ""
        print(f"  {name:18} {t * 1000:9.1f} ms   {ratio}")
show("one manifest:", one)
show("1,000 manifests:", many)
PY
