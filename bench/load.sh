#!/usr/bin/env bash
# What a page costs: start essaim (release build, demo network, SQLite by default or the
# database given in ESSAIM_DATABASE_URL) on loopback and drive it with wrk.
#   bench/load.sh                 # SQLite
#   ESSAIM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/essaim_bench bench/load.sh
# Settings: DURATION (default 10s), CONNECTIONS (64), THREADS (2), PORT (8095).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-8095}
cargo build --release --locked --quiet
DATA=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT
ESSAIM_DATA_DIR="$DATA" ESSAIM_LISTEN="127.0.0.1:$PORT" ESSAIM_LOG=warn ./target/release/essaim serve >"$DATA/out.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
POST=$(curl -fs "$BASE/actualites" | grep -o 'href="/actualites/[a-z0-9-]*"' | grep -v -E 'categorie|etiquette|club|flux' | head -n 1 | cut -d'"' -f2)
printf '%-34s %12s %10s %10s %10s\n' "target" "req/s" "p50" "p99" "errors"
run() {
  local name=$1 url=$2; shift 2
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  local rps p50 p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {e=e $0 "; "} END {print (e=="" ? "0" : e)}' <<<"$out")
  printf '%-34s %12s %10s %10s %10s\n' "$name" "$rps" "$p50" "$p99" "$errs"
}
run "home" "$BASE/"
run "archive page 1" "$BASE/actualites"
run "archive page 5" "$BASE/actualites?page=5"
run "post page" "$BASE$POST"
run "archive page 1 (gzip, br)" "$BASE/actualites" -H "Accept-Encoding: gzip, br"
run "search" "$BASE/recherche?q=egalite"
run "atom feed" "$BASE/actualites/flux.atom"
echo "resident memory after the runs: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$PID/status)"
