#!/usr/bin/env python3
"""Score story grouping against the set built by stories_build.py (standard library only).

    python3 stories_score.py OUT_DIR PRED.ndjson [--json-only] [--top 20]

PRED: `dossier --index IX search '*' --copies --limit 1000000 --format ndjson` over an archive
of OUT_DIR/files: one JSON object per document with `path` (absolute, or relative to the
current folder) and `story` (a string id; documents with the same story are one group; a
missing/null story is a group of its own).

Predicted pairs = all pairs of documents inside each predicted story.
  precision = predicted pairs that are gold / (predicted pairs - predicted related pairs)
              related pairs (share 0.5-0.8, or title-only files with one title) are left out of
              both numerator and denominator: neither right nor wrong
  recall    = gold pairs predicted / gold pairs  (also per copy rule, over the copy's pairs)
  templated merges = predicted pairs of two files of one template family that are not gold and
              not related (a subset of the false positives)
The last line of output is one JSON object with the headline figures.
"""

import argparse
import collections
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stories_build as B  # noqa: E402  (the body/share definitions live in the builder)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("pred")
    ap.add_argument("--top", type=int, default=20, help="rows in each listing (default 20)")
    ap.add_argument("--json-only", action="store_true", help="print only the JSON line")
    args = ap.parse_args()

    gold = json.load(open(os.path.join(args.out_dir, "gold.json"), encoding="utf-8"))
    files = gold["files"]
    root = os.path.realpath(os.path.join(args.out_dir, "files"))
    key = lambda a, b: (a, b) if a < b else (b, a)
    gold_pairs = {key(a, b): s for a, b, s in gold["pairs"]}
    related = {key(a, b): s for a, b, s in gold["related"]}
    for a, b in gold.get("related_title_only", []):
        related.setdefault(key(a, b), None)

    # ---- read PRED
    stories = collections.defaultdict(list)
    seen, unknown, dup = set(), [], 0
    n_lines = 0
    for ln, line in enumerate(open(args.pred, encoding="utf-8"), 1):
        line = line.strip()
        if not line:
            continue
        n_lines += 1
        d = json.loads(line)
        p = d.get("path") or ""
        rel = os.path.relpath(os.path.realpath(p), root).replace(os.sep, "/")
        if rel not in files:
            unknown.append(p)
            continue
        if rel in seen:
            dup += 1  # several records of one file: the file counts once, in its first story
            continue
        seen.add(rel)
        story = d.get("story")
        stories[("s", str(story)) if story not in (None, "") else ("single", rel)].append(rel)
    missing = [r for r in files if r not in seen]

    # ---- predicted pairs
    tp, fp_rel, fps = set(), 0, []
    templated = []
    n_pred = 0
    for members in stories.values():
        m = sorted(members)
        for i in range(len(m)):
            for j in range(i + 1, len(m)):
                k = (m[i], m[j])
                n_pred += 1
                if k in gold_pairs:
                    tp.add(k)
                elif k in related:
                    fp_rel += 1
                else:
                    fa, fb = files[k[0]].get("family"), files[k[1]].get("family")
                    fps.append(k)
                    if fa and fa == fb:
                        templated.append(k)
    judged = n_pred - fp_rel
    precision = len(tp) / judged if judged else None
    recall = len(tp) / len(gold_pairs) if gold_pairs else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0

    # ---- recall per copy rule (a gold pair counts for each copy in it; natural = orig-orig)
    def rule_letter(r):
        ru = files[r].get("rule") or "orig"
        return "orig" if ru == "orig" else ru.split(":")[0]
    per_rule = collections.defaultdict(lambda: [0, 0])
    per_rule_origin = collections.defaultdict(lambda: [0, 0])  # copy-origin pairs only
    for k in gold_pairs:
        la, lb = rule_letter(k[0]), rule_letter(k[1])
        hit = k in tp
        if la == "orig" and lb == "orig":
            per_rule["natural"][0] += hit
            per_rule["natural"][1] += 1
        for r, l in ((k[0], la), (k[1], lb)):
            if l != "orig":
                per_rule[l][0] += hit
                per_rule[l][1] += 1
                if files[r].get("origin") in k:
                    per_rule_origin[l][0] += hit
                    per_rule_origin[l][1] += 1

    sizes = [len(m) for m in stories.values()]
    multi = [s for s in sizes if s > 1]

    headline = {
        "precision": round(precision, 4) if precision is not None else None,
        "recall": round(recall, 4) if recall is not None else None,
        "f1": round(f1, 4),
        "predicted_pairs": n_pred, "true_pairs": len(tp), "related_pairs_predicted": fp_rel,
        "false_pairs": len(fps), "templated_merges": len(templated), "gold_pairs": len(gold_pairs),
        "recall_by_rule": {r: round(h / n, 4) for r, (h, n) in sorted(per_rule.items())},
        "recall_copy_origin_by_rule": {r: round(h / n, 4) for r, (h, n) in sorted(per_rule_origin.items())},
        "stories": len(stories), "stories_multi": len(multi), "largest_story": max(sizes) if sizes else 0,
        "documents": len(seen), "missing_files": len(missing), "unknown_paths": len(unknown),
        "duplicate_records": dup,
    }
    if args.json_only:
        print(json.dumps(headline))
        return

    title = lambda r: files[r].get("title", "")
    out = []
    w = out.append
    w("PRED %s: %d lines, %d documents of %d set files (%d missing: singletons), %d unknown paths, %d duplicate records"
      % (args.pred, n_lines, len(seen), len(files), len(missing), len(unknown), dup))
    if unknown:
        w("  unknown e.g. " + ", ".join(unknown[:3]))
    w("stories: %d, with >1 member: %d, largest: %d" % (len(stories), len(multi), headline["largest_story"]))
    w("")
    w("pair precision  %s  (%d true of %d judged; %d predicted pairs, %d of them related = not judged)"
      % (headline["precision"], len(tp), judged, n_pred, fp_rel))
    w("pair recall     %s  (%d of %d gold pairs)" % (headline["recall"], len(tp), len(gold_pairs)))
    w("pair F1         %s" % headline["f1"])
    w("")
    w("recall by rule (all gold pairs of a copy of that rule | copy-origin pairs only):")
    for r in sorted(per_rule):
        h, n = per_rule[r]
        ho, no = per_rule_origin.get(r, (0, 0))
        w("  %-8s %6.3f  (%5d/%-5d)   %s" % (r, h / n, h, n, "%6.3f  (%d/%d)" % (ho / no, ho, no) if no else "-"))
    w("")
    w("templated merges: %d (false pairs inside one template family)" % len(templated))
    fam_count = collections.Counter(files[a]["family"] for a, _ in templated)
    if fam_count:
        w("  by family: " + ", ".join("%s=%d" % kv for kv in fam_count.most_common()))
    for a, b in sorted(templated)[:args.top]:
        w("  [%s] %s  <>  %s" % (files[a]["family"], title(a), title(b)))
        w("        %s  %s" % (a, b))
    w("")

    # worst false positives: lowest share first (computed from the files; a false pair has
    # share < 0.5 by construction, else it would be gold or related)
    story_of = {r: sid for sid, m in stories.items() for r in m}
    size_of = {sid: len(m) for sid, m in stories.items()}
    cap = 200000
    pool = fps if len(fps) <= cap else random.Random(0).sample(fps, cap)
    cache = {}

    def sh(r):
        if r not in cache:
            text = open(os.path.join(root, r), encoding="utf-8").read()
            cache[r] = B.shingles(B.body_text(text, B.layout_of(r)))
        return cache[r]
    ranked = sorted(((B.share(sh(a), sh(b)), -size_of[story_of[a]], a, b) for a, b in pool))
    w("false-positive pairs: %d (share < 0.5, neither gold nor related); %d worst (lowest share)%s:"
      % (len(fps), min(args.top, len(fps)), "" if pool is fps else ", from a sample of %d" % cap))
    for s_, negsize, a, b in ranked[:args.top]:
        w("  share %.3f  story size %d: %s  <>  %s" % (s_, -negsize, title(a), title(b)))
        w("        %s  %s" % (a, b))
    w("")
    missed = sorted((k for k in gold_pairs if k not in tp), key=lambda k: (-gold_pairs[k], k))
    w("missed gold pairs: %d; %d listed, highest share first:" % (len(missed), min(args.top, len(missed))))
    for a, b in missed[:args.top]:
        w("  share %.3f  rules %s | %s" % (gold_pairs[(a, b)], files[a].get("rule"), files[b].get("rule")))
        w("        %s  <>  %s" % (title(a), title(b)))
        w("        %s  %s" % (a, b))
    print("\n".join(out))
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
