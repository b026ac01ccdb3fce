#!/usr/bin/env python3
"""Compares kooship binaries on a noisy machine: each round runs every binary once, in a
random order, so that the machine's drift (other VMs, CPU frequency, the page cache) moves
them all alike. hyperfine runs one command after the other, and on a shared VM that alone
can make one binary look 30-50 % slower than another that is as fast.

Usage: python3 bench/ab.py ROUNDS 'FILES-GLOB' BINARY [BINARY ...]
  e.g. python3 bench/ab.py 1000 'bench/.work/data/corpus/one.yaml' old/kooship new/kooship
       python3 bench/ab.py 150 'bench/.work/data/corpus/manifest-*.yaml' old/kooship new/kooship
(bench/run.sh makes the corpus.) Prints, per binary, the median and first quartile of the
wall time and the median CPU time (user + system, of the child alone) of
`BINARY lint --format concise FILES`.
"""
import glob
import os
import random
import statistics
import sys
import time


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    files = sorted(glob.glob(sys.argv[2]))
    if not files:
        sys.exit(f"no file matches {sys.argv[2]}")
    binaries = sys.argv[3:]
    devnull = os.open(os.devnull, os.O_WRONLY)
    wall = {b: [] for b in binaries}
    cpu = {b: [] for b in binaries}
    for _ in range(rounds):
        order = binaries[:]
        random.shuffle(order)
        for b in order:
            start = time.perf_counter_ns()
            pid = os.posix_spawn(
                b,
                [b, "lint", "--format", "concise", *files],
                os.environ,
                file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)],
            )
            _, _, usage = os.wait4(pid, 0)
            wall[b].append((time.perf_counter_ns() - start) / 1e6)
            cpu[b].append((usage.ru_utime + usage.ru_stime) * 1e3)
    first = binaries[0]
    base = statistics.median(wall[first])
    for b in binaries:
        w = sorted(wall[b])
        m = statistics.median(w)
        print(
            f"{b:40} wall median {m:9.3f} ms ({(m / base - 1) * 100:+5.1f} % against the first)"
            f"   p25 {w[len(w) // 4]:9.3f} ms   cpu median {statistics.median(cpu[b]):9.3f} ms"
        )


if __name__ == "__main__":
    main()
