#!/usr/bin/env python3
"""Writes N realistic manifests (variations of the bundled examples) into OUT/corpus/,
with the files they refer to, plus OUT/one.yaml (a copy of the first).

    python3 bench/gen_corpus.py OUT [N]
"""
import os
import shutil
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
examples = ["acme-insight", "metricflow", "secure-vault-setup"]
corpus = os.path.join(out, "corpus")
shutil.rmtree(corpus, ignore_errors=True)
os.makedirs(corpus)
texts = []
for ex in examples:
    src = os.path.join(root, "examples", ex)
    texts.append(open(os.path.join(src, "kooship.yaml"), encoding="utf-8").read())
    for sub in ("assets", "delivery"):
        if os.path.isdir(os.path.join(src, sub)):
            for f in os.listdir(os.path.join(src, sub)):
                os.makedirs(os.path.join(corpus, sub), exist_ok=True)
                # the examples' logos differ only in colour; one name per example
                shutil.copy(os.path.join(src, sub, f), os.path.join(corpus, sub, f))
for i in range(n):
    text = texts[i % len(texts)]
    # Vary names, versions and prices so that no two files are the same.
    tag = chr(65 + i % 26) + chr(97 + (i // 26) % 26) + chr(97 + (i // 676) % 26)
    text = text.replace("name: Acme Insight", f"name: Acme Insight {tag}", 1)
    text = text.replace("name: MetricFlow Observability", f"name: MetricFlow {tag}", 1)
    text = text.replace("name: SecureVault Setup Service", f"name: SecureVault Setup {tag}", 1)
    text = text.replace("version: 1.0.0", f"version: 1.{i % 7}.{i % 13}", 1)
    text = text.replace("month: 20, year: 200", f"month: {20 + i % 50}, year: {200 + i % 500}", 1)
    with open(os.path.join(corpus, f"manifest-{i:04d}.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
shutil.copy(os.path.join(corpus, "manifest-0000.yaml"), os.path.join(corpus, "one.yaml"))
print(f"{n} manifests in {corpus}")
