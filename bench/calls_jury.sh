#!/usr/bin/env bash
# The jury's pages at 1,000 applications x 3 jurors each (100 jurors, 30 applications each):
# a juror's queue, one of their dossiers (with its review form), the manager's assignment and
# progress page (/admin/appels/{id}/etapes/{stage}/jury), and the manager's ranking
# (/admin/appels/{id}/etapes/{stage}/classement) of a second call of the same size whose 3,000
# reviews are all submitted, rendered (these pages are never cached), on SQLite and
# PostgreSQL. Target: < 50 ms.
#
#   bench/calls_jury.sh                        # release build, both backends
#   BACKENDS=sqlite DUR=5s bench/calls_jury.sh  # a quick check
#
# The data set is written through the calls module's own functions by
# examples/calls_jury_seed.rs (a published call, one jury stage with three criteria, APPS
# submitted and eligible applications, JURORS jurors with their access links, the automatic
# assignment with k = K, every assignment declared without conflict; the second call with
# `reviewed`: four categories, every review submitted). Each page is asked for
# SAMPLES times one at a time with curl (median and p95 of time_total), then driven by wrk
# (-t2 -cCONN -dDUR --latency) for its throughput and latency percentiles.
#
# Settings: APPS (1000) JURORS (100) K (3) BACKENDS ("sqlite postgres")
#   PG_URL (postgres://postgres@127.0.0.1:5432) SAMPLES (200) DUR (10s) CONN (8) PORT (8795)
#   ESSAIM_BIN (target/release/essaim; built when missing) JURY_SEED_BIN (its examples/ sibling)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
APPS=${APPS:-1000}; JURORS=${JURORS:-100}; K=${K:-3}
BACKENDS=${BACKENDS:-"sqlite postgres"}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
SAMPLES=${SAMPLES:-200}; DUR=${DUR:-10s}; CONN=${CONN:-8}; PORT=${PORT:-8795}
if [ -z "${ESSAIM_BIN:-}" ]; then
  cargo build --release --locked --quiet --bin essaim --example calls_jury_seed
  ESSAIM_BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/essaim"
fi
JURY_SEED_BIN=${JURY_SEED_BIN:-$(dirname "$ESSAIM_BIN")/examples/calls_jury_seed}
command -v wrk >/dev/null || { echo "bench/calls_jury.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }

# median and p95 (ms) of SAMPLES sequential requests
timings() {
  local url=$1 cookie=${2:-}
  for _ in $(seq "$SAMPLES"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' ${cookie:+-H "Cookie: $cookie"} "$url"
  done | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
bad = [c for c, _ in rows if c != "200"]
t = sorted(float(s) * 1000 for _, s in rows)
print(f"median {t[len(t)//2]:.1f} ms, p95 {t[int(len(t)*0.95)-1]:.1f} ms" + (f" ({len(bad)} non-200!)" if bad else ""))'
}

for backend in $BACKENDS; do
  dir=$(mktemp -d /tmp/essaim-bench-jury.XXXXXX)
  env=(ESSAIM_DATA_DIR="$dir" ESSAIM_LISTEN="127.0.0.1:$PORT" ESSAIM_PUBLIC_URL="http://127.0.0.1:$PORT" ESSAIM_DEMO=false ESSAIM_LOG=warn)
  if [ "$backend" = postgres ]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS essaim_bench_jury" -c "CREATE DATABASE essaim_bench_jury"
    env+=(ESSAIM_DATABASE_URL="$PG_URL/essaim_bench_jury")
  fi
  env "${env[@]}" "$ESSAIM_BIN" serve >"$dir/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  start=$(date +%s.%N)
  seeded=$(env "${env[@]}" "$JURY_SEED_BIN" "$APPS" "$JURORS" "$K")
  seed_s=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
  read -r call stage token app < <(python3 -c '
import json, sys
s = json.loads(sys.argv[1])
print(s["call_id"], s["stage_id"], s["jurors"][0][1], "")' "$seeded")
  base="http://127.0.0.1:$PORT"
  app=$(curl -s "$base/appels/jury/$token" | grep -o "/dossiers/[0-9]*" | head -1 | cut -d/ -f3)
  env "${env[@]}" ESSAIM_USER_PASSWORD="bench jury password 2026" "$ESSAIM_BIN" user create --email bench-jury@exemple.org --role network_admin --name "Bench" >/dev/null
  cookie=$(curl -s -o /dev/null -D - -d "email=bench-jury@exemple.org" --data-urlencode "password=bench jury password 2026" "$base/admin/connexion" \
    | grep -i '^set-cookie:' | head -1 | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
  read -r rcall rstage < <(env "${env[@]}" "$JURY_SEED_BIN" "$APPS" "$JURORS" "$K" reviewed | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(s["call_id"], s["stage_id"])')
  echo "== $backend: $APPS applications, $JURORS jurors, k = $K (seeded in ${seed_s} s; call $call, stage $stage; reviewed: call $rcall)"
  queue="$base/appels/jury/$token"
  dossier="$base/appels/jury/$token/dossiers/$app"
  manager="$base/admin/appels/$call/etapes/$stage/jury"
  ranking="$base/admin/appels/$rcall/etapes/$rstage/classement"
  printf '%-9s %s\n' queue: "$(timings "$queue")" dossier: "$(timings "$dossier")" manager: "$(timings "$manager" "$cookie")" \
    ranking: "$(timings "$ranking" "$cookie")"
  for page in queue dossier; do
    echo "-- wrk $page"; wrk -t2 -c"$CONN" -d"$DUR" --latency "${!page}" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  for page in manager ranking; do
    echo "-- wrk $page"; wrk -t2 -c"$CONN" -d"$DUR" --latency -H "Cookie: $cookie" "${!page}" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  [ "$backend" = postgres ] && psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS essaim_bench_jury"
done
