#!/usr/bin/env python3
"""Build the "stories" test set from Reuters-21578 (standard library only).

    python3 stories_build.py OUT_DIR [--seed 1] [--n-origins 1500] [--corpus DIR]

Writes OUT_DIR/files/orig/<layout>/...   all 10,944 corpus files, byte for byte
       OUT_DIR/files/copies/<layout>/... rule-made copies of --n-origins originals
       OUT_DIR/gold.json                 files, gold pairs, related pairs, template families

Definitions (also in REPORT.md):
  body      text after the title/date header lines, scraped-page noise lines removed
  S(X)      set of word 5-grams of the lowercased body (tokens: runs of letters/digits,
            a number such as 1,666,667 or 16.5 kept as one token)
  share     |S(A) & S(B)| / max(|S(A)|, |S(B)|); 0 if either set is empty
  gold      (1) a copy with its origin and with the origin's other copies (whatever their
            share), (2) any two files of the set (originals or copies) with share >= 0.8
  related   share in [0.5, 0.8) and not gold; also two title-only files (no 5-gram) with the
            same normalised title: neither right nor wrong when merged
  templated two files of the same title family (earnings, dividend, ...) that are neither gold
            nor related

The layout/format parser is kept in this one file so the builder has no sibling module.
"""

import argparse
import collections
import json
import math
import os
import random
import shutil
import sys
import time
import re  # noqa: E402  (kept with the parser below)

LAYOUTS = ("wire", "scraped", "prose", "bydate")

# Lines that are page chrome, not story text, in any layout (the scraped layout's noise and
# the same kinds of line elsewhere).
NOISE_RES = [
    re.compile(r"^\W*\d[\d,.]*\s*(views?|reads?)\s*$", re.I),  # ` • 218 views`
    re.compile(r"^to suggest a correction", re.I),
    re.compile(r"^you can also highlight the text", re.I),
    re.compile(r"^comments?\s*\(\s*\d+\s*\)\s*$", re.I),  # `Comments ( 0)`
]

TOKEN_RE = re.compile(r"[^\W_]+(?:[.,][0-9]+)*")
SHINGLE = 5


def layout_of(relpath):
    """Layout of a path relative to OUT_DIR/files (orig/<layout>/... or copies/<layout>/...)
    or to the corpus folder (<layout>/...)."""
    for part in relpath.split("/")[:3]:
        if part in LAYOUTS:
            return part
    return None


def is_noise(line):
    t = line.strip()
    return any(r.search(t) for r in NOISE_RES)


def split_file(text, layout):
    """(header_lines, body_lines, footer_lines, title_index_in_header).

    Header/footer are kept verbatim so a file can be re-rendered byte for byte."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    n = len(lines)
    i = 0
    title_idx = None
    if layout == "wire":
        # title, date line
        header_n = 2
        title_idx = 0
    elif layout == "prose":
        header_n = 3  # title, blank, date
        title_idx = 0
    elif layout == "bydate":
        header_n = 1
        title_idx = 0
    elif layout == "scraped":
        # date/ticker, title, then place line and view counter
        title_idx = 1
        header_n = 2
        j = 2
        while j < n and j < 8:
            t = lines[j].strip()
            if t == "" or "\u2022" in t or is_noise(t):
                j += 1
                if t != "":
                    header_n = j
                continue
            break
    else:
        header_n = 1
        title_idx = 0
    header_n = min(header_n, n)
    header = lines[:header_n]
    rest = lines[header_n:]
    # footer: trailing noise lines (scraped chrome); blank lines between go with it
    k = len(rest)
    while k > 0 and (rest[k - 1].strip() == "" or is_noise(rest[k - 1])):
        k -= 1
    # keep blank lines that precede the footer inside the footer
    footer = rest[k:]
    body = rest[:k]
    return header, body, footer, title_idx


def paragraphs(body_lines):
    paras, cur = [], []
    for l in body_lines:
        if l.strip() == "":
            if cur:
                paras.append("\n".join(cur))
                cur = []
        else:
            cur.append(l)
    if cur:
        paras.append("\n".join(cur))
    return paras


def body_text(text, layout):
    """Story text: after the title/date lines, noise lines removed."""
    header, body, footer, _ = split_file(text, layout)
    return "\n".join(l for l in body if not is_noise(l))


def title_of(text, layout):
    header, _, _, ti = split_file(text, layout)
    return header[ti].strip() if ti is not None and ti < len(header) else ""


def tokens(s):
    return TOKEN_RE.findall(s.lower())


def shingles(s, k=SHINGLE):
    w = tokens(s)
    return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}


def share(a, b):
    """|A ∩ B| / max(|A|, |B|) over shingle sets; 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def norm_title(t):
    return " ".join(tokens(t))


# ---------------------------------------------------------------- template families

FAMILIES = [
    ("earnings", r"\b(QTR|SHR|SHRS)\b|\bQUARTER\b.*\b(NET|LOSS|PROFIT|RESULTS|EARNINGS)\b"
                 r"|\b(NET|LOSS|PROFIT|EARNINGS)( (UP|DOWN|RISES|FALLS|OFF|ROSE|FELL))?$|\bOPER NET\b"
                 r"|\b(YEAR|MTHS?|MONTHS?|1986|1987)\b.*\b(NET|LOSS)\b"),
    ("dividend", r"\bDIVIDENDS?\b|\bDIV\b|\bPAYOUTS?\b|\bQTLY\b|SETS QUARTERLY|RAISES QUARTERLY|\bDISTRIBUTION\b"),
    ("stock_split", r"STOCK SPLIT|\bSPLIT\b.*\bSTOCK\b|\bTWO-FOR-ONE\b|\b\w+-FOR-\w+ (STOCK )?SPLIT|\bFOR ONE SPLIT"),
    ("money_market", r"MONEY MARKET|BANK OF ENGLAND|\bSTG (HELP|ASSISTANCE)\b|SHORTAGE FORECAST|DEFICIT FORECAST"
                     r"|REPURCHASE AGREEMENT|CUSTOMER REPURCHASE|SYSTEM REPURCHASE|MATCHED SALE|\bFED (ADDS|DRAINS|SETS|BUYS)\b"
                     r"|\bT-BILLS?\b|BILL (TENDER|AUCTION)|MONEY SUPPLY|\bM-?[0-3]\b|DISCOUNT BORROWINGS|FREE RESERVES"
                     r"|BORROWINGS|COMMERCIAL PAPER|BUSINESS LOANS|TREASURY BALANCES|INTERVENTION RATE|\bCD RATES\b"
                     r"|REPURCHASE TENDER|SECURITIES REPURCHASE|\bLOMBARD\b"),
    ("forex_gold", r"^(?!.*<)(?:(DOLLAR|STERLING|YEN|GOLD|SILVER|PLATINUM)\b(?! (GENERAL|SOFTWARE|FIELDS|NUGGET))"
                   r"|.*\bFOREX\b|.*FOREIGN EXCHANGE|.*\bEXCHANGE RATES?\b|.*\bFIXING\b"
                   r"|.*\bDOLLAR (FALLS|RISES|OPENS|CLOSES|EASES|FIRMS|STEADY|HITS))"),
    ("futures_market", r"\bFUTURES?\b|\bREVIEW$|\bCLOSE[SD]? (HIGHER|LOWER|MIXED|STEADY)|MARKET REPORT"
                       r"|\bOPENS? (HIGHER|LOWER|STEADY|MIXED)"),
    ("grain_tender", r"(?<!OFFER )\bTENDERS?\b(?! OFFER)|\bRETENDER\b|\bUSDA\b|\bCCC\b|EXPORT BONUS|\bBONUS\b|GUESSTIMATE"
                     r"|CARLOADINGS|\bCRUSH\b|EXPORT INSPECTIONS|\bASCS\b|\bPL[- ]480\b|\bEEP\b|EXPORT ENHANCEMENT"
                     r"|\bBUYS? .*\b(WHEAT|CORN|SUGAR|RICE|BARLEY|SOY\w*|MAIZE|PALM OIL|SORGHUM|FLOUR)\b"
                     r"|\b(WHEAT|CORN|SUGAR|RICE|BARLEY|SOYBEANS?|MAIZE|SORGHUM)\b.*\b(SALE|SALES|EXPORTS?|PURCHASES?|IMPORTS?)\b"),
    ("ratings", r"\bBY (S/P|MOODY'?S|DUFF)\b|\bMOODY'?S\b|\bS/P\b|STANDARD AND POOR"
                r"|RATINGS?\b.*\b(CUT|RAISED|LOWERED|AFFIRMED|REVIEW)"),
    ("debt_issue", r"EUROBONDS?|EURONOTES?|\bEURO[- ]?(CP|COMMERCIAL PAPER)\b"
                   r"|\b(DLR|DLRS|STG|YEN|FRANC|MARK|GUILDER|ECU|AUSTRALIAN DLR|CANADIAN DLR) (BOND|BONDS|NOTES?|ISSUE)\b"
                   r"|\bNOTES? ISSUE\b|\bDEBENTURES?\b|CONVERTIBLE (DEBT|BOND|NOTES?)|\bBOND ISSUE\b|\bFLOATING RATE\b|\bFRN\b|SHELF"),
    ("offering", r"\b(INITIAL|PUBLIC|SECONDARY|SHARE|STOCK|COMMON) OFFERING\b|\bFILES? (FOR|TO) (OFFER|OFFERING)\b"
                 r"|\bOFFERING (STARTS|PRICED|BEGINS|UNDERWAY|COMPLETED)\b|\bFILES? .*OFFERING\b"),
    ("stake_filing", r"\bSTAKE\b|\bHAS [\d.]+ PCT\b|\bPCT (OF|STAKE)\b|\b13D\b"),
    ("appointment", r"\bNEW (PRESIDENT|CHAIRMAN|CHIEF|CEO|DIRECTOR|OFFICER|TREASURER)\b"
                    r"|\b(NAMES|ELECTS|APPOINTS)\b.*\b(PRESIDENT|CHAIRMAN|CHIEF|OFFICER|DIRECTOR|CEO|TREASURER)\b"
                    r"|\b(PRESIDENT|CHAIRMAN|CHIEF EXECUTIVE) (RESIGNS|NAMED|RETIRES)\b"),
    ("contract", r"\b(NAVY|ARMY|AIR FORCE|DEFENSE|PENTAGON|MARINE)\b.*\bCONTRACTS?\b"
                 r"|\b(GETS|WINS|AWARDED|RECEIVES)\b.*\bCONTRACTS?\b|\bDLR CONTRACT\b"),
    ("econ_stats", r"\b(RISE|RISES|ROSE|FALL|FALLS|FELL|UP|DOWN|SHRINKS?|WIDENS?|NARROWS?|SURPLUS|DEFICIT|UNCHANGED)\b"
                   r".*\bIN (JANUARY|FEBRUARY|MARCH|DECEMBER|JAN|FEB|DEC|WEEK|LATEST WEEK|FOURTH QUARTER|1986)\b"
                   r"|\bTRADE (SURPLUS|DEFICIT) (RISES|FALLS|WIDENS|NARROWS|ROSE|FELL)\b"),
]
FAMILY_RES = [(n, re.compile(p)) for n, p in FAMILIES]


def family_of(title):
    """First family whose pattern matches the upper-cased title (order matters: an earnings
    notice that names its dividend is an earnings notice)."""
    t = title.upper()
    for name, rx in FAMILY_RES:
        if rx.search(t):
            return name
    return None


# ---------------------------------------------------------------- rendering

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = [m[:3].upper() for m in MONTHS]
SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the",
         "to", "vs", "with"}


def title_case(t):
    out = []
    for i, w in enumerate(t.split(" ")):
        if w.startswith("<"):
            out.append(w.lower())
        elif i and w.lower() in SMALL:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out)


def title_for(layout, t):
    return t.upper() if layout in ("wire", "bydate") else title_case(t)


def render(layout, title, date, paras, rng, src=None, extra_head=(), extra_foot=(), signoff=None):
    """A file in `layout`. src: the origin's parsed header, reused when the layout is the same
    (keeps the time, ticker, place line and view counter)."""
    y, m, d = (int(x) for x in date.split("-"))
    same = src is not None and src["layout"] == layout
    lines = []
    if layout == "wire":
        if same:
            lines += [title, src["header"][1]]
        else:
            lines += [title, "%2d-%s-%d %02d:%02d:%02d" % (d, MON3[m - 1], y, rng.randrange(7, 20),
                                                           rng.randrange(60), rng.randrange(60))]
        lines.append("")
    elif layout == "prose":
        lines += [title, "", "%s %d, %d" % (MONTHS[m - 1], d, y), ""]
    elif layout == "bydate":
        lines += [title, ""]
    elif layout == "scraped":
        if same:
            h = list(src["header"])
            h[1] = title
            lines += h + [""]
        else:
            place = src.get("place") or src.get("dateline_place") or "London"
            lines += [" date %s $%d.%03d.%02d" % (date, rng.randrange(10, 99), rng.randrange(1000), rng.randrange(100)),
                      title, "", "%s \u2022 Reuters" % place, "",
                      " \u2022 %d views" % rng.randrange(40, 400), ""]
    for h in extra_head:
        lines += [h, ""]
    text = "\n\n".join(paras)
    if layout == "wire":
        # the wire layout signs off with `Reuter` on the line under the last paragraph
        text += (src.get("signoff_sep", "\n") if same else "\n") + (signoff or "Reuter")
    lines.append("\n\n".join([text] + list(extra_foot)))
    if layout == "scraped":
        lines += ["", "To suggest a correction or clarification, write to us here",
                  "You can also highlight the text and press Ctrl + Enter", "",
                  "Comments ( %d)" % (src["comments"] if same else 0)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- copy rules

DATELINE_RE = re.compile(r"^(?P<place>[^\n]{2,60}?) ?, (?P<date>(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)"
                         r"[a-z]*\.? \d{1,2}) - ")
NUM_RE = re.compile(r"\b\d+(?:[.,]\d+)*\b")
PUBLISHERS = ["Example Times", "The Daily Ledger", "Metro Business Wire", "Northern Courier"]
ADDED = ["The company did not give further details.",
         "Officials were not immediately available for further comment.",
         "Further details were expected later in the day.",
         "Analysts said the figures were broadly in line with expectations.",
         "A spokesman declined to comment on the report.",
         "Trading in the shares was active after the announcement."]
SPLIT_WORDS = {"TO", "IN", "FOR", "ON", "OF", "AT", "BY", "WITH", "AFTER", "SAYS", "SEES", "SETS"}


def nwords(paras):
    return sum(len(tokens(p)) for p in paras)


def rule_a(c, rng, o):
    """Another headline."""
    t = c["title"]
    words = t.split()
    kinds = ["update", "lead"]
    cut = [i for i, w in enumerate(words) if w.upper() in SPLIT_WORDS and 1 < i < len(words) - 1]
    if cut:
        kinds.append("reorder")
    k = rng.choice(kinds)
    if k == "update":
        prefix = "UPDATE %d-" if c["layout"] in ("wire", "bydate") else "Update %d-"
        c["title"] = prefix % rng.choice([1, 1, 2]) + t
        return "a:update"  # t is in the layout's case already
    elif k == "reorder":
        i = rng.choice(cut)
        c["title"] = " ".join(words[i + 1:]) + " - " + " ".join(words[:i + 1])
    else:
        lead = DATELINE_RE.sub("", c["paras"][0]) if c["paras"] else t
        lw = lead.split()
        if len(lw) < 4:
            c["title"] = "UPDATE 1-" + t
            k = "update"
        else:
            c["title"] = " ".join(lw[:rng.randrange(6, 11)]).rstrip(",.;:")
    c["title"] = title_for(c["layout"], c["title"])
    return "a:" + k


def rule_b(c, rng, o):
    """Lead trimmed (first paragraph or dateline) or tail dropped, >= 80 % of words kept."""
    paras = c["paras"]
    total = nwords(o["paras"])
    kinds = []
    if paras and DATELINE_RE.match(paras[0]):
        kinds.append("dateline")
    if len(paras) >= 3 and nwords(paras[1:]) >= 0.8 * total:
        kinds.append("lead")
    content = [p for p in paras if p.strip() not in ("Reuter", "AP")]
    if len(content) >= 3 and nwords(content[:-1]) >= 0.8 * total:
        kinds.append("tail")
    if not kinds:
        return None
    k = rng.choice(kinds)
    if k == "dateline":
        rest = DATELINE_RE.sub("", paras[0], count=1)
        c["paras"] = [rest[:1].upper() + rest[1:]] + paras[1:]
    elif k == "lead":
        c["paras"] = paras[1:]
    else:
        credit = paras[len(content):]
        keep = list(content)
        # drop one or two last paragraphs while >= 80 % of the words stay
        for _ in range(rng.choice([1, 2])):
            if len(keep) >= 3 and nwords(keep[:-1]) >= 0.8 * total:
                keep.pop()
        c["paras"] = keep + credit
    return "b:" + k


def rule_c(c, rng, o):
    """Two non-lead paragraphs swapped."""
    idx = [i for i, p in enumerate(c["paras"]) if i > 0 and p.strip() not in ("Reuter", "AP")]
    if len(idx) < 2:
        return None
    i, j = rng.sample(idx, 2)
    p = list(c["paras"])
    p[i], p[j] = p[j], p[i]
    c["paras"] = p
    return "c:swap"


def rule_d(c, rng, o, titles=None):
    """Publisher header/footer around the story."""
    pub = rng.choice(PUBLISHERS)
    head = [rng.choice(["Reuters via %s" % pub, "From %s wire services" % pub])]
    foot = ["Share this article"]
    if titles:
        foot.append("Related: " + rng.choice(titles))
    foot.append("(c) 1987 %s. All rights reserved." % pub)
    foot.append("Comments (%d)" % rng.randrange(1, 9))
    c["head"] = head
    c["foot"] = foot
    return "d:boilerplate"


def rule_e(c, rng, o):
    """Credit line changed: the dateline, the closing `Reuter`, the scraped `Place • Reuters`."""
    kinds = []
    if c["paras"] and DATELINE_RE.match(c["paras"][0]):
        kinds += ["reuters-dateline", "ap-dateline"]
    if c["layout"] == "wire":
        kinds.append("ap-signoff")
    if c["layout"] == "scraped" and c.get("src_same"):
        kinds.append("ap-place")
    if not kinds:
        return None
    k = rng.choice(kinds)
    p = list(c["paras"])
    if k == "reuters-dateline":
        p[0] = DATELINE_RE.sub(lambda m: m.group("place").strip() + " (Reuters) - ", p[0], count=1)
    elif k == "ap-dateline":
        p[0] = DATELINE_RE.sub(lambda m: "%s, %s (AP) - " % (m.group("place").strip(), m.group("date")), p[0], count=1)
    elif k == "ap-signoff":
        c["signoff"] = "AP"
    else:
        c["place_outlet"] = "AP"
    c["paras"] = p
    return "e:" + k


def rule_f(c, rng, o):
    """An update: one or two sentences added at the end, one number changed."""
    p = list(c["paras"])
    credit = []
    if p and p[-1].strip() in ("Reuter", "AP"):
        credit = [p.pop()]
    # one number changed, outside the dateline
    spots = []
    for i, para in enumerate(p):
        start = 0
        m0 = DATELINE_RE.match(para) if i == 0 else None
        if m0:
            start = m0.end()
        for m in NUM_RE.finditer(para, start):
            if m.group().isdigit() and len(m.group()) == 4 and m.group().startswith("19"):
                continue  # years stay
            spots.append((i, m))
    if not spots:
        return None
    i, m = rng.choice(spots)
    s = m.group()
    last = [k for k, ch in enumerate(s) if ch.isdigit()][-1]
    nd = str((int(s[last]) + rng.randrange(1, 9)) % 10)
    s2 = s[:last] + nd + s[last + 1:]
    p[i] = p[i][:m.start()] + s2 + p[i][m.end():]
    p.append(" ".join(rng.sample(ADDED, rng.choice([1, 2]))))
    c["paras"] = p + credit
    return "f:update(%s->%s)" % (s, s2)


RULES = {"a": rule_a, "b": rule_b, "c": rule_c, "d": rule_d, "e": rule_e, "f": rule_f}


# ---------------------------------------------------------------- main

def load(text, layout, relpath):
    header, body, footer, ti = split_file(text, layout)
    paras = paragraphs(body)
    d = {"layout": layout, "header": header, "title": header[ti].strip(), "paras": paras, "signoff": None}
    if paras and paras[-1].split("\n")[-1].strip() == "Reuter":
        d["signoff"] = "Reuter"
        if paras[-1].strip() == "Reuter":
            paras.pop()
            d["signoff_sep"] = "\n\n"
        else:
            paras[-1] = paras[-1].rsplit("\n", 1)[0]
            d["signoff_sep"] = "\n"
    m = DATELINE_RE.match(paras[0]) if paras else None
    d["dateline_place"] = title_case(m.group("place").split(",")[0].strip()) if m else None
    if layout == "scraped":
        place = None
        for l in header:
            if "\u2022" in l and "view" not in l:
                place = l.split("\u2022")[0].strip()
        d["place"] = place
        m = re.search(r"\(\s*(\d+)\)", "\n".join(footer))
        d["comments"] = int(m.group(1)) if m else 0
    return d


def copy_path(layout, origin_rel, date, n):
    stem = os.path.splitext(os.path.basename(origin_rel))[0]
    if layout == "bydate":
        return "copies/bydate/%s/%s-c%d.txt" % (date.replace("-", "/"), stem, n)
    return "copies/%s/%s-c%d.txt" % (layout, stem, n)


def find_pairs(sets, lo):
    """All pairs (i, j) with share >= lo, exact, by prefix filtering: with shingles ordered
    rarest first, two sets overlapping in >= ceil(lo * max) elements share an element within
    each one's first |S| - ceil(lo * |S|) + 1."""
    df = collections.Counter()
    for s in sets:
        df.update(s)
    index = collections.defaultdict(list)
    out = {}
    for i, s in enumerate(sets):
        if not s:
            continue
        order = sorted(s, key=lambda x: (df[x], x))
        plen = len(s) - math.ceil(lo * len(s)) + 1
        cands = set()
        for x in order[:plen]:
            cands.update(index[x])
        for j in cands:
            sh = share(s, sets[j])
            if sh >= lo:
                out[(j, i)] = sh
        for x in order[:plen]:
            index[x].append(i)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n-origins", type=int, default=1500)
    ap.add_argument("--corpus", default="/work/shared/corpora/reuters")
    ap.add_argument("--min-words", type=int, default=80)
    ap.add_argument("--cross-layout", type=float, default=0.2,
                    help="share of copies written in another layout (default 0.2)")
    ap.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/files")
    args = ap.parse_args()
    t0 = time.time()
    rng = random.Random(args.seed)
    corpus = args.corpus.rstrip("/")
    out = os.path.abspath(args.out_dir)
    files_dir = os.path.join(out, "files")
    if os.path.exists(files_dir):
        if not args.force:
            sys.exit("%s exists; pass --force to rebuild it" % files_dir)
        shutil.rmtree(files_dir)

    gold_rows = [json.loads(l) for l in open(os.path.join(corpus, "gold.jsonl"), encoding="utf-8")]
    gold_rows.sort(key=lambda r: r["file"])
    docs = {}   # relpath under files/ -> info
    texts = {}
    for r in gold_rows:
        src_rel = r["file"].split("/", 1)[1]  # drop "reuters/"
        layout = layout_of(src_rel)
        text = open(os.path.join(corpus, src_rel), encoding="utf-8").read()
        rel = "orig/" + src_rel
        dst = os.path.join(files_dir, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(corpus, src_rel), dst)
        texts[rel] = text
        docs[rel] = {"origin": None, "rule": "orig", "layout": layout, "date": r["date"],
                     "title": title_of(text, layout)}
    n_orig = len(docs)

    # ---- copies
    eligible = [rel for rel in sorted(docs) if len(tokens(body_text(texts[rel], docs[rel]["layout"]))) >= args.min_words]
    origins = rng.sample(eligible, min(args.n_origins, len(eligible)))
    all_titles = [docs[r]["title"] for r in sorted(docs)]
    rule_count = collections.Counter()
    copies_of = collections.defaultdict(list)
    rejected = 0
    for orel in origins:
        od = docs[orel]
        o = load(texts[orel], od["layout"], orel)
        oset = shingles(body_text(texts[orel], od["layout"]))
        for n in range(1, rng.choice([1, 2, 3]) + 1):
            for attempt in range(8):
                layout = od["layout"]
                if rng.random() < args.cross_layout:
                    layout = rng.choice([l for l in LAYOUTS if l != od["layout"]])
                c = {"title": title_for(layout, o["title"]) if layout != od["layout"] else o["title"],
                     "paras": list(o["paras"]), "layout": layout, "src_same": layout == od["layout"]}
                letter = rng.choice("abcdefg")
                if letter == "g":
                    pair = rng.sample("abcdef", 2)
                    parts = []
                    for l in sorted(pair):
                        res = RULES[l](c, rng, o, all_titles) if l == "d" else RULES[l](c, rng, o)
                        parts.append(res)
                    rule = None if None in parts else "g:" + "+".join(parts)
                else:
                    rule = RULES[letter](c, rng, o, all_titles) if letter == "d" else RULES[letter](c, rng, o)
                if rule is None:
                    continue
                src = dict(o)
                if c.get("place_outlet") and layout == "scraped":
                    src["header"] = [l.replace("\u2022 Reuters", "\u2022 " + c["place_outlet"]) for l in o["header"]]
                text = render(layout, c["title"], od["date"], c["paras"], rng, src=src,
                              extra_head=c.get("head", ()), extra_foot=c.get("foot", ()), signoff=c.get("signoff"))
                sh = share(oset, shingles(body_text(text, layout)))
                if sh < 0.8:
                    rejected += 1
                    continue
                rel = copy_path(layout, orel, od["date"], n)
                dst = os.path.join(files_dir, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w", encoding="utf-8") as f:
                    f.write(text)
                texts[rel] = text
                if layout != od["layout"]:
                    rule = rule + " [layout %s->%s]" % (od["layout"], layout)
                docs[rel] = {"origin": orel, "rule": rule, "layout": layout, "date": od["date"],
                             "title": title_of(text, layout), "share": round(sh, 4)}
                rule_count[rule[0]] += 1
                copies_of[orel].append(rel)
                break
    n_copies = len(docs) - n_orig
    t_copies = time.time()

    # ---- shares over the whole set
    rels = sorted(docs)
    sets = [shingles(body_text(texts[r], docs[r]["layout"])) for r in rels]
    found = find_pairs(sets, 0.5)
    pos = {r: i for i, r in enumerate(rels)}
    pairs, related = {}, {}
    forced = set()
    for orel, cs in copies_of.items():
        group = [orel] + cs
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                i, j = sorted((pos[group[x]], pos[group[y]]))
                forced.add((i, j))
    n_natural = 0
    for (i, j), sh in found.items():
        i, j = min(i, j), max(i, j)
        if sh >= 0.8:
            pairs[(i, j)] = sh
            if docs[rels[i]]["origin"] is None and docs[rels[j]]["origin"] is None:
                n_natural += 1
        elif (i, j) not in forced:
            related[(i, j)] = sh
    for (i, j) in forced:
        if (i, j) not in pairs:
            pairs[(i, j)] = share(sets[i], sets[j])
    # title-only files (no 5-gram) with the same normalised title: related
    by_title = collections.defaultdict(list)
    for i, r in enumerate(rels):
        if not sets[i]:
            by_title[norm_title(docs[r]["title"])].append(i)
    title_only = []
    for t, ids in by_title.items():
        if t:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    if (ids[x], ids[y]) not in pairs:
                        title_only.append([rels[ids[x]], rels[ids[y]]])

    # ---- template families (a copy is in its origin's family)
    families = collections.defaultdict(list)
    for r in rels:
        d = docs[r]
        fam = family_of(docs[d["origin"]]["title"] if d["origin"] else d["title"])
        d["family"] = fam
        if fam:
            families[fam].append(r)
    fam_members = {f: sorted(m) for f, m in sorted(families.items())}
    n_templated = 0
    for f, m in fam_members.items():
        ids = [pos[r] for r in m]
        k = len(ids)
        within = sum(1 for (i, j) in list(pairs) + list(related) if docs[rels[i]]["family"] == f and docs[rels[j]]["family"] == f)
        n_templated += k * (k - 1) // 2 - within

    gold = {
        "about": {
            "corpus": corpus, "seed": args.seed, "n_origins": len(origins), "min_words": args.min_words,
            "share": "|S(A) & S(B)| / max(|S(A)|,|S(B)|), S = set of word 5-grams of the lowercased body",
            "gold": "copy-origin and copy-copy of one origin (any share), plus every pair with share >= 0.8",
            "related": "share in [0.5, 0.8) and not gold; related_title_only: title-only files with equal titles",
            "templated": "two files of one family that are neither gold nor related",
        },
        "files": {r: {k: docs[r].get(k) for k in ("origin", "rule", "family", "layout", "title", "date", "share")
                      if k != "share" or "share" in docs[r]} for r in rels},
        "pairs": sorted([rels[i], rels[j], round(sh, 4)] for (i, j), sh in pairs.items()),
        "related": sorted([rels[i], rels[j], round(sh, 4)] for (i, j), sh in related.items()),
        "related_title_only": sorted(title_only),
        "families": {f: {"pattern": dict(FAMILIES)[f], "count": len(m), "members": m} for f, m in fam_members.items()},
    }
    with open(os.path.join(out, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, indent=0)
    t1 = time.time()

    size = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(files_dir) for fn in fns)
    pair_kinds = collections.Counter()
    for (i, j) in pairs:
        a, b = docs[rels[i]], docs[rels[j]]
        if a["origin"] is None and b["origin"] is None:
            pair_kinds["natural (orig-orig)"] += 1
        elif (i, j) in forced:
            pair_kinds["copy-origin" if (a["origin"] is None or b["origin"] is None) else "copy-sibling"] += 1
        else:
            pair_kinds["copy-other (via a natural repeat)"] += 1
    summary = {
        "files": len(rels), "originals": n_orig, "copies": n_copies, "origins": len(origins),
        "eligible_origins": len(eligible), "copies_by_rule": dict(sorted(rule_count.items())),
        "cross_layout_copies": sum(1 for r in rels if "[layout" in (docs[r]["rule"] or "")),
        "rejected_attempts_share_below_0.8": rejected,
        "natural_repeat_pairs": n_natural, "gold_pairs": len(pairs), "gold_pairs_by_kind": dict(pair_kinds),
        "related_pairs": len(related), "related_title_only": len(title_only),
        "files_without_5grams": sum(1 for s in sets if not s),
        "families": {f: len(m) for f, m in fam_members.items()},
        "family_members": sum(len(m) for m in fam_members.values()), "templated_pairs": n_templated,
        "bytes": size, "seconds": round(t1 - t0, 1), "seconds_copies": round(t_copies - t0, 1),
    }
    print("files            %d (%d originals, %d copies of %d origins; %d eligible with >= %d words)"
          % (len(rels), n_orig, n_copies, len(origins), len(eligible), args.min_words))
    print("copies by rule   " + ", ".join("%s=%d" % kv for kv in sorted(rule_count.items()))
          + "  (cross-layout %d, rejected attempts %d)" % (summary["cross_layout_copies"], rejected))
    print("natural repeats  %d pairs (orig-orig, share >= 0.8)" % n_natural)
    print("gold pairs       %d  %s" % (len(pairs), dict(pair_kinds)))
    print("related pairs    %d (share 0.5-0.8) + %d title-only same-title" % (len(related), len(title_only)))
    print("templated        %d families, %d members, %d templated pairs" % (len(fam_members), summary["family_members"], n_templated))
    for f, m in fam_members.items():
        print("    %-15s %5d" % (f, len(m)))
    print("size             %.1f MB in %s; %.1f s" % (size / 1e6, files_dir, t1 - t0))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
