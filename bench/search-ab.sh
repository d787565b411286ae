#!/usr/bin/env bash
# search-ab.sh - two builds of the host side by side on one catalogue: alternating wrk search runs (A, B, A, B, ...)
# so both see the same machine noise. Prints one line per run and the median p50/p95/rps per build.
#
# Usage: bench/search-ab.sh --before DLL --after DLL --provider sqlite|mariadb --connection CS --queries FILE
#                           [--rounds R] [--duration S] [--connections C] [--label TEXT] [--get|--get-zipf]
#   --get             GET /API/VIDEO/{ID} instead (bench/wrk/get.lua, 2 wrk threads): --queries is then the ids file
#                     (ids.txt of the seeder) and --connections should be 64 as in bench/catalog.sh
#   --get-zipf        the same with popular ids (bench/wrk/get-zipf.lua: line k of the ids file drawn with weight 1/k)
#   --before/--after  MyVid.Host.dll of each build (e.g. a `git archive` of the base commit built in /tmp)
#   --connection      the catalogue's connection string (the host's --Database:ConnectionString)
#   --rounds          alternations (4); --duration seconds per run (10); --connections wrk connections (4)
# Each host warms up 5 s with the same load first. Ports 5381 (before) and 5382 (after), 127.0.0.1 only;
# AB_PORT moves them (AB_PORT and AB_PORT+1). AB_BEFORE_ARGS / AB_AFTER_ARGS: more host arguments for one side
# (e.g. "--Catalog:GetBatchesInFlight=2": one build against itself with another setting).
set -euo pipefail
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
BEFORE="" AFTER="" PROVIDER="" CS="" QUERIES="" ROUNDS=4 DURATION=10 CONNS=4 LABEL="" SCRIPT=search.lua THREADS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) BEFORE="$2"; shift 2 ;; --after) AFTER="$2"; shift 2 ;;
    --provider) PROVIDER="$2"; shift 2 ;; --connection) CS="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;; --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;; --connections) CONNS="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;; --get) SCRIPT=get.lua THREADS=2; shift ;;
    --get-zipf) SCRIPT=get-zipf.lua THREADS=2; shift ;; *) usage ;;
  esac
done
[[ -f $BEFORE && -f $AFTER && $PROVIDER =~ ^(sqlite|mariadb)$ && -n $CS && -f $QUERIES ]] || usage
((THREADS <= CONNS)) || THREADS=$CONNS # wrk needs a connection per thread (--connections 1: a lone client)
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT_A="${AB_PORT:-5381}" PORT_B=$((${AB_PORT:-5381} + 1))
OUT="$(mktemp -d /tmp/search-ab.XXXXXX)"
[[ $PROVIDER == sqlite ]] && DBP=Sqlite || DBP=MariaDb
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # start DLL PORT NAME EXTRA-ARGS
  local extra
  read -ra extra <<<"$4"
  (cd "$OUT" && exec dotnet "$1" --role api --urls "http://127.0.0.1:$2" --Database:Provider=$DBP "--Database:ConnectionString=$CS" \
    --Node:DataFolder="$OUT/node-$3" --RateLimit:Enabled=false --Logging:LogLevel:Default=Warning "${extra[@]}") >"$OUT/host-$3.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 300; i++)); do curl -fs -o /dev/null "http://127.0.0.1:$2/healthz" && return 0; sleep 0.2; done
  tail -20 "$OUT/host-$3.log"; echo "host $3 did not start" >&2; exit 1
}
run() { # run PORT NAME SECONDS -> prints RESULT fields
  wrk -t"$THREADS" -c"$CONNS" -d"${3}s" --timeout 10s --latency -s "$ROOT/bench/wrk/$SCRIPT" "http://127.0.0.1:$1" -- "$QUERIES" >"$OUT/wrk-$2.txt" 2>&1
  grep '^RESULT' "$OUT/wrk-$2.txt" | sed 's/^RESULT //'
}
start "$BEFORE" $PORT_A before "${AB_BEFORE_ARGS:-}"
start "$AFTER" $PORT_B after "${AB_AFTER_ARGS:-}"
run $PORT_A before 5 >/dev/null; run $PORT_B after 5 >/dev/null
for ((r = 1; r <= ROUNDS; r++)); do
  for side in before after; do
    [[ $side == before ]] && port=$PORT_A || port=$PORT_B
    line="$(run $port $side "$DURATION")"
    (eval "$line"; printf '%s %-6s round %d: %7s req/s  p50 %8s  p95 %8s  p99 %8s ms  errors %s non2xx %s  load %s\n' \
      "$LABEL" "$side" "$r" "$rps" "$p50_ms" "$p95_ms" "$p99_ms" "$errors" "$non2xx" "$(cut -d' ' -f1 /proc/loadavg)") | tee -a "$OUT/lines.txt"
  done
done
echo "raw output in $OUT"
