#!/usr/bin/env python3
"""Trims a fuzz corpus to at most N files, keeping the inputs that cover the
most coverage edges (greedy set cover: most new edges first, smaller file on
ties). `cargo fuzz cmin` keeps every input with one edge of its own, which
for the rules target is a thousand files; this keeps a few hundred.

    fuzz/target/x86_64-unknown-linux-gnu/release/rules -merge=1 -use_counters=0 \
        -merge_control_file=/tmp/rules.ctl "$(mktemp -d)" fuzz/corpus/rules
    python3 fuzz/trim-corpus.py /tmp/rules.ctl 400   # deletes the other files
"""
import os
import sys


def main(control_file, limit):
    lines = open(control_file).read().split("\n")
    count = int(lines[0])
    files = lines[2 : 2 + count]
    cov = {}
    for line in lines[2 + count :]:
        parts = line.split()
        if parts and parts[0] == "COV":
            cov[int(parts[1])] = set(parts[2:])
    edges = set().union(*cov.values())
    covered, keep = set(), set()
    while len(keep) < limit and covered != edges:
        best = max(
            (i for i in cov if i not in keep),
            key=lambda i: (len(cov[i] - covered), -os.path.getsize(files[i])),
        )
        keep.add(best)
        covered |= cov[best]
    for i, f in enumerate(files):
        if i not in keep:
            os.remove(f)
    size = sum(os.path.getsize(files[i]) for i in keep)
    print(
        f"kept {len(keep)} of {count} files ({size} bytes), "
        f"{len(covered)} of {len(edges)} edges ({100 * len(covered) / len(edges):.1f}%)"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
