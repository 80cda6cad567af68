#!/usr/bin/env python3
"""Split a gold.jsonl into two halves, for tuning on one and reporting the other.

usage: halves.py GOLD.jsonl OUT_A.jsonl OUT_B.jsonl

Why: a rule tuned on a whole shared set may only have memorised it. Tune on half A, then report
half B, which the tuning never looked at ("generalise, don't memorise").

How: a line goes to half A when the md5 of its `file` field (UTF-8) is even in its last byte,
to half B when odd. The split is therefore
- stable: the same file lands in the same half on every machine, run and Python version (unlike
  `hash()`, which is salted per process), and when lines are added or reordered;
- by file: the records of one multi-document file (`record` 0, 1, ...) stay together, so a
  file's layout quirks cannot leak from one half into the other;
- generic: any gold file keyed by `file` works, whatever its other fields. Lines are copied
  byte for byte; blank lines are dropped.
md5 parity is close to a fair coin, so the halves come out near 50/50, not exactly (Reuters:
5,487 / 5,457 lines, each layout 1,342-1,394 per half). The counts are printed to stderr.
"""
import hashlib
import json
import sys


def half(file_field: str) -> str:
    """'A' when the md5 of `file_field` ends in an even byte, else 'B'."""
    return "A" if hashlib.md5(file_field.encode("utf-8")).digest()[-1] % 2 == 0 else "B"


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    gold, out_a, out_b = argv[1:]
    counts = {"A": 0, "B": 0}
    with open(gold, encoding="utf-8") as src, open(out_a, "w", encoding="utf-8") as a, open(
        out_b, "w", encoding="utf-8"
    ) as b:
        for line in src:
            if not line.strip():
                continue
            h = half(json.loads(line)["file"])
            counts[h] += 1
            (a if h == "A" else b).write(line if line.endswith("\n") else line + "\n")
    print(f"{gold}: half A {counts['A']} lines, half B {counts['B']} lines", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
