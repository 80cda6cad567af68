#!/usr/bin/env bash
# Load on `dossier serve` (issue 15), from a second process on loopback: wrk, 16 connections for
# 30 s of mixed API searches (the perf harness's five queries, sorted and paged variants) on the
# harness's 100k-document archive, while `dossier index` adds 5,000 more files and commits (the
# server reloads its reader as it goes). Prints wrk's latency distribution and errors, the
# searches' answers before and after the index run, and the server's peak RSS.
#
#     benches/serve-load.sh [DIR]      # DIR: where corpus and archive live (default /tmp/dossier-load)
#
# Knobs: DOSSIER_LOAD_SIZE (100000), DOSSIER_LOAD_CONNECTIONS (16), DOSSIER_LOAD_SECONDS (30),
# DOSSIER_LOAD_THREADS (wrk's threads, 2), DOSSIER_LOAD_CACHE (the server's --cache in MB, 64;
# 0 computes every answer, which is what each search costs). wrk is installed with apt when
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${TMPDIR:-/tmp}/dossier-load}
size=${DOSSIER_LOAD_SIZE:-100000}
conns=${DOSSIER_LOAD_CONNECTIONS:-16}
secs=${DOSSIER_LOAD_SECONDS:-30}
threads=${DOSSIER_LOAD_THREADS:-2}
cache=${DOSSIER_LOAD_CACHE:-64}
held=5000

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (apt)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >&2; else sudo apt-get install -y -q wrk >&2; fi
fi

cargo build --release -q
bin=$PWD/target/release/dossier
mkdir -p "$dir"
if [ ! -d "$dir/corpus" ]; then
  echo "== writing the harness corpus ($size articles)" >&2
  DOSSIER_BENCH_SIZES=$size DOSSIER_BENCH_CORPUS="$dir/corpus" cargo bench -q --bench perf
fi
# Hold back the last files, to add them while the server is under load.
rm -rf "$dir/index" "$dir/held"
mkdir -p "$dir/held"
find "$dir/corpus" -type f | sort | tail -n "$held" | while read -r f; do
  rel=${f#"$dir/corpus/"}
  mkdir -p "$dir/held/$(dirname "$rel")"
  mv "$f" "$dir/held/$rel"
done
echo "== indexing $((size - held)) articles" >&2
"$bin" --index "$dir/index" index -q "$dir/corpus"

"$bin" --index "$dir/index" serve --bind 127.0.0.1:0 --cache "$cache" >"$dir/serve.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$dir/serve.out" | head -1 | cut -d: -f2)
url=http://127.0.0.1:$port

cat >"$dir/mix.lua" <<'EOF'
-- The harness's query mix over the API, in turn.
local paths = {
  "/api/v1/search?q=ceasefire",
  "/api/v1/search?q=ceasefire+drones",
  "/api/v1/search?q=%22security+guarantees%22",
  "/api/v1/search?q=ceasefire&from=2023-01-01&to=2023-12-31",
  "/api/v1/search?q=ceasefire&country=FR",
  "/api/v1/search?q=sanctions&sort=newest",
  "/api/v1/search?q=energy&offset=10",
  "/api/v1/search?q=tariffs+talks&copies=1",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF

total() { curl -s "$url/api/v1/search?q=*&limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2; }
before=$(total)
echo "== wrk: $conns connections, $secs s, while indexing $held more files" >&2
( sleep 3
  mv "$dir/held/"* "$dir/corpus/" 2>/dev/null || cp -r "$dir/held/." "$dir/corpus/"
  /usr/bin/time -f "index run: %e s, %M KB peak" "$bin" --index "$dir/index" index -q "$dir/corpus" ) \
  2>"$dir/index.err" &
indexer=$!
wrk -t "$threads" -c "$conns" -d "${secs}s" --latency -s "$dir/mix.lua" "$url" | tee "$dir/wrk.out"
wait $indexer || { echo "the index run failed:"; cat "$dir/index.err"; exit 1; }
after=$(total)
echo
cat "$dir/index.err"
echo "documents seen by the server: $before before, $after after the index run"
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{printf "%.0f MB", $2/1024}')"
if grep -q "Non-2xx\|Socket errors" "$dir/wrk.out"; then
  echo "ERRORS during the load (see above)"
  exit 1
fi
echo "errors: 0"
