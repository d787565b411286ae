#!/usr/bin/env bash
# catalog.sh - the catalogue benchmark of issue 3: GET /API/VIDEO/{ID} throughput and search latency
# on a catalogue of N generated videos, on MariaDB and on SQLite.
#
# Usage: bench/catalog.sh [--provider mariadb|sqlite|both] [--count N] [--duration S] [--runs R] [--pin off|on|both]
#                         [--corpus topics|zipf]
#   --provider  which database(s) (both)
#   --count     videos in the catalogue (1000000); a seeded catalogue of that size is reused
#   --duration  seconds per measured run (20); a 10 s warm-up of each load precedes them
#   --runs      measured runs of each load (2)
#   --pin       off: everything shares both cores; on: host + database on CPU 0, wrk on CPU 1 (both)
#   --corpus    topics: ~250 topic words, a word matches up to 75 % of the catalogue (the harsh worst case);
#               zipf: Zipf-distributed real CCC vocabulary (text-like); kept apart: OUT/PROVIDER-zipf, myvid_bench_zipf
#
# Loads (wrk, Debian package; Lua scripts in bench/wrk/):
#   get     GET /API/VIDEO/{ID}, ids drawn uniformly from every public video, 64 connections
#           (2 wrk threads unpinned, 1 pinned)
#   search  POST /API/VIDEO/ {"Search": q}, q from the seeder's 5,000-query mix, 4 connections, 1 wrk thread
#   search-selective  the same with only the mix's queries that match <= 10,000 videos (counted once on the
#           SQLite catalogue by `MyVid.Bench.Catalog matches`; both databases hold the same rows)
# Prints one table line per run; wrk's raw output goes to bench/out/logs/.
#
# Environment: BENCH_OUT (bench/out), BENCH_MARIADB_DIR (/tmp/bench-maria), BENCH_MARIADB_PORT (33306),
#              BENCH_HOST_PORT (5380), BENCH_MARIADB_BUFFER_POOL (3G).
# The MariaDB server is left running if it already ran, stopped if this run started it.
# Everything binds to 127.0.0.1. Needs root for apt (wrk) and the .NET SDK.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
PROVIDER=both COUNT=1000000 DURATION=20 RUNS=2 PIN=both CORPUS=topics
while [[ $# -gt 0 ]]; do
  case "$1" in
    --provider) PROVIDER="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --pin) PIN="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ $PROVIDER =~ ^(mariadb|sqlite|both)$ && $PIN =~ ^(off|on|both)$ && $COUNT =~ ^[0-9]+$ && $DURATION =~ ^[0-9]+$ && $RUNS =~ ^[1-9]$ && $CORPUS =~ ^(topics|zipf)$ ]] || usage
SUFFIX=$([[ $CORPUS == zipf ]] && echo -zipf || true)

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${BENCH_OUT:-$ROOT/bench/out}" && cd "${BENCH_OUT:-$ROOT/bench/out}" && pwd)"
MARIA_DIR="${BENCH_MARIADB_DIR:-/tmp/bench-maria}"
MARIA_PORT="${BENCH_MARIADB_PORT:-33306}"
HOST_PORT="${BENCH_HOST_PORT:-5380}"
BASE="http://127.0.0.1:$HOST_PORT"
HOST_DLL="$ROOT/MyVid.Host/bin/Release/net10.0/MyVid.Host.dll"
SEEDER_DLL="$ROOT/bench/MyVid.Bench.Catalog/bin/Release/net10.0/MyVid.Bench.Catalog.dll"
LOGS="$OUT/logs"
mkdir -p "$LOGS"

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

HOST_PID="" STARTED_MARIADB=0
cleanup() {
  if [[ -n $HOST_PID ]] && kill -0 "$HOST_PID" 2>/dev/null; then kill -TERM "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; fi
  if ((STARTED_MARIADB)); then MYVID_MARIADB_PORT=$MARIA_PORT "$ROOT/scripts/mariadb.sh" stop "$MARIA_DIR" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { log "installing wrk"; apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends wrk >/dev/null; }
log "building (Release)"
dotnet build -c Release "$ROOT/MyVid.Host/MyVid.Host.csproj" -v q -nologo >"$LOGS/build.log" 2>&1 || { tail -20 "$LOGS/build.log"; die "build failed"; }
dotnet build -c Release "$ROOT/bench/MyVid.Bench.Catalog/MyVid.Bench.Catalog.csproj" -v q -nologo >>"$LOGS/build.log" 2>&1 || { tail -20 "$LOGS/build.log"; die "build failed"; }

# prepare PROVIDER: sets DB_ARGS (the host's database switches) and DATA (ids.txt, queries.txt)
prepare() {
  local provider=$1 cs
  DATA="$OUT/$provider$SUFFIX"
  mkdir -p "$DATA"
  if [[ $provider == mariadb ]]; then
    if ! MYVID_MARIADB_PORT=$MARIA_PORT "$ROOT/scripts/mariadb.sh" status "$MARIA_DIR" >/dev/null 2>&1; then STARTED_MARIADB=1; fi
    MYVID_MARIADB_PORT=$MARIA_PORT MYVID_MARIADB_BUFFER_POOL="${BENCH_MARIADB_BUFFER_POOL:-3G}" "$ROOT/scripts/mariadb.sh" start "$MARIA_DIR"
    cs="Server=127.0.0.1;Port=$MARIA_PORT;Database=myvid_bench${SUFFIX/-/_};User=myvid;Password=$(<"$MARIA_DIR/password");"
    DB_ARGS=(--Database:Provider=MariaDb "--Database:ConnectionString=$cs")
  else
    cs="Data Source=$DATA/myvid.db"
    DB_ARGS=(--Database:Provider=Sqlite "--Database:ConnectionString=$cs;Pooling=True")
  fi
  log "$provider: migrating through the host, then seeding $COUNT videos (reused when present)"
  dotnet "$HOST_DLL" migrate --role api "${DB_ARGS[@]}" --Logging:LogLevel:Default=Warning
  dotnet "$SEEDER_DLL" seed --provider "$provider" --connection "$cs" --count "$COUNT" --out "$DATA" --corpus "$CORPUS" | tee "$LOGS/seed-$provider.log"
  if [[ $provider == sqlite && ! -s $DATA/queries-selective.txt ]]; then
    dotnet "$SEEDER_DLL" matches --provider sqlite --connection "$cs;Mode=ReadOnly" --out "$DATA" | tee "$LOGS/matches.log"
  fi
}

# start_host CPUS: the API role in Release, pinned to CPUS when given
start_host() {
  local pin=()
  [[ -n $1 ]] && pin=(taskset -c "$1")
  (cd "$OUT" && exec "${pin[@]}" dotnet "$HOST_DLL" --role api --urls "$BASE" "${DB_ARGS[@]}" \
    --Node:DataFolder="$OUT/node" --RateLimit:Enabled=false --Logging:LogLevel:Default=Warning) >"$LOGS/host.log" 2>&1 &
  HOST_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    curl -fs -o /dev/null "$BASE/healthz" && return 0
    kill -0 "$HOST_PID" 2>/dev/null || { tail -20 "$LOGS/host.log"; die "host exited"; }
    sleep 0.2
  done
  die "host did not answer /healthz within 60 s"
}

stop_host() { kill -TERM "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; HOST_PID=""; }

# load NAME SECONDS CPUS LABEL: runs wrk, prints the table line (LABEL empty = warm-up, not printed)
load() {
  local name=$1 seconds=$2 cpus=$3 label=$4 pin=() threads connections script file logfile line
  [[ -n $cpus ]] && pin=(taskset -c "$cpus")
  if [[ $name == get ]]; then
    script=get.lua file="$DATA/ids.txt" connections=64 threads=$([[ -n $cpus ]] && echo 1 || echo 2)
  elif [[ $name == search ]]; then
    script=search.lua file="$DATA/queries.txt" connections=4 threads=1
  else
    script=search.lua file="$SELECTIVE" connections=4 threads=1
  fi
  logfile="$LOGS/${label:-warmup}-$name.txt"
  "${pin[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$ROOT/bench/wrk/$script" "$BASE" -- "$file" >"$logfile" 2>&1 \
    || { cat "$logfile"; die "wrk failed"; }
  line="$(grep '^RESULT' "$logfile")" || { cat "$logfile"; die "wrk printed no RESULT"; }
  [[ -z $label ]] && return 0
  # shellcheck disable=SC2086
  (eval "${line#RESULT }"
   printf '| %-28s | %-16s | %5s conns | %9s req/s | p50 %7s ms | p95 %7s ms | p99 %7s ms | errors %s, non-2xx %s |\n' \
     "$label" "$name" "$connections" "$rps" "$p50_ms" "$p95_ms" "$p99_ms" "$errors" "$non2xx")
}

run_provider() {
  local provider=$1 mode server_cpus wrk_cpus r
  prepare "$provider"
  for mode in off on; do
    [[ $PIN == both || $PIN == "$mode" ]] || continue
    if [[ $mode == on ]]; then server_cpus=0 wrk_cpus=1; else server_cpus="" wrk_cpus=""; fi
    if [[ $provider == mariadb ]]; then pin_mariadb "${server_cpus:-$ALL_CPUS}"; fi
    start_host "$server_cpus"
    log "$provider, pinning $mode: warm-up (10 s of each load); load average $(cut -d" " -f1-3 /proc/loadavg)"
    load get 10 "$wrk_cpus" ""
    load search 10 "$wrk_cpus" ""
    for ((r = 1; r <= RUNS; r++)); do
      load get "$DURATION" "$wrk_cpus" "$provider pin=$mode run $r"
      load search "$DURATION" "$wrk_cpus" "$provider pin=$mode run $r"
      if [[ -s $SELECTIVE ]]; then load search-selective "$DURATION" "$wrk_cpus" "$provider pin=$mode run $r"; fi
    done
    stop_host
  done
  if [[ $provider == mariadb ]]; then pin_mariadb "$ALL_CPUS"; fi
}

# pin_mariadb CPUS: moves every thread of our mariadbd (and the threads it starts later) to CPUS
ALL_CPUS="0-$(($(nproc) - 1))"
pin_mariadb() {
  local pid
  pid="$(MYVID_MARIADB_PORT=$MARIA_PORT "$ROOT/scripts/mariadb.sh" status "$MARIA_DIR" | sed -n 's/^running: pid \([0-9]*\),.*/\1/p')"
  [[ -n $pid ]] && taskset -a -p -c "$1" "$pid" >/dev/null
}

log "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
SELECTIVE="$OUT/sqlite$SUFFIX/queries-selective.txt"
for provider in sqlite mariadb; do
  [[ $PROVIDER == both || $PROVIDER == "$provider" ]] || continue
  run_provider "$provider"
done
log "done; wrk output in $LOGS"
