#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader of untrusted bytes (cargo-fuzz + libFuzzer, fuzz/).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 60 s each, every target, one at a time
#   scripts/fuzz.sh seeds                     # only (re)build fuzz/seeds/ from tests/fixtures
#
# Needs `cargo install cargo-fuzz`; works on the stable toolchain through RUSTC_BOOTSTRAP=1
# (cargo-fuzz passes a few -Z flags). Choices, and why:
# - `--sanitizer none`: dossier is safe Rust (no `unsafe` in src/), so AddressSanitizer would
#   find nothing a panic does not, and it makes runs ~2-3x slower; panics, overflows (debug
#   assertions, `-a`), hangs and memory blow-ups are what we look for.
# - release build (`-O`, cargo-fuzz's default) with debug assertions: optimised like the real
#   binary, but integer overflow and debug_assert! still abort.
# - `-max_len=102400 -timeout=1`: the issue's budget, 1 s on an input up to 100 KB; a slower
#   input is reported as a timeout crash. `-rss_limit_mb=2048` catches memory blow-ups.
# - one process, one target at a time, under `nice`: the machine has 2 cores shared with other
#   work. No `-fork`, and no `-jobs=1` either: libFuzzer turns any -jobs into a supervisor with
#   a worker whose output goes to fuzz-0.log and which restarts after a crash.
# Findings land in fuzz/artifacts/TARGET/ (crash-*, timeout-*, oom-*); the growing corpus in
# fuzz/corpus/TARGET/. Both are git-ignored. Minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none -a TARGET fuzz/artifacts/TARGET/crash-...
# then keep it in fuzz/regressions/TARGET/ (tests/fuzz_regressions.rs replays them all).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(decode text html json feed dates query range parse_bytes)
export RUSTC_BOOTSTRAP=1

# Seeds: the repository's own fixtures, sorted by the reader they feed, plus hand-written
# queries and dates. Rebuilt each run (cheap, a few hundred KB) and git-ignored.
seeds() {
  local s=fuzz/seeds
  rm -rf "$s"
  mkdir -p "$s"/{decode,text,html,json,feed,dates,query,range,parse_bytes}
  local f n=0 ext base pick
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    base="$(basename "$f")"
    ext="${base#*.}"
    cp "$f" "$s/decode/$n-$base"
    case "$ext" in
      txt | md | text) cp "$f" "$s/text/$n-$base"; cp "$f" "$s/dates/$n-$base" ;;
      html | htm) cp "$f" "$s/html/$n-$base" ;;
      json | jsonl) cp "$f" "$s/json/$n-$base" ;;
      rss | atom | xml) cp "$f" "$s/feed/$n-$base" ;;
    esac
    [ "$base" = feed.json ] && cp "$f" "$s/feed/$n-$base"
    # parse_bytes: the first byte picks the extension (see fuzz/fuzz_targets/parse_bytes.rs).
    case "$ext" in
      txt | text) pick=0 ;; md) pick=1 ;; html | htm) pick=2 ;; json) pick=3 ;; jsonl) pick=4 ;;
      rss) pick=5 ;; atom) pick=6 ;; xml) pick=7 ;; txt.gz) pick=8 ;; pdf) pick=10 ;;
      docx) pick=11 ;; odt) pick=12 ;; epub) pick=13 ;; eml) pick=14 ;; mbox) pick=15 ;;
      mhtml) pick=16 ;; warc) pick=17 ;; warc.gz) pick=18 ;; *) pick= ;;
    esac
    if [ -n "$pick" ]; then
      { printf "\\$(printf %03o "$pick")"; cat "$f"; } >"$s/parse_bytes/$n-$base"
    fi
  done < <(find tests/fixtures -type f -size -100k -print0 | sort -z)
  # Compressed variants, for the gunzip paths.
  for f in tests/fixtures/formats/export.json tests/fixtures/formats/feed.rss; do
    gzip -c "$f" >"$s/decode/gz-$(basename "$f").gz"
  done
  { printf '\011'; gzip -c tests/fixtures/formats/export.json; } >"$s/parse_bytes/gz-export.json.gz"
  printf '%s\n' 'LONDON, March 1 (Reuters) - ' 'KYIV, Dec 16, 2025 (UNN) -- ' \
    'Published 16.12.2025 at 14:05' '2025-12-16T14:05:00+02:00' 'news/2026/01/07/a.txt' \
    'Monday, 7 January 2026, 09:30 GMT' >"$s/dates/handwritten.txt"
  local i=0 q
  for q in 'security agreement' '"security guarantees" -Russia' 'troops date:2025-12..2026-01' \
    'sanctions country:Russia -country:UA org:EU' 'person:"Giorgia Meloni" OR title:Kyiv' \
    'date:yesterday..today' 'date:7d' '*' 'source:UNN lang:en place:Kyiv' '(a OR b) AND NOT c'; do
    i=$((i + 1)); printf '%s' "$q" >"$s/query/$i"
  done
  for q in 2026 2025-12 2026-01-31 30d 6w 3m 1y today yesterday 'date:2025-12..2026-01' \
    'date:..2026' 'date:2025..' 'x date:2024-02-29 y date:3m'; do
    i=$((i + 1)); printf '%s' "$q" >"$s/range/$i"
  done
}

if [ "${1:-}" = seeds ]; then
  seeds
  exit 0
fi

secs=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  secs=$1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")

seeds
status=0
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "fuzz/corpus/$t"
  if ! nice cargo fuzz run -s none -a "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -max_len=102400 -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1; then
    echo "== $t: FOUND a crash, timeout or OOM: see fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
