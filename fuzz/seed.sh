#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/, not committed) from the repository's own inputs:
# lint ← the examples, the rule fixtures and the YAML test suite; lock ← the lock fixtures
# and the suite's JSON. Then: cargo +nightly fuzz run lint -- -max_total_time=1800 …
set -euo pipefail
cd "$(dirname "$0")"
seed() { # TARGET FILE...
    local target=$1
    shift
    mkdir -p "corpus/$target"
    for f in "$@"; do
        cp "$f" "corpus/$target/seed-$(sha1sum <"$f" | cut -c1-16)"
    done
}
seed lint ../examples/*/kooship.yaml
find ../tests/rules ../tests/data/yaml-test-suite \( -name '*.yaml' -o -name '*.yml' \) -print0 |
    while IFS= read -r -d '' f; do seed lint "$f"; done
find ../tests/rules ../tests/data/yaml-test-suite \( -name '*.lock' -o -name 'in.json' \) -print0 |
    while IFS= read -r -d '' f; do seed lock "$f"; done
echo "lint: $(ls corpus/lint | wc -l) seeds, lock: $(ls corpus/lock | wc -l) seeds"
