#!/usr/bin/env bash
# The registration rush: N people book one seat each at once through the JSON API for an
# event of CAPACITY places, on SQLite, then on PostgreSQL (a fresh database); prints
# registrations per second, p50/p99 latency and errors, the CPU the server and the load tool
# spent per registration, then checks the capacity guarantee in the database (confirmed
# seats == capacity, waiting positions 1..N-CAPACITY without gaps).
#   bench/registrations/run.sh
#   N=2000 CAPACITY=150 CONCURRENCY=200 bench/registrations/run.sh
# Settings: N (1000), CAPACITY (100), CONCURRENCY (N: all at once), PORT (8096), BIN (a
# binary to measure instead of building the release one), BACKENDS ("sqlite postgres"),
# PG_URL (postgres://postgres@127.0.0.1:5432/postgres: the server where a fresh database is
# created, then dropped).
# The booking limit per address (20 an hour) is real here: essaim trusts the loopback proxy
# (ESSAIM_TRUSTED_PROXIES=127.0.0.1) and every request carries its own X-Forwarded-For.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000}
CAPACITY=${CAPACITY:-100}
CONCURRENCY=${CONCURRENCY:-$N}
PORT=${PORT:-8096}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
TARGET=${CARGO_TARGET_DIR:-target}
command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
if [ -z "${BIN:-}" ]; then cargo build --release --locked --quiet; BIN="$TARGET/release/essaim"; fi
DATA=$(mktemp -d)
PID=
PG_DB=
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  [ -n "$PG_DB" ] && psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in ticks
postgres_ticks() { # the same, summed over the local PostgreSQL's processes (empty if none)
  local pids; pids=$(pgrep -x postgres) || return 0
  for p in $pids; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
}

sql() { # run one statement on the backend under test, print the result unaligned
  case $1 in
    sqlite) sqlite3 "$DATA/sqlite/essaim.db" "$2" ;;
    postgres) psql -qtA "${PG_URL%/*}/$PG_DB" -c "$2" ;;
  esac
}

run() {
  local backend=$1 url
  case $backend in
    sqlite) mkdir -p "$DATA/sqlite"; url="sqlite://$DATA/sqlite/essaim.db" ;;
    postgres)
      PG_DB="essaim_bench_$(date +%s)"
      psql -q "$PG_URL" -c "CREATE DATABASE $PG_DB" >/dev/null
      url="${PG_URL%/*}/$PG_DB" ;;
  esac
  ESSAIM_DATA_DIR="$DATA" ESSAIM_DATABASE_URL="$url" ESSAIM_DEMO=false ESSAIM_LISTEN="127.0.0.1:$PORT" \
    ESSAIM_TRUSTED_PROXIES=127.0.0.1 ESSAIM_LOG=warn "$BIN" serve >"$DATA/$backend.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  local now; now=$(date +%s)
  sql "$backend" "INSERT INTO events (slug, title, starts_at, ends_at, capacity, status, created_at, updated_at) \
    VALUES ('ruee', 'La ruée', $((now + 7 * 86400)), $((now + 7 * 86400 + 7200)), $CAPACITY, 'published', $now, $now)" >/dev/null
  echo "== $backend: $N registrations for $CAPACITY places, $CONCURRENCY at a time"
  local cpu0 pg0
  cpu0=$(cpu_ticks "$PID"); pg0=$(postgres_ticks)
  node bench/registrations/load.mjs "http://127.0.0.1:$PORT" ruee "$N" "$CONCURRENCY"
  echo "server CPU: $(( ($(cpu_ticks "$PID") - cpu0) * 1000000 / TICKS / N )) us per registration"
  [ "$backend" = postgres ] && [ -n "$pg0" ] && echo "local postgres processes' CPU (every session on the machine): $(( ($(postgres_ticks) - pg0) * 1000000 / TICKS / N )) us per registration"
  local id registered confirmed waiting wmin wmax wdistinct
  id=$(sql "$backend" "SELECT id FROM events WHERE slug = 'ruee'")
  registered=$(sql "$backend" "SELECT registered FROM events WHERE id = $id")
  confirmed=$(sql "$backend" "SELECT COALESCE(SUM(seats), 0) FROM registrations WHERE event_id = $id AND status = 'confirmed'")
  IFS='|' read -r waiting wmin wmax wdistinct < <(sql "$backend" "SELECT COUNT(*), COALESCE(MIN(waiting_position), 0), \
    COALESCE(MAX(waiting_position), 0), COUNT(DISTINCT waiting_position) FROM registrations WHERE event_id = $id AND status = 'waiting'")
  local expected_waiting=$(( N > CAPACITY ? N - CAPACITY : 0 ))
  echo "confirmed seats: $confirmed (counter $registered, capacity $CAPACITY); waiting: $waiting, positions $wmin..$wmax ($wdistinct distinct)"
  if [ "$confirmed" = "$CAPACITY" ] && [ "$registered" = "$confirmed" ] && [ "$waiting" = "$expected_waiting" ] \
    && [ "$wdistinct" = "$waiting" ] && { [ "$waiting" = 0 ] || { [ "$wmin" = 1 ] && [ "$wmax" = "$waiting" ]; }; }; then
    echo "capacity check: OK"
  else
    echo "capacity check: FAILED"; FAILED=1
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  if [ "$backend" = postgres ]; then psql -q "$PG_URL" -c "DROP DATABASE $PG_DB" >/dev/null; PG_DB=; fi
}

FAILED=0
echo "essaim $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for b in $BACKENDS; do run "$b"; done
exit $FAILED
