#!/usr/bin/env python3
"""Split a gold.jsonl into two halves by a stable rule, to tune on one half and check the other.

usage: halves.py GOLD OUT_A OUT_B

A line goes to half A when the MD5 digest of its `file` field is even (last byte), else to B.
The rule depends on the file name only, so the split is the same on every machine and run,
stays stable when lines are added, and keeps every record of a multi-document file together.
Lines without a `file` field (or not JSON) are reported and skipped.
"""
import hashlib
import json
import sys


def half(name: str) -> str:
    return "A" if hashlib.md5(name.encode("utf-8")).digest()[-1] % 2 == 0 else "B"


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    gold, out_a, out_b = sys.argv[1:]
    counts = {"A": 0, "B": 0}
    skipped = 0
    with open(gold, encoding="utf-8") as src, open(out_a, "w", encoding="utf-8") as a, open(
        out_b, "w", encoding="utf-8"
    ) as b:
        for line in src:
            if not line.strip():
                continue
            try:
                name = json.loads(line)["file"]
            except (json.JSONDecodeError, KeyError, TypeError):
                skipped += 1
                continue
            h = half(str(name))
            (a if h == "A" else b).write(line if line.endswith("\n") else line + "\n")
            counts[h] += 1
    print(f"A: {counts['A']}  B: {counts['B']}  skipped: {skipped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
