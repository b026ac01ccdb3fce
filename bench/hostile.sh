#!/usr/bin/env bash
# Hostile input through the release binary: wall time and peak memory per case.
# Targets: each case under 0.5 s and 64 MiB, ending in exit 1 (MAN006 for the limits),
# never a crash.
#
#   cargo build --release && bash bench/hostile.sh [path/to/kooship]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/kooship}
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time -v)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys, os
d = sys.argv[1]
def write(name, data):
    with open(os.path.join(d, name + ".yaml"), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
# Billion laughs: 9 levels of 9 aliases each (9^9 nodes once expanded).
s = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for prev, name in zip("abcdefgh", "bcdefghi"):
    s += f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
write("alias-bomb", s)
# An alias to a 500 kB string, 9,000 times (4.5 GB once expanded, within the node limit).
write("alias-long-string", 'a: &a "' + "x" * 500_000 + '"\nb: [' + ", ".join(["*a"] * 9_000) + "]\n")
# 63 anchors nested around a 1 MB string: each anchor would keep its own copy (63 MB).
write("anchors-nested", "a: " + "".join(f"&a{i} [" for i in range(63)) + '"' + "x" * 1_000_000 + '"' + "]" * 63 + "\n")
write("block-100k-compact", "- " * 100_000 + "x\n")
write("block-100k-indented", "".join(" " * min(i, 300) + "-\n" for i in range(100_000)))
write("flow-100k-lists", "[" * 100_000 + "]" * 100_000)
write("flow-100k-maps", "{a: " * 100_000 + "1" + "}" * 100_000)
# 62 nested 1,000-byte keys above 9,000 items: every item's pointer is 62 kB long.
s = "".join(" " * i + "k" * 1000 + f"{i}:\n" for i in range(62))
write("long-keys-nested", s + " " * 62 + "v: [" + ", ".join(["x"] * 9_000) + "]\n")
line = "# padding padding padding padding padding padding padding padding\n"
write("50mb", line * (50 * 1024 * 1024 // len(line) + 1))
write("invalid-utf8", b"format: 1\nproduct:\n  name: Acme \xff\xfe Insight\n" + b"  x: y\n" * 20_000)
# Not limits, but many findings: 4,900 unknown keys on one 950 kB line, and after a 900 kB comment.
keys = [f"k{i}: 1" for i in range(4_900)]
write("findings-long-line", "{format: 1, pad: " + "x" * 900_000 + ", " + ", ".join(keys) + "}\n")
write("findings-long-file", "#" + "x" * 900_000 + "\nformat: 1\n" + "\n".join(keys) + "\n")
PY

summary() { # JSON report → "RULE×count, …"
    python3 -c '
import collections, json, sys
c = collections.Counter(f["rule"] for f in json.load(open(sys.argv[1]))["findings"])
print(", ".join(f"{r}×{n}" if n > 1 else r for r, n in sorted(c.items())))' "$1" 2>/dev/null || echo "no report"
}

printf '%-32s %8s %12s %5s  %s\n' case wall_s max_rss_kib exit findings
fail=0
run() { # NAME FORMAT
    local name=$1 format=$2 code wall rss
    set +e
    local t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$work/time" "$bin" lint --color never --format "$format" "$work/$name.yaml" >"$work/out" 2>/dev/null
    code=$?
    local t1=$EPOCHREALTIME
    set -e
    # Wall time from the shell's clock (GNU time rounds to 10 ms); memory from GNU time.
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    if [ "$format" = json ]; then found=$(summary "$work/out"); else found="($(wc -c <"$work/out") bytes of $format output)"; fi
    printf '%-32s %8s %12s %5s  %s\n' "$name ($format)" "$wall" "$rss" "$code" "$found"
    if [ "$code" != 1 ] || awk -v w="$wall" -v r="$rss" 'BEGIN { exit !(w >= 0.5 || r >= 65536) }'; then
        fail=1
    fi
}
for f in alias-bomb alias-long-string anchors-nested block-100k-compact block-100k-indented flow-100k-lists \
    flow-100k-maps long-keys-nested 50mb invalid-utf8 findings-long-line findings-long-file; do
    run "$f" json
done
run findings-long-line human
run findings-long-file human
if [ "$fail" = 0 ]; then echo "all under 0.5 s and 64 MiB"; else echo "a case missed its target" >&2; exit 1; fi
