#!/usr/bin/env bash
# essaim side by side with nginx and WordPress, in one run, on this machine.
#
#   bench/run.sh                          # 1,000,000 posts, SQLite and PostgreSQL, 3 runs of 20 s
#   SCALE=small RUNS=1 DUR=5s bench/run.sh  # 10,000 posts, one short run: a quick check
#
# What it does (as root on Debian; it installs what is missing):
#  1. builds essaim in release; creates the data set with `essaim seed` through essaim's own
#     code (or, if this build has no `seed`, the demo network), once per size: it is kept under
#     BENCH_DATA (SQLite file) and in a PostgreSQL database on PG_URL, and reused next time;
#  2. starts essaim on SQLite (PORT) and on PostgreSQL (PORT+1), timing each start-up (process
#     start to the first 200 on /healthz); nginx (its own instance, Debian's settings, on
#     STATIC_PORT) serving essaim's archive page 1 saved as a static file; WordPress from
#     ../shared/bench/wordpress-setup.sh (nginx + php-fpm + MariaDB, 1,000 posts);
#  3. drives every target with wrk -t2 -c64 -d20s --latency, RUNS times, targets alternating,
#     waiting between runs until the servers are idle; essaim's pages without compression and,
#     for archive page 1 and the post, with `Accept-Encoding: gzip, br`; nginx's static copy
#     with and without its on-the-fly gzip; WordPress's archive page 1, a post and a search
#     (asked for as a browser does);
#  4. search latency one request at a time (wrk -c1, queries drawn at random from
#     bench/search.lua); registration rushes (bench/registrations/load.mjs: REG_N bookings,
#     REG_CONCURRENCY at a time, for a fresh event of REG_CAPACITY places, then the capacity
#     guarantee checked in the database and the event deleted);
#  5. prints one table (medians of the runs; each essaim figure as a ratio to nginx with the
#     same encoding and to the comparable WordPress page), the resident memory and start-up
#     time, and PASS/MISS against the targets of the performance issue. The raw wrk outputs,
#     results.tsv, the logs and table.md are kept in OUT.
#
# Settings (environment):
#   SCALE (full | small)  POSTS (1,000,000 | 10,000)  COMMENTS (3 x POSTS)  CLUBS (20)
#   EVENTS (POSTS / 100)  REGISTRATIONS (POSTS)  FRESH (0; 1 = make the data sets again)
#   BACKENDS ("sqlite postgres")  PG_URL (postgres://postgres@127.0.0.1:5432/postgres)
#   RUNS (3)  DUR (20s)  CONN (64)  THREADS (2)  WARMUP (5s, 0 = none)  SEARCH_DUR (10s)
#   REG_N (10000)  REG_CAPACITY (100)  REG_CONCURRENCY (CONN)
#   PORT (8095; PostgreSQL instance PORT+1)  STATIC_PORT (8097)  WP_PORT (8090)  WP_STATIC_PORT (8091)
#   WORDPRESS (1; 0 = leave WordPress out)  KEEP_SERVICES (0; 1 = leave the WordPress services
#   running at the end even if this script started them)  ONLY (a regex on target ids, to debug)
#   BENCH_DATA (/var/tmp/essaim-bench)  OUT (BENCH_DATA/results/DATE)
#   ESSAIM_BIN (none: build target/release/essaim; a path: measure that binary instead)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

die() { echo "bench/run.sh: $*" >&2; exit 1; }
log() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- settings
SCALE=${SCALE:-full}
case $SCALE in
  full) default_posts=1000000 ;;
  small) default_posts=10000 ;;
  *) die "SCALE must be full or small" ;;
esac
POSTS=${POSTS:-$default_posts}
COMMENTS=${COMMENTS:-$((POSTS * 3))}
CLUBS=${CLUBS:-20}
EVENTS=${EVENTS:-$((POSTS / 100 > 0 ? POSTS / 100 : 1))}
REGISTRATIONS=${REGISTRATIONS:-$POSTS}
FRESH=${FRESH:-0}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
RUNS=${RUNS:-3}
DUR=${DUR:-20s}
CONN=${CONN:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-5s}
SEARCH_DUR=${SEARCH_DUR:-10s}
REG_N=${REG_N:-10000}
REG_CAPACITY=${REG_CAPACITY:-100}
REG_CONCURRENCY=${REG_CONCURRENCY:-$CONN}
PORT=${PORT:-8095}
STATIC_PORT=${STATIC_PORT:-8097}
WP_PORT=${WP_PORT:-8090}
WP_POSTS=${WP_POSTS:-1000}   # the WordPress site's posts (its setup reads POSTS: not ours)
WP_STATIC_PORT=${WP_STATIC_PORT:-8091}
WORDPRESS=${WORDPRESS:-1}
KEEP_SERVICES=${KEEP_SERVICES:-0}
ONLY=${ONLY:-}
WP_SETUP=${WP_SETUP:-$(dirname "$REPO")/shared/bench/wordpress-setup.sh}
BENCH_DATA=${BENCH_DATA:-/var/tmp/essaim-bench}
OUT=${OUT:-$BENCH_DATA/results/$(date +%Y%m%d-%H%M%S)}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$REPO/$TARGET_DIR ;; esac
WRK_TIMEOUT=10s
TARGET_POSTS=1000000   # the size the issue's targets are stated for

for b in $BACKENDS; do
  case $b in sqlite | postgres) ;; *) die "BACKENDS: unknown backend $b" ;; esac
done
[ "$(id -u)" = 0 ] || die "run as root (it installs packages and sets up WordPress)"
mkdir -p "$OUT" "$BENCH_DATA"
OUT=$(cd "$OUT" && pwd)

# ---------------------------------------------------------------- clean-up
ESSAIM_PIDS=()
NGINX_PID=
CHILD_PID=
STOP_SERVICES=()
RUSH_EVENTS=()   # "backend id" of a rush event not deleted yet
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$CHILD_PID" ] && kill "$CHILD_PID" 2>/dev/null
  local e
  for e in "${RUSH_EVENTS[@]}"; do sql "${e% *}" "DELETE FROM events WHERE id = ${e#* }" >/dev/null 2>&1 || true; done
  local pid
  for pid in "${ESSAIM_PIDS[@]}" $NGINX_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in "${ESSAIM_PIDS[@]}" $NGINX_PID; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  local s
  for s in "${STOP_SERVICES[@]}"; do service "$s" stop >/dev/null 2>&1 || true; done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# run a long command in the background and wait for it, so that a signal stops it at once
child() {
  "$@" &
  CHILD_PID=$!
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=
  return "$status"
}

# ---------------------------------------------------------------- what it needs
port_free() { ! ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
need_pkgs=()
for p in wrk:wrk nginx:nginx curl:curl sqlite3:sqlite3 psql:postgresql-client node:nodejs ss:iproute2; do
  command -v "${p%%:*}" >/dev/null 2>&1 || need_pkgs+=("${p#*:}")
done
# services that run before this script; the WordPress ones it starts are stopped at the end
# (Debian's nginx is the one of /run/nginx.pid: others may run their own nginx)
system_nginx() { [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null && cat /run/nginx.pid; }
declare -A BEFORE
BEFORE[nginx]=$(system_nginx >/dev/null && echo 1 || echo 0)
for c in php-fpm8.2 mariadbd; do BEFORE[$c]=$(pgrep -x "$c" >/dev/null && echo 1 || echo 0); done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
SQLITE_PORT=$PORT
PG_PORT=$((PORT + 1))
for p in $SQLITE_PORT $PG_PORT $STATIC_PORT; do port_free "$p" || die "port $p is taken (set PORT or STATIC_PORT)"; done
for b in $BACKENDS; do
  [ "$b" = postgres ] && { psql -qtA "$PG_URL" -c 'SELECT 1' >/dev/null || die "PostgreSQL unreachable on $PG_URL"; }
done

if [ "$WORDPRESS" = 1 ]; then
  [ -f "$WP_SETUP" ] || die "no $WP_SETUP (WORDPRESS=0 leaves WordPress out)"
  log "WordPress (nginx + php-fpm + MariaDB) on 127.0.0.1:$WP_PORT: $WP_SETUP (log: $OUT/wordpress-setup.log)"
  # the setup writes its MariaDB settings there; some installs of MariaDB have only my.cnf
  [ -d /etc/mysql ] && mkdir -p /etc/mysql/mariadb.conf.d
  if [ "$KEEP_SERVICES" != 1 ]; then
    [ "${BEFORE[nginx]}" = 0 ] && STOP_SERVICES+=(nginx)
    [ "${BEFORE[php-fpm8.2]}" = 0 ] && STOP_SERVICES+=(php8.2-fpm)
    [ "${BEFORE[mariadbd]}" = 0 ] && STOP_SERVICES+=(mariadb)
  fi
  child env POSTS="$WP_POSTS" WP_PORT="$WP_PORT" STATIC_PORT="$WP_STATIC_PORT" bash "$WP_SETUP" >"$OUT/wordpress-setup.log" 2>&1 \
    || { tail -n 20 "$OUT/wordpress-setup.log" >&2; die "wordpress-setup.sh failed"; }
fi

if [ -n "${ESSAIM_BIN:-}" ]; then
  BIN=$ESSAIM_BIN   # a binary built elsewhere: measure a change before and after
  [ -x "$BIN" ] || die "ESSAIM_BIN=$BIN is not an executable"
else
  log "building essaim (release)"
  child cargo build --release --locked --quiet
  BIN="$TARGET_DIR/release/essaim"
fi
if "$BIN" seed --help >/dev/null 2>&1; then HAVE_SEED=1; else HAVE_SEED=0; fi

# ---------------------------------------------------------------- data sets
if [ "$HAVE_SEED" = 1 ]; then
  KEY="p$POSTS-c$COMMENTS-k$CLUBS-e$EVENTS-r$REGISTRATIONS"
else
  KEY=demo
  echo "note: this build has no \`essaim seed\`: measuring the demo network instead of $POSTS posts" >&2
fi
PG_DB="essaim_bench_${KEY//-/_}"
SQLITE_DIR="$BENCH_DATA/sqlite-$KEY"
PG_DIR="$BENCH_DATA/postgres-$KEY"   # the seed's output and the marker of a complete data set
declare -A DB_URL BASE PID_OF STARTUP_MS
DB_URL[sqlite]="sqlite://$SQLITE_DIR/essaim.db"
DB_URL[postgres]="${PG_URL%/*}/$PG_DB"
BASE[sqlite]="http://127.0.0.1:$SQLITE_PORT"
BASE[postgres]="http://127.0.0.1:$PG_PORT"

sql() {  # backend statement: run it on the data set, print the rows unaligned
  case $1 in
    sqlite) sqlite3 -cmd '.timeout 10000' -cmd 'PRAGMA foreign_keys = ON' "$SQLITE_DIR/essaim.db" "$2" ;;
    postgres) psql -qtA -v ON_ERROR_STOP=1 "${DB_URL[postgres]}" -c "$2" ;;
  esac
}

serve_env() {  # backend: the environment essaim is started with
  local b=$1 port
  port=$([ "$b" = sqlite ] && echo "$SQLITE_PORT" || echo "$PG_PORT")
  mkdir -p "$OUT/data-$b"
  printf '%s\n' "ESSAIM_DATABASE_URL=${DB_URL[$b]}" "ESSAIM_DATA_DIR=$OUT/data-$b" \
    "ESSAIM_LISTEN=127.0.0.1:$port" "ESSAIM_LOG=warn" "ESSAIM_TRUSTED_PROXIES=127.0.0.1"
}

# start essaim, wait for the first 200 on /healthz; STARTUP_MS[backend] = the milliseconds it took
start_essaim() {  # backend demo(true|false) log
  local b=$1 t0 t1 pid env_args
  mapfile -t env_args < <(serve_env "$b")
  t0=$(date +%s%N)
  env "${env_args[@]}" ESSAIM_DEMO="$2" "$BIN" serve >>"$3" 2>&1 &
  pid=$!
  ESSAIM_PIDS+=("$pid")
  PID_OF[$b]=$pid
  until curl -fs -o /dev/null --max-time 2 "${BASE[$b]}/healthz"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$3" >&2; die "essaim ($b) stopped while starting: see $3"; }
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 600 ] || die "essaim ($b) not answering /healthz after 10 minutes"
    sleep 0.01
  done
  t1=$(date +%s%N)
  STARTUP_MS[$b]=$(( (t1 - t0) / 1000000 ))
}

stop_essaim() {  # backend
  local pid=${PID_OF[$1]}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=() p
  for p in "${ESSAIM_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  ESSAIM_PIDS=("${keep[@]}")
}

make_data_set() {  # backend: seed it (or load the demo), unless a complete one is cached
  local b=$1 dir
  dir=$([ "$b" = sqlite ] && echo "$SQLITE_DIR" || echo "$PG_DIR")
  if [ "$b" = postgres ] && [ -f "$dir/ready" ] \
    && [ "$(psql -qtA "$PG_URL" -c "SELECT COUNT(*) FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    rm -f "$dir/ready"   # the database went away since
  fi
  if [ "$FRESH" != 1 ] && [ -f "$dir/ready" ]; then
    echo "$b: reusing the data set $KEY (made in $(cat "$dir/ready"); FRESH=1 makes it again)"
    return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$b" = postgres ]; then
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    psql -q "$PG_URL" -c "CREATE DATABASE $PG_DB" >/dev/null
  fi
  local t0=$SECONDS env_args
  mapfile -t env_args < <(serve_env "$b")
  if [ "$HAVE_SEED" = 1 ]; then
    echo "$b: seeding $POSTS posts, $COMMENTS comments, $CLUBS clubs, $EVENTS events, $REGISTRATIONS registrations (log: $dir/seed.out)"
    child env "${env_args[@]}" ESSAIM_DEMO=false "$BIN" seed --posts "$POSTS" --comments "$COMMENTS" --clubs "$CLUBS" \
      --events "$EVENTS" --registrations "$REGISTRATIONS" >"$dir/seed.out" 2> >(tee "$dir/seed.err" >&2) \
      || { tail -n 20 "$dir/seed.err" >&2; die "essaim seed failed on $b"; }
  else
    echo "$b: loading the demo network"
    start_essaim "$b" true "$dir/seed.err"
    stop_essaim "$b"
    : >"$dir/seed.out"
  fi
  echo "$((SECONDS - t0)) s on $(date -u +%Y-%m-%d)" >"$dir/ready"
}

# A value from the seed's summary (one `key value` line each; "-" when it has none).
seed_value() {  # backend key
  local dir
  dir=$([ "$1" = sqlite ] && echo "$SQLITE_DIR" || echo "$PG_DIR")
  awk -v k="$2" '$1 == k && $2 != "-" { print $2; exit }' "$dir/seed.out" 2>/dev/null || true
}

declare -A POST_URL CATEGORY_URL EVENT_URL DEEP_PAGE PUBLISHED POST_COMMENTS RSS_KB HWM_KB ANON_KB FILE_KB SEARCH_WORDS
find_pages() {  # backend: the pages to drive, from the seed's output or the database
  local b=$1 now slug
  now=$(date +%s)
  PUBLISHED[$b]=$(sql "$b" "SELECT COUNT(*) FROM posts WHERE kind = 'post' AND status = 'published' AND published_at <= $now")
  local last=$(( (${PUBLISHED[$b]} + 9) / 10 ))
  DEEP_PAGE[$b]=$(( last / 2 > 50000 ? 50000 : (last / 2 > 0 ? last / 2 : 1) ))
  POST_URL[$b]=$(seed_value "$b" url.post_with_50_comments)
  if [ -z "${POST_URL[$b]}" ]; then
    slug=$(sql "$b" "SELECT p.slug FROM posts p JOIN comments c ON c.post_id = p.id AND c.status = 'approved' \
      WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at <= $now \
      GROUP BY p.id, p.slug ORDER BY ABS(COUNT(*) - 50), p.id LIMIT 1")
    POST_URL[$b]="/actualites/$slug"
  fi
  POST_COMMENTS[$b]=$(sql "$b" "SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id \
    WHERE p.kind = 'post' AND p.slug = '$(basename "${POST_URL[$b]}")' AND c.status = 'approved'")
  CATEGORY_URL[$b]=$(seed_value "$b" url.category)
  if [ -z "${CATEGORY_URL[$b]}" ]; then
    slug=$(sql "$b" "SELECT c.slug FROM categories c JOIN post_categories pc ON pc.category_id = c.id \
      GROUP BY c.id, c.slug ORDER BY COUNT(*) DESC, c.id LIMIT 1")
    CATEGORY_URL[$b]="/actualites/categorie/$slug"
  fi
  EVENT_URL[$b]=$(seed_value "$b" url.upcoming_event)
  if [ -z "${EVENT_URL[$b]}" ]; then
    slug=$(sql "$b" "SELECT slug FROM events WHERE status = 'published' AND starts_at > $now ORDER BY starts_at, id LIMIT 1")
    [ -n "$slug" ] || slug=$(sql "$b" "SELECT slug FROM events WHERE status = 'published' ORDER BY starts_at DESC, id LIMIT 1")
    EVENT_URL[$b]="/evenements/$slug"
  fi
  # the seed's own common and rare words join bench/search.lua's list, URL-encoded
  local w words=()
  for w in $(seed_value "$b" search.common) $(seed_value "$b" search.rare); do
    words+=("$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$w")")
  done
  SEARCH_WORDS[$b]=${words[*]}
}

log "data sets ($KEY) under $BENCH_DATA"
for b in $BACKENDS; do make_data_set "$b"; done

# ---------------------------------------------------------------- servers
log "starting essaim"
for b in $BACKENDS; do
  start_essaim "$b" false "$OUT/essaim-$b.log"
  echo "$b: ${BASE[$b]} (pid ${PID_OF[$b]}), up in ${STARTUP_MS[$b]} ms"
  find_pages "$b"
  echo "$b: ${PUBLISHED[$b]} published posts; post ${POST_URL[$b]} (${POST_COMMENTS[$b]} comments), category ${CATEGORY_URL[$b]}, event ${EVENT_URL[$b]}, deep archive page ${DEEP_PAGE[$b]}${SEARCH_WORDS[$b]:+, search words of the seed: ${SEARCH_WORDS[$b]}}"
done
FIRST=${BACKENDS%% *}

log "nginx serving essaim's archive page 1 as a static file on 127.0.0.1:$STATIC_PORT"
NGX="$OUT/nginx"
mkdir -p "$NGX/www" "$NGX/tmp"
curl -fs -o "$NGX/www/index.html" "${BASE[$FIRST]}/actualites" || die "could not save ${BASE[$FIRST]}/actualites"
# Debian's /etc/nginx/nginx.conf, with its one server: the same workers, sendfile, and its
# on-the-fly gzip ("gzip on": level 1, text/html) for clients that ask for it. The workers run
# as root (Debian's as www-data) so that they read the copy wherever OUT is.
cat >"$NGX/nginx.conf" <<EOF
user root;
worker_processes auto;
pid $NGX/nginx.pid;
error_log $NGX/error.log;
daemon off;
events { worker_connections 768; }
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    gzip on;
    client_body_temp_path $NGX/tmp/body;
    proxy_temp_path $NGX/tmp/proxy;
    fastcgi_temp_path $NGX/tmp/fastcgi;
    uwsgi_temp_path $NGX/tmp/uwsgi;
    scgi_temp_path $NGX/tmp/scgi;
    server {
        listen 127.0.0.1:$STATIC_PORT;
        root $NGX/www;
        index index.html;
        location / { try_files \$uri \$uri/ =404; }
    }
}
EOF
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$NGX/out.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$STATIC_PORT/" && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:$STATIC_PORT/" || { cat "$NGX/error.log" >&2; die "nginx does not answer on $STATIC_PORT"; }

# ---------------------------------------------------------------- targets
GZ='Accept-Encoding: gzip, br'
NOCACHE='Authorization: Bearer bench-render'
# the searches draw from bench/search.lua's words, the seed's vocabulary and its named words
VOCABULARY="$REPO/src/modules/seed/vocabulary.txt"
WORDS=$([ -f "$VOCABULARY" ] && echo "@$VOCABULARY" || true)
IDS=()
declare -A NAME URL HDR LUA LUA_ARG KIND OF CMP_NGINX CMP_WP
add() {  # id kind backend name url header [lua lua-arg]
  [ -n "$ONLY" ] && ! [[ $1 =~ $ONLY ]] && return
  IDS+=("$1"); KIND[$1]=$2; OF[$1]=$3; NAME[$1]=$4; URL[$1]=$5; HDR[$1]=$6; LUA[$1]=${7:-}; LUA_ARG[$1]=${8:-}
}
for b in $BACKENDS; do
  x=${b:0:1}; B=${BASE[$b]}; L=$([ "$b" = sqlite ] && echo SQLite || echo PostgreSQL)
  add "$x-home"     essaim "$b" "$L: home"                       "$B/"                              ""
  add "$x-arch1"    essaim "$b" "$L: archive page 1"             "$B/actualites"                    ""
  add "$x-arch1-gz" essaim "$b" "$L: archive page 1, gzip/br"    "$B/actualites"                    "$GZ"
  add "$x-archN"    essaim "$b" "$L: archive page ${DEEP_PAGE[$b]}" "$B/actualites?page=${DEEP_PAGE[$b]}" ""
  # the same two pages rendered at each request: a request with credentials never uses the
  # page cache (the header names no account, and the public page ignores it)
  add "$x-arch1-r"  essaim "$b" "$L: archive page 1, rendered"   "$B/actualites"                    "$NOCACHE"
  add "$x-archN-r"  essaim "$b" "$L: archive page ${DEEP_PAGE[$b]}, rendered" "$B/actualites?page=${DEEP_PAGE[$b]}" "$NOCACHE"
  add "$x-post"     essaim "$b" "$L: post, ${POST_COMMENTS[$b]} comments" "$B${POST_URL[$b]}"      ""
  add "$x-post-gz"  essaim "$b" "$L: post, gzip/br"              "$B${POST_URL[$b]}"                "$GZ"
  add "$x-cat"      essaim "$b" "$L: category"                   "$B${CATEGORY_URL[$b]}"            ""
  add "$x-search"   essaim "$b" "$L: search (random queries)"    "$B"                               "" "$REPO/bench/search.lua" "/recherche?q= $WORDS ${SEARCH_WORDS[$b]}"
  add "$x-feed"     essaim "$b" "$L: Atom feed"                  "$B/actualites/flux.atom"          ""
  add "$x-event"    essaim "$b" "$L: event page"                 "$B${EVENT_URL[$b]}"               ""
done
add n-plain nginx - "nginx: static archive page 1"              "http://127.0.0.1:$STATIC_PORT/" ""
add n-gzip  nginx - "nginx: static archive page 1, gzip"        "http://127.0.0.1:$STATIC_PORT/" "$GZ"
if [ "$WORDPRESS" = 1 ]; then
  WP="http://127.0.0.1:$WP_PORT"
  wp_id=$(mariadb -N wordpress -e "SELECT ID FROM wp_posts WHERE post_type='post' AND post_status='publish' ORDER BY comment_count DESC, ID LIMIT 1")
  wp_post=$(curl -s -o /dev/null -w '%{redirect_url}' "$WP/?p=$wp_id")
  [ -n "$wp_post" ] || die "WordPress gives no permalink for post $wp_id"
  wp_comments=$(mariadb -N wordpress -e "SELECT comment_count FROM wp_posts WHERE ID = $wp_id")
  add w-arch   wp - "WordPress: archive page 1"                   "$WP/"       "$GZ"
  add w-post   wp - "WordPress: post, $wp_comments comments"      "$wp_post"   "$GZ"
  add w-search wp - "WordPress: search (random queries)"          "$WP"        "$GZ" "$REPO/bench/search.lua" "/?s= $WORDS"
fi
# the comparable rows: same encoding at nginx; the same kind of page at WordPress
for t in "${IDS[@]}"; do
  [ "${KIND[$t]}" = essaim ] || continue
  CMP_NGINX[$t]=$([ "${HDR[$t]}" = "$GZ" ] && echo n-gzip || echo n-plain)
  case $t in
    *-post*) CMP_WP[$t]=w-post ;;
    *-search) CMP_WP[$t]=w-search ;;
    *) CMP_WP[$t]=w-arch ;;
  esac
done
[ ${#IDS[@]} -gt 0 ] || die "ONLY=$ONLY matches no target"

req_url() {  # target: the URL of one request (a search asks for its first query)
  if [ -n "${LUA[$1]}" ]; then echo "${URL[$1]}${LUA_ARG[$1]%% *}association"; else echo "${URL[$1]}"; fi
}
log "pages (HTTP status, bytes on the wire, Content-Encoding)"
declare -A BYTES
for t in "${IDS[@]}"; do
  hargs=(); [ -n "${HDR[$t]}" ] && hargs=(-H "${HDR[$t]}")
  read -r code size < <(curl -s -o /dev/null -D "$OUT/headers-$t.txt" -w '%{http_code} %{size_download}\n' "${hargs[@]}" "$(req_url "$t")")
  enc=$(tr -d '\r' <"$OUT/headers-$t.txt" | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
  BYTES[$t]=$size
  printf '  %-12s %-44s %s %8s B %s\n' "$t" "${NAME[$t]}" "$code" "$size" "${enc:-identity}"
  [ "$code" = 200 ] || die "$(req_url "$t") answered $code"
done

# ---------------------------------------------------------------- measuring
HZ=$(getconf CLK_TCK)
snap() {  # pid...: "pid ticks" for each, its CPU time (user + system) so far
  local p
  for p in "$@"; do awk -v p="$p" '{ sub(/^.*\) /, ""); print p, $12 + $13 }' "/proc/$p/stat" 2>/dev/null || true; done
}
spent() {  # snap-before snap-after: the ticks spent in between by the processes in both (a
  # process that came or went in between, such as a short database connection, is left out)
  awk 'NR == FNR { a[$1] = $2; next } ($1 in a) { s += $2 - a[$1] } END { print s + 0 }' \
    <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}
pids_of() {  # target kind: the processes that serve it, and those of its database
  case $1 in
    essaim) echo "${PID_OF[$2]}" ;;
    nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
    wp) { pgrep -x php-fpm8.2; m=$(system_nginx) && { echo "$m"; pgrep -P "$m"; }; } | tr '\n' ' ' ;;
  esac
}
# the PostgreSQL processes that serve the data set's database: essaim's connections
pg_backends() {
  [[ " $BACKENDS " == *" postgres "* ]] || return 0
  psql -qtA "$PG_URL" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB' AND pid <> pg_backend_pid()" \
    2>/dev/null | tr '\n' ' ' || true
}
db_pids() {  # backend: the database's processes
  case $1 in
    postgres) pg_backends ;;
    wp) pgrep -x mariadbd | tr '\n' ' ' ;;
    *) echo "" ;;
  esac
}
# Wait until every server under test is idle (under 5% of a core over half a second): when
# wrk stops, WordPress still works off the requests queued in nginx, PostgreSQL finishes the
# queries of requests given up, and essaim sends the rushes' e-mails. The machine as a whole
# is not watched: others may share it.
settle() {
  local all i a b
  all="${PID_OF[*]} $NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ') $(pgrep -x php-fpm8.2 | tr '\n' ' ') $(pgrep -x mariadbd | tr '\n' ' ') $(pg_backends)"
  for i in $(seq 1 60); do
    # shellcheck disable=SC2086
    a=$(snap $all); sleep 0.5; b=$(snap $all)
    [ $(( $(spent "$a" "$b") * 100 )) -lt $(( HZ * 5 / 2 )) ] && return 0
  done
  echo "  (servers still busy after 30 s)" >&2
}
to_ms() { awk -v v="$1" 'BEGIN{ u=v; sub(/[0-9.]+/,"",u); x=v+0;
  if (u=="us") x/=1000; else if (u=="s") x*=1000; else if (u=="m") x*=60000; printf "%.2f", x }'; }
median() { sort -g | awk '{a[NR]=$1} END{ if (NR == 0) print ""; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

wrk_cmd() {  # target threads connections duration: the wrk command line
  local t=$1 cmd=(wrk "-t$2" "-c$3" "-d$4" --latency --timeout "$WRK_TIMEOUT")
  [ -n "${HDR[$t]}" ] && cmd+=(-H "${HDR[$t]}")
  [ -n "${LUA[$t]}" ] && cmd+=(-s "${LUA[$t]}")
  cmd+=("${URL[$t]}")
  # shellcheck disable=SC2206
  [ -n "${LUA[$t]}" ] && cmd+=(-- ${LUA_ARG[$t]})
  printf '%s\0' "${cmd[@]}"
}
run_wrk() {  # target file threads connections duration
  local cmd
  mapfile -d '' -t cmd < <(wrk_cmd "$1" "$3" "$4" "$5")
  child "${cmd[@]}" >"$2" 2>&1 || { cat "$2" >&2; die "wrk failed on $1"; }
}

RES="$OUT/results.tsv"
printf 'target\trun\treq_s\tp50_ms\tp99_ms\terrors\tp95_ms\tapp_ms_req\tdb_ms_req\n' >"$RES"
measure() {  # target run
  local t=$1 r=$2 f="$OUT/wrk-$1-$2.txt" pids dbp a0 a1 d0 d1
  settle
  pids=$(pids_of "${KIND[$t]}" "${OF[$t]}")
  dbp=$(db_pids "$([ "${KIND[$t]}" = wp ] && echo wp || echo "${OF[$t]}")")
  # shellcheck disable=SC2086
  a0=$(snap $pids); d0=$(snap $dbp)
  run_wrk "$t" "$f" "$THREADS" "$CONN" "$DUR"
  # shellcheck disable=SC2086
  a1=$(snap $pids); d1=$(snap $dbp)
  local rps p50 p99 p95 err non2 reqs
  rps=$(awk '/^Requests\/sec/{print $2}' "$f")
  p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$f")")
  p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$f")")
  p95=$(awk '$1=="p95"{print $2+0}' "$f")
  err=$(awk '/Socket errors/{gsub(/,/,""); print $4+$6+$8+$10}' "$f"); err=${err:-0}
  non2=$(awk '/Non-2xx/{print $NF}' "$f"); non2=${non2:-0}
  reqs=$(awk '/requests in/{print $1}' "$f")
  # no request finished within the run (each one slower than the run): no latency to show
  [ "${reqs:-0}" -gt 0 ] || { p50=; p99=; p95=; }
  msreq() { awk -v t="$(spent "$1" "$2")" -v hz="$HZ" -v n="${reqs:-0}" 'BEGIN{ x = 0; if (n > 0) x = 1000 * t / hz / n; printf "%.3f", x }'; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$r" "$rps" "$p50" "$p99" "$((err + non2))" "${p95:-}" \
    "$(msreq "$a0" "$a1")" "$([ -n "$dbp" ] && msreq "$d0" "$d1")" >>"$RES"
  printf '  run %s  %-44s %10s req/s  p50 %9s ms  p99 %9s ms  errors %s\n' "$r" "${NAME[$t]}" "$rps" "${p50:-–}" "${p99:-–}" "$((err + non2))"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${WARMUP%s}" != 0 ]; then
  log "warm-up ($WARMUP per target)"
  for t in "${IDS[@]}"; do settle; run_wrk "$t" /dev/null "$THREADS" "$CONN" "$WARMUP"; done
fi
log "measuring: wrk -t$THREADS -c$CONN -d$DUR --latency, $RUNS runs, targets alternating"
for r in $(seq 1 "$RUNS"); do
  for t in "${IDS[@]}"; do measure "$t" "$r"; done
done

# search one request at a time: the latency a visitor sees, without queueing behind 63 others
SEARCH_IDS=()
for t in "${IDS[@]}"; do [ "${KIND[$t]}" = essaim ] && [ -n "${LUA[$t]}" ] && SEARCH_IDS+=("$t"); done
if [ ${#SEARCH_IDS[@]} -gt 0 ]; then
  log "search, one request at a time: wrk -t1 -c1 -d$SEARCH_DUR, $RUNS runs"
  for r in $(seq 1 "$RUNS"); do
    for t in "${SEARCH_IDS[@]}"; do
      settle
      f="$OUT/wrk-$t-c1-$r.txt"
      run_wrk "$t" "$f" 1 1 "$SEARCH_DUR"
      p95=$(awk '$1=="p95"{print $2+0}' "$f")
      [ "$(awk '/requests in/{print $1}' "$f")" -gt 0 ] || p95=
      printf '%s-c1\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n' "$t" "$r" "$(awk '/^Requests\/sec/{print $2}' "$f")" \
        "$(to_ms "$(awk '$1=="50%"{print $2}' "$f")")" "$(to_ms "$(awk '$1=="99%"{print $2}' "$f")")" \
        "$(awk '/Non-2xx/{n=$NF} /Socket errors/{gsub(/,/,""); s=$4+$6+$8+$10} END{print n+s}' "$f")" "$p95" >>"$RES"
      printf '  run %s  %-44s p95 %9s ms\n' "$r" "${NAME[$t]}, one at a time" "${p95:-–}"
    done
  done
fi

# ---------------------------------------------------------------- registrations
declare -A RUSH_OK
rush() {  # backend run
  local b=$1 r=$2 now id slug f="$OUT/rush-$1-$2.json"
  now=$(date +%s)
  slug="bench-rush-$now-$r"
  id=$(sql "$b" "INSERT INTO events (slug, title, starts_at, ends_at, capacity, status, created_at, updated_at) \
    VALUES ('$slug', 'La ruée', $((now + 30 * 86400)), $((now + 30 * 86400 + 7200)), $REG_CAPACITY, 'published', $now, $now) RETURNING id")
  RUSH_EVENTS+=("$b $id")
  settle
  child env IP_OFFSET=$(( (RANDOM * 32768 + RANDOM) % (16000000 - REG_N) )) \
    node "$REPO/bench/registrations/load.mjs" "${BASE[$b]}" "$slug" "$REG_N" "$REG_CONCURRENCY" >"$f" 2>&1 \
    || { cat "$f" >&2; die "load.mjs failed on $b"; }
  local rps p50 p99 errs
  read -r rps p50 p99 errs < <(node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(j.per_second, j.p50_ms, j.p99_ms, j.errors)' "$f")
  # the guarantee: confirmed seats == capacity == the counter; the others wait at 1..W, no gaps
  local registered confirmed waiting wmin wmax wdistinct booked expected ok=FAILED
  registered=$(sql "$b" "SELECT registered FROM events WHERE id = $id")
  confirmed=$(sql "$b" "SELECT COALESCE(SUM(seats), 0) FROM registrations WHERE event_id = $id AND status = 'confirmed'")
  IFS='|' read -r waiting wmin wmax wdistinct < <(sql "$b" "SELECT COUNT(*), COALESCE(MIN(waiting_position), 0), \
    COALESCE(MAX(waiting_position), 0), COUNT(DISTINCT waiting_position) FROM registrations WHERE event_id = $id AND status = 'waiting'")
  booked=$((REG_N - errs))
  expected=$(( booked > REG_CAPACITY ? REG_CAPACITY : booked ))
  if [ "$confirmed" = "$expected" ] && [ "$registered" = "$confirmed" ] && [ "$waiting" = $((booked - expected)) ] \
    && [ "$wdistinct" = "$waiting" ] && { [ "$waiting" = 0 ] || { [ "$wmin" = 1 ] && [ "$wmax" = "$waiting" ]; }; }; then
    ok=OK
  fi
  RUSH_OK[$b]=${RUSH_OK[$b]:-OK}; [ "$ok" = OK ] || RUSH_OK[$b]=FAILED
  printf 'reg-%s\t%s\t%s\t%s\t%s\t%s\t\t\t\n' "$b" "$r" "$rps" "$p50" "$p99" "$errs" >>"$RES"
  printf '  run %s  %-44s %10s reg/s  p50 %9s ms  p99 %9s ms  errors %s; confirmed %s (counter %s, capacity %s), waiting %s at %s..%s: %s\n' \
    "$r" "$b: registrations" "$rps" "$p50" "$p99" "$errs" "$confirmed" "$registered" "$REG_CAPACITY" "$waiting" "$wmin" "$wmax" "$ok"
  sql "$b" "DELETE FROM events WHERE id = $id" >/dev/null
  RUSH_EVENTS=("${RUSH_EVENTS[@]:0:${#RUSH_EVENTS[@]}-1}")
}
if [ -z "$ONLY" ] || [[ reg =~ $ONLY ]]; then
  log "registrations: $REG_N bookings of one seat for $REG_CAPACITY places, $REG_CONCURRENCY at a time, $RUNS runs"
  for r in $(seq 1 "$RUNS"); do
    for b in $BACKENDS; do rush "$b" "$r"; done
  done
fi

for b in $BACKENDS; do
  RSS_KB[$b]=$(awk '/^VmRSS/{print $2}' "/proc/${PID_OF[$b]}/status")
  HWM_KB[$b]=$(awk '/^VmHWM/{print $2}' "/proc/${PID_OF[$b]}/status")
  ANON_KB[$b]=$(awk '/^RssAnon/{print $2}' "/proc/${PID_OF[$b]}/status")
  FILE_KB[$b]=$(awk '/^RssFile/{print $2}' "/proc/${PID_OF[$b]}/status")
done

# ---------------------------------------------------------------- the table
col() { awk -F'\t' -v t="$1" -v c="$2" 'NR>1 && $1==t && $c != "" {print $c}' "$RES" | median; }
sum() { awk -F'\t' -v t="$1" -v c="$2" 'NR>1 && $1==t {s+=$c} END{print s+0}' "$RES"; }
ratio() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN{ if (a == "" || b == "" || b == 0) print ""; else printf f, a / b }'; }
num() { awk -v v="$1" -v f="$2" 'BEGIN{ if (v == "") print "–"; else printf f, v }' | sed -E ':a;s/^([0-9]+)([0-9]{3})/\1,\2/;ta'; }
declare -A M_RPS M_P50 M_P99 M_P95
for t in "${IDS[@]}" $(for b in $BACKENDS; do echo "reg-$b"; done) $(for t in "${SEARCH_IDS[@]}"; do echo "$t-c1"; done); do
  M_RPS[$t]=$(col "$t" 3); M_P50[$t]=$(col "$t" 4); M_P99[$t]=$(col "$t" 5); M_P95[$t]=$(col "$t" 7)
done

TABLE="$OUT/table.md"
{
  echo "essaim $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/{print $2}') GiB; load average before the runs: $LOAD_BEFORE"
  if [ "$KEY" = demo ]; then echo "Data set: the demo network (no \`essaim seed\` in this build)."
  else echo "Data set: $POSTS posts, $COMMENTS comments, $CLUBS clubs, $EVENTS events, $REGISTRATIONS registrations."; fi
  echo "Method: wrk -t$THREADS -c$CONN -d$DUR --latency --timeout $WRK_TIMEOUT on loopback, medians of $RUNS runs, targets alternating; errors are socket errors and non-2xx responses over all runs."
  echo
  echo "| target | req/s | p50 ms | p99 ms | errors | × nginx | × WordPress | app CPU ms/req | db CPU ms/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for t in "${IDS[@]}"; do
    xn=""; xw=""
    if [ "${KIND[$t]}" = essaim ]; then
      xn=$(ratio "${M_RPS[$t]}" "${M_RPS[${CMP_NGINX[$t]}]:-}" '%.2f')
      xw=$(num "$(ratio "${M_RPS[$t]}" "${M_RPS[${CMP_WP[$t]}]:-}" '%.0f')" '%.0f')
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAME[$t]}" "$(num "${M_RPS[$t]}" '%.0f')" \
      "$(num "${M_P50[$t]}" '%.2f')" "$(num "${M_P99[$t]}" '%.2f')" "$(sum "$t" 6)" "${xn:-}" "${xw:-}" \
      "$(num "$(col "$t" 8)" '%.3f')" "$(num "$(col "$t" 9)" '%.3f')"
  done
  for b in $BACKENDS; do
    t="reg-$b"; [ -n "${M_RPS[$t]:-}" ] || continue
    printf '| %s | %s | %s | %s | %s | | | | |\n' "$([ "$b" = sqlite ] && echo SQLite || echo PostgreSQL): registrations ($REG_N for $REG_CAPACITY places, $REG_CONCURRENCY at a time; capacity ${RUSH_OK[$b]})" \
      "$(num "${M_RPS[$t]}" '%.0f')" "$(num "${M_P50[$t]}" '%.2f')" "$(num "${M_P99[$t]}" '%.2f')" "$(sum "$t" 6)"
  done
  echo
  echo "× nginx: req/s over nginx's on the static copy of archive page 1 with the same encoding (without compression, or its on-the-fly gzip when essaim is asked for gzip/br). × WordPress: over WordPress's post, search or archive page 1 (the other pages). CPU ms/req: CPU time of essaim (of nginx; of php-fpm and WordPress's nginx) and of the database (PostgreSQL's connections to the data set's database; MariaDB) per request. Registrations: load.mjs (plain keep-alive sockets), req/s = bookings per second."
  echo
  for t in "${SEARCH_IDS[@]}"; do
    echo "- ${NAME[$t]%%:*} search p95: $(num "${M_P95[$t-c1]:-}" '%.2f') ms one request at a time (wrk -t1 -c1 -d$SEARCH_DUR), $(num "${M_P95[$t]:-}" '%.2f') ms at $CONN connections"
  done
  for b in $BACKENDS; do
    echo "- $([ "$b" = sqlite ] && echo SQLite || echo PostgreSQL): start-up ${STARTUP_MS[$b]} ms (process start to the first 200 on /healthz); resident memory after the runs $(( RSS_KB[$b] / 1024 )) MiB ($(( ANON_KB[$b] / 1024 )) MiB anonymous, $(( FILE_KB[$b] / 1024 )) MiB of files; peak $(( HWM_KB[$b] / 1024 )) MiB)"
  done
  echo "- bytes on the wire: archive page 1 $(num "${BYTES[n-plain]:-}" '%d') B static, $(num "${BYTES[n-gzip]:-}" '%d') B nginx gzip$(for b in $BACKENDS; do x=${b:0:1}; printf ', %s B essaim %s gzip/br' "$(num "${BYTES[$x-arch1-gz]:-}" '%d')" "$b"; done)"
} >"$TABLE"

# ---------------------------------------------------------------- the targets
verdict() {  # condition-result label
  if [ "$1" = 1 ]; then echo "PASS  $2"; elif [ "$1" = 0 ]; then echo "MISS  $2"; else echo "n/a   $2"; fi
}
cmp() {  # a op b: 1, 0, or "" when a figure is missing
  awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN{ if (a == "" || b == "") { print ""; exit }
    if (op == ">=") print (a + 0 >= b + 0) ? 1 : 0; else print (a + 0 <= b + 0) ? 1 : 0 }'
}
mul() { awk -v a="$1" -v k="$2" 'BEGIN{ if (a == "") print ""; else print a * k }'; }
{
  echo
  echo "Targets (issue 5):"
  [ "$KEY" != demo ] && [ "$POSTS" -ge "$TARGET_POSTS" ] || echo "(the targets are stated for $TARGET_POSTS posts; this data set is smaller, so these lines only check the harness)"
  for b in $BACKENDS; do
    x=${b:0:1}; L=$([ "$b" = sqlite ] && echo SQLite || echo PostgreSQL)
    for p in arch1 post; do
      page=$([ $p = arch1 ] && echo "archive page 1" || echo "post page")
      [ -n "${KIND[$x-$p]:-}" ] || continue
      verdict "$(cmp "${M_RPS[$x-$p]}" '>=' "$(mul "${M_RPS[n-plain]:-}" 0.8)")" \
        "$L $page, no compression: $(num "${M_RPS[$x-$p]}" '%.0f') req/s >= 80% of nginx static ($(num "${M_RPS[n-plain]:-}" '%.0f'))"
      verdict "$(cmp "${M_P99[$x-$p]}" '<=' "${M_P99[n-plain]:-}")" \
        "$L $page, no compression: p99 $(num "${M_P99[$x-$p]}" '%.2f') ms <= nginx's $(num "${M_P99[n-plain]:-}" '%.2f') ms"
      verdict "$(cmp "${M_RPS[$x-$p-gz]:-}" '>=' "$(mul "${M_RPS[n-gzip]:-}" 1.5)")" \
        "$L $page, gzip/br: $(num "${M_RPS[$x-$p-gz]:-}" '%.0f') req/s >= 1.5 x nginx gzip ($(num "${M_RPS[n-gzip]:-}" '%.0f'))"
      wpt=$([ $p = arch1 ] && echo w-arch || echo w-post)
      verdict "$(cmp "${M_RPS[$x-$p-gz]:-}" '>=' "$(mul "${M_RPS[$wpt]:-}" 300)")" \
        "$L $page, gzip/br: >= 300 x WordPress ($(num "${M_RPS[$wpt]:-}" '%.1f') req/s): x$(num "$(ratio "${M_RPS[$x-$p-gz]:-}" "${M_RPS[$wpt]:-}" '%.0f')" '%.0f')"
    done
    [ -n "${KIND[$x-archN]:-}" ] && verdict "$(cmp "${M_RPS[$x-archN]}" '>=' "$(mul "${M_RPS[$x-arch1]:-}" 0.8)")" \
      "$L archive page ${DEEP_PAGE[$b]} costs what page 1 does (within 20%): $(num "${M_RPS[$x-archN]}" '%.0f') vs $(num "${M_RPS[$x-arch1]:-}" '%.0f') req/s"
    [ -n "${KIND[$x-archN-r]:-}" ] && verdict "$(cmp "${M_RPS[$x-archN-r]}" '>=' "$(mul "${M_RPS[$x-arch1-r]:-}" 0.8)")" \
      "$L archive page ${DEEP_PAGE[$b]} rendered at each request costs what page 1 does (within 20%): $(num "${M_RPS[$x-archN-r]}" '%.0f') vs $(num "${M_RPS[$x-arch1-r]:-}" '%.0f') req/s"
    if [ -n "${KIND[$x-search]:-}" ]; then
      if [ -n "${M_P95[$x-search-c1]:-}" ]; then
        verdict "$(cmp "${M_P95[$x-search-c1]}" '<=' 50)" \
          "$L search p95 under 50 ms: $(num "${M_P95[$x-search-c1]}" '%.2f') ms (one request at a time; $(num "${M_P95[$x-search]:-}" '%.2f') ms at $CONN connections)"
      else
        verdict 0 "$L search p95 under 50 ms: no query answered within the $SEARCH_DUR run, one request at a time"
      fi
    fi
    if [ -n "${M_RPS[reg-$b]:-}" ]; then
      if [ "$b" = sqlite ]; then
        verdict "$( [ "${RUSH_OK[$b]}" = OK ] && cmp "${M_RPS[reg-$b]}" '>=' 2000 || echo 0)" \
          "$L registrations >= 2,000/s, capacity never exceeded: $(num "${M_RPS[reg-$b]}" '%.0f')/s, capacity ${RUSH_OK[$b]}"
      else
        verdict "$( [ "${RUSH_OK[$b]}" = OK ] && echo 1 || echo 0)" "$L registrations: capacity never exceeded (${RUSH_OK[$b]}; $(num "${M_RPS[reg-$b]}" '%.0f')/s)"
      fi
    fi
    verdict "$( [ "${RSS_KB[$b]}" -lt 102400 ] && echo 1 || echo 0)" "$L resident memory under 100 MB: $(( RSS_KB[$b] / 1024 )) MiB"
    verdict "$( [ "${STARTUP_MS[$b]}" -lt 2000 ] && echo 1 || echo 0)" "$L start-up under 2 s: ${STARTUP_MS[$b]} ms"
  done
} >>"$TABLE"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Load average after the runs: $LOAD_AFTER (other work on the machine lowers every figure)." >>"$TABLE"
log "results"
cat "$TABLE"
echo
echo "raw wrk outputs, results.tsv, logs and table.md: $OUT"
