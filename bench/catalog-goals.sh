#!/usr/bin/env bash
# catalog-goals.sh - issue 3's two MariaDB goals at 1,000,000 videos, for a quiet window: GET /API/VIDEO/{ID}
# (goal >= 15,000 req/s, 64 connections) and search (goal p95 <= 20 ms, 4 connections, the seeder's query mix),
# each as a side-by-side run of two builds (bench/search-ab.sh: alternating wrk runs, so both see the same noise), and
# GET with popular ids (bench/wrk/get-zipf.lua: Zipf, s = 1), where the api node's answer cache shows (no goal).
# Builds nothing and seeds nothing: it runs against a catalogue that is already seeded, migrated and indexed, and
# leaves its database running. Stops by itself: about 9 minutes of loads (each bounded by `timeout`), 18 at most.
#
# Usage: bench/catalog-goals.sh [--connection CS] [--before DLL] [--after DLL] [--data DIR]
#                               [--rounds R] [--duration S] [--loads LIST]
#   --connection  the catalogue's connection string (GOALS_CONNECTION; default: database myvid_bench_zipf on the
#                 server of /tmp/bench-maria, port 63306, with that folder's password)
#   --before/--after  MyVid.Host.dll of each build (GOALS_BEFORE, GOALS_AFTER; default /tmp/catalog-before/... and
#                 /tmp/catalog-after/...); the same dll twice measures one build against itself (the noise)
#   --data        the folder with the seeder's ids.txt and queries.txt (GOALS_DATA; default /tmp/catalog-bench/zipf)
#   --rounds      alternations per load (3); --duration seconds per wrk run (25)
#   --loads       which loads, comma-separated, of get,search,get-zipf (default: all three)
# Settings for both hosts go through the environment, e.g. Catalog__SearchCacheSeconds=0 (a build that lacks a key
# ignores it).
# GOALS_BEFORE_ARGS / GOALS_AFTER_ARGS: more host arguments for one side (search-ab.sh's AB_BEFORE_ARGS, AB_AFTER_ARGS).
# A search index backfill still running is waited for (GOALS_WAIT_INDEX seconds, 180), then the run refuses to start
# while it holds its lock. Ports: GOALS_PORT (63390) and the next five (search-ab.sh's two hosts per load).
# Prints the table of bench/RESULTS.md ("Catalogue (issue 3)") and the medians; raw output stays in the folders
# search-ab.sh names.
set -euo pipefail
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS="${GOALS_CONNECTION:-}"
BEFORE="${GOALS_BEFORE:-/tmp/catalog-before/MyVid.Host/bin/Release/net10.0/MyVid.Host.dll}"
AFTER="${GOALS_AFTER:-/tmp/catalog-after/MyVid.Host/bin/Release/net10.0/MyVid.Host.dll}"
DATA="${GOALS_DATA:-/tmp/catalog-bench/zipf}"
ROUNDS=3 DURATION=25 PORT="${GOALS_PORT:-63390}" LOADS=get,search,get-zipf
while [[ $# -gt 0 ]]; do
  case "$1" in
    --connection) CS="$2"; shift 2 ;; --before) BEFORE="$2"; shift 2 ;; --after) AFTER="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;; --rounds) ROUNDS="$2"; shift 2 ;; --duration) DURATION="$2"; shift 2 ;;
    --loads) LOADS="$2"; shift 2 ;;
    *) usage ;;
  esac
done
if ! [[ $ROUNDS =~ ^[1-5]$ && $DURATION =~ ^[0-9]+$ && $LOADS =~ ^(get|search|get-zipf)(,(get|search|get-zipf))*$ ]] || ((DURATION < 5 || DURATION > 40)); then usage; fi
if [[ -z $CS ]]; then
  [[ -s /tmp/bench-maria/password ]] || { echo "no --connection and no /tmp/bench-maria/password" >&2; exit 2; }
  CS="Server=127.0.0.1;Port=63306;Database=myvid_bench_zipf;User=myvid;Password=$(</tmp/bench-maria/password);"
fi
for f in "$BEFORE" "$AFTER" "$DATA/ids.txt" "$DATA/queries.txt"; do [[ -s $f ]] || { echo "missing: $f" >&2; exit 2; }; done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

# cs_field NAME: one field of the connection string (case-insensitive name)
cs_field() { tr ';' '\n' <<<"$CS" | sed -n "s/^[[:space:]]*$1[[:space:]]*=//Ip" | head -1; }
sql() { # --unbuffered: each result is written when it is ready, not at exit
  MYSQL_PWD="$(cs_field Password)" mariadb -N --unbuffered -h "$(cs_field Server)" -P "$(cs_field Port)" -u "$(cs_field User)" "$(cs_field Database)" -e "$1"
}

# What is measured on: the machine, the server, the catalogue and how much of it the term index holds.
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %T') UTC"
echo "server: $(sql 'SELECT CONCAT(VERSION(), ", innodb_buffer_pool_size ", @@innodb_buffer_pool_size DIV 1048576, " MiB")')"
echo "catalogue: $(sql "SELECT CONCAT((SELECT COUNT(*) FROM Videos), ' videos, ', (SELECT COUNT(*) FROM VideoWords), ' in the term index')")"
echo "sizes (MiB, data + indexes): $(sql "SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, ' ', (DATA_LENGTH + INDEX_LENGTH) DIV 1048576) SEPARATOR ', ') FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('Videos', 'VideoTerms', 'VideoWords')")"
# A backfill still running (a host holds its lock) is waited for, up to GOALS_WAIT_INDEX seconds (180): it releases
# the lock when the index is complete.
read -r videos indexed < <(sql "SELECT (SELECT COUNT(*) FROM Videos), (SELECT COUNT(*) FROM VideoWords)")
for ((waited = 0; indexed < videos && waited < ${GOALS_WAIT_INDEX:-180}; waited += 15)); do
  [[ $(sql "SELECT IS_USED_LOCK('myvid_search_backfill') IS NOT NULL") == 1 ]] || break
  echo "waiting for the backfill: $indexed of $videos videos indexed"
  sleep 15
  indexed="$(sql "SELECT COUNT(*) FROM VideoWords")"
done
((indexed >= videos)) || echo "WARNING: the term index holds $indexed of $videos videos: searches miss the rest (the backfill of a --role api host fills it)"

# Each host would otherwise go on indexing what the index lacks (SearchIndexBackfill) while it is measured: hold the
# backfill's named lock for the run from a client session of our own, so every host's backfill skips.
LOCK_OUT="$(mktemp /tmp/catalog-goals-lock.XXXXXX)"
sql "SELECT IF(GET_LOCK('myvid_search_backfill', 5) = 1, 'held', 'busy'), CONNECTION_ID(); SELECT SLEEP(1500)" >"$LOCK_OUT" 2>&1 &
LOCK_PID=$!
for ((i = 0; i < 70; i++)); do [[ -s $LOCK_OUT ]] && break; sleep 0.1; done
read -r LOCK_STATE LOCK_SESSION <"$LOCK_OUT" || true
# The server notices a dropped client only when SLEEP ends: end the session there, which frees the lock.
trap 'sql "KILL ${LOCK_SESSION:-0}" 2>/dev/null || true; kill "$LOCK_PID" 2>/dev/null || true' EXIT
if [[ $LOCK_STATE != held ]]; then
  echo "a search index backfill is running (its lock is held): stop that host first, or its writes share the run" >&2
  exit 1
fi

LINES="$(mktemp /tmp/catalog-goals.XXXXXX)"
# ab LABEL PORT ARGS...: one side-by-side load; its lines (search-ab.sh's format) are kept for the table
ab() {
  local label=$1 port=$2
  shift 2
  # 2 host starts, 2 warm-ups of 5 s, 2 x ROUNDS runs; -k: the hosts are stopped by search-ab.sh's exit trap
  [[ ,$LOADS, == *,$label,* ]] || return 0
  AB_PORT=$port AB_BEFORE_ARGS="${GOALS_BEFORE_ARGS:-}" AB_AFTER_ARGS="${GOALS_AFTER_ARGS:-}" timeout -k 20 $((90 + 2 * ROUNDS * (DURATION + 2))) "$ROOT/bench/search-ab.sh" --before "$BEFORE" --after "$AFTER" \
    --provider mariadb --connection "$CS" --rounds "$ROUNDS" --duration "$DURATION" --label "$label" "$@" | tee -a "$LINES" \
    || echo "$label: stopped early (exit $?); the table shows the runs that finished" >&2
}
wanted() { [[ ,$LOADS, == *,$1,* ]]; }
if wanted get; then ab get "$PORT" --queries "$DATA/ids.txt" --connections 64 --get; fi
if wanted search; then ab search $((PORT + 2)) --queries "$DATA/queries.txt"; fi
if wanted get-zipf; then ab get-zipf $((PORT + 4)) --queries "$DATA/ids.txt" --connections 64 --get-zipf; fi

# The table of bench/RESULTS.md, then the medians of each side.
awk -v rounds="$ROUNDS" '
  $3 == "round" {
    sub(":", "", $4)
    cell = sprintf("%s, %s / %s / %s", $5, $8, $10, $12)
    key = $1 SUBSEP $4
    if ($2 == "before") { before[key] = cell; load[key] = $NF } else { after[key] = cell; load[key] = load[key] "–" $NF }
    rps[$1, $2, ++n[$1, $2]] = $5; p95[$1, $2, n[$1, $2]] = $10
  }
  function median(a, label, side,   i, k, v, t) {
    k = n[label, side]
    for (i = 1; i <= k; i++) v[i] = a[label, side, i] + 0
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
  }
  END {
    print ""
    print "| Load | Round | Before req/s, p50 / p95 / p99 ms | After req/s, p50 / p95 / p99 ms | Load avg |"
    print "|---|---|---|---|---|"
    split("get search get-zipf", loads, " ")
    names["get"] = "GET, 64 conns, 2 wrk threads"; names["search"] = "search, full zipf mix, 4 conns"
    names["get-zipf"] = "GET, Zipf ids (no goal), 64 conns"
    for (l = 1; l <= 3; l++) for (r = 1; r <= rounds; r++) {
      key = loads[l] SUBSEP r
      if (key in after) printf "| %s | %d | %s | %s | %s |\n", r == 1 ? names[loads[l]] : "", r, before[key], after[key], load[key]
    }
    print ""
    for (l = 1; l <= 3; l++) for (s = 0; s < 2; s++) {
      side = s ? "after" : "before"
      if (n[loads[l], side]) printf "median %-8s %-6s: %8.0f req/s, p95 %8.2f ms\n", loads[l], side, median(rps, loads[l], side), median(p95, loads[l], side)
    }
    if (n["get", "after"]) printf "goal GET >= 15,000 req/s (after, median): %s\n", median(rps, "get", "after") >= 15000 ? "met" : "missed"
    if (n["search", "after"]) printf "goal search p95 <= 20 ms (after, median): %s\n", median(p95, "search", "after") <= 20 ? "met" : "missed"
  }' "$LINES"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); lines in $LINES; the database is left running"
