#!/usr/bin/env bash
# Time the WordPress import of a synthetic export and measure its peak memory.
# usage: bench/wordpress/run.sh [POSTS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
posts="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { sudo apt-get install -y time || apt-get install -y time; }
cargo build --release --quiet
python3 bench/wordpress/generate.py "$posts" "$work/export.xml"
echo "export: $posts posts, $(du -h "$work/export.xml" | cut -f1)"
export ESSAIM_DATABASE_URL="${ESSAIM_BENCH_DATABASE_URL:-sqlite://$work/essaim.db}" ESSAIM_DEMO=false ESSAIM_LOG=warn
./target/release/essaim migrate >/dev/null
/usr/bin/time -v ./target/release/essaim import wordpress "$work/export.xml" >"$work/out.txt" 2>"$work/time.txt"
head -12 "$work/out.txt"
secs=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
echo "wall time: ${secs} s; posts per second: $(python3 -c "print(round($posts / $secs))"); max resident memory: $((rss / 1024)) MiB"
