#!/usr/bin/env bash
# Surveys at scale: 10,000 responses x 40 questions in one wave of five territories, on SQLite
# and PostgreSQL. Measures the submissions per second through `surveys::submit` (target:
# >= 500/s on SQLite), the results' aggregate over every answer (`surveys::count_answers`),
# the counts as the results read them (`surveys::answer_counts`: counted once, then read from
# `survey_wave_counts` until a response arrives), and the time to render the results pages
# (target: < 200 ms): the staff's /admin/enquetes/{id}/vagues/{wave}/resultats and the public
# /enquetes/{slug}/resultats, and the wave's CSV export.
#
#   bench/surveys.sh                                   # release build, both backends
#   BACKENDS=sqlite RESPONSES=2000 bench/surveys.sh     # a quick check
#
# The data set is written through the surveys module's own functions by
# examples/surveys_seed.rs (a survey of QUESTIONS questions of every kind, one anonymous wave
# opened and published in TERRITORIES new clubs, RESPONSES open-link keys with their drafts,
# then their responses submitted by CONC tasks at once, one transaction each, then the wave
# closed), which times the submissions and the aggregates itself. Each
# page is then asked for SAMPLES times one at a time with curl (median and p95 of
# time_total, pages rendered at each request: the staff's page is never cached, the public
# one is asked with an Authorization header so that the page cache does not answer), then
# driven by wrk (-t2 -cCONN -dDUR --latency).
#
# Settings: RESPONSES (10000) QUESTIONS (40) TERRITORIES (5) CONC (8) BACKENDS ("sqlite postgres")
#   PG_URL (postgres://postgres@127.0.0.1:5432) SAMPLES (50) DUR (10s) CONN (8) PORT (8796)
#   ESSAIM_BIN (target/release/essaim; built when missing) SURVEYS_SEED_BIN (its examples/ sibling)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
RESPONSES=${RESPONSES:-10000}; QUESTIONS=${QUESTIONS:-40}; TERRITORIES=${TERRITORIES:-5}; CONC=${CONC:-8}
BACKENDS=${BACKENDS:-"sqlite postgres"}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
SAMPLES=${SAMPLES:-50}; DUR=${DUR:-10s}; CONN=${CONN:-8}; PORT=${PORT:-8796}
if [ -z "${ESSAIM_BIN:-}" ]; then
  cargo build --release --locked --quiet --bin essaim --example surveys_seed
  ESSAIM_BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/essaim"
fi
SURVEYS_SEED_BIN=${SURVEYS_SEED_BIN:-$(dirname "$ESSAIM_BIN")/examples/surveys_seed}
HAVE_WRK=1; command -v wrk >/dev/null || { HAVE_WRK=0; echo "(wrk not found: single requests only; apt-get install wrk)"; }

# median and p95 (ms) of SAMPLES sequential requests; extra curl arguments after the URL
timings() {
  local url=$1; shift
  for _ in $(seq "$SAMPLES"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@" "$url"
  done | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
bad = [c for c, _ in rows if c != "200"]
t = sorted(float(s) * 1000 for _, s in rows)
if bad and len(bad) == len(rows):
    print(f"HTTP {bad[0]} (not in this build)")
else:
    print(f"median {t[len(t)//2]:.1f} ms, p95 {t[max(int(len(t)*0.95)-1, 0)]:.1f} ms" + (f" ({len(bad)} non-200!)" if bad else ""))'
}

for backend in $BACKENDS; do
  dir=$(mktemp -d /tmp/essaim-bench-surveys.XXXXXX)
  env=(ESSAIM_DATA_DIR="$dir" ESSAIM_LISTEN="127.0.0.1:$PORT" ESSAIM_PUBLIC_URL="http://127.0.0.1:$PORT" ESSAIM_DEMO=false ESSAIM_LOG=warn)
  if [ "$backend" = postgres ]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS essaim_bench_surveys" -c "CREATE DATABASE essaim_bench_surveys"
    env+=(ESSAIM_DATABASE_URL="$PG_URL/essaim_bench_surveys")
  fi
  # The seed first, alone on the database (it migrates it), then the server.
  seeded=$(env "${env[@]}" "$SURVEYS_SEED_BIN" "$RESPONSES" "$QUESTIONS" "$TERRITORIES" "$CONC")
  read -r survey wave slug rate secs agg first kept < <(python3 -c '
import json, sys
s = json.loads(sys.argv[1])
print(s["survey_id"], s["wave_id"], s["slug"], s["submissions_per_second"], s["submit_seconds"], s["count_answers_ms_median"], s["answer_counts_first_ms"], s["answer_counts_kept_ms_median"])' "$seeded")
  echo "== $backend: $RESPONSES responses x $QUESTIONS questions, $TERRITORIES territories, $CONC at once"
  echo "submissions:        $rate per second ($RESPONSES in $secs s)"
  echo "count_answers:      median $agg ms (the aggregate over every answer of the wave)"
  echo "answer_counts:      first read $first ms (counts and keeps), then median $kept ms (reads the kept counts)"
  env "${env[@]}" "$ESSAIM_BIN" serve >"$dir/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  base="http://127.0.0.1:$PORT"
  env "${env[@]}" ESSAIM_USER_PASSWORD="bench surveys password 2026" "$ESSAIM_BIN" user create --email bench-surveys@exemple.org --role network_admin --name "Bench" >/dev/null
  cookie=$(curl -s -o /dev/null -D - -d "email=bench-surveys@exemple.org" --data-urlencode "password=bench surveys password 2026" "$base/admin/connexion" \
    | grep -i '^set-cookie:' | head -1 | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
  staff="$base/admin/enquetes/$survey/vagues/$wave/resultats"
  public="$base/enquetes/$slug/resultats"
  printf '%-19s %s\n' "staff results:" "$(timings "$staff" -H "Cookie: $cookie")"
  printf '%-19s %s\n' "public results:" "$(timings "$public" -H "Authorization: Bearer none")"
  printf '%-19s %s\n' "export.csv:" "$(timings "$base/admin/enquetes/$survey/vagues/$wave/export.csv" -H "Cookie: $cookie")"
  if [ "$HAVE_WRK" = 1 ]; then
    for page in staff public; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${!page}")
      [ "$code" = 200 ] || continue
      echo "-- wrk $page"; wrk -t2 -c"$CONN" -d"$DUR" --latency -H "Cookie: $cookie" "${!page}" | grep -E "Requests/sec|50%|99%|Non-2xx"
    done
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  if [ "$backend" = postgres ]; then psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS essaim_bench_surveys"; fi
done
