#!/usr/bin/env bash
# media-scale.sh - the media node as a whole process under N load-client viewers of one looping 600 kbps
# VP8 + Opus stream (issue 10). For each N: a fresh node (MyVid.Host --role media with the bench-only
# Media:DirectSessionsForBenchmarks), the load client's publisher, then N viewers (bench/MyVid.LoadClient);
# over the steady window it samples the node's CPU (/proc/<pid>/stat utime+stime), RSS and its loop counters
# (/bench/stats), and prints one Markdown row per N. Loopback only; every loop bounded.
#
# Usage: bench/media-scale.sh [N ...]            (default: 100)
# Env:   RATE=50 (joins/s)  WINDOW=20 (s)  THREADS=2 (load-client viewer threads)  NODE_ARGS="..." (extra node settings)
#        NICE=0 (niceness of node, publisher and viewers; e.g. -10 on a machine shared with builds, needs root)
# State and per-run JSON under bench/out/media/ (gitignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="$PWD/bench/out/media"
mkdir -p "$OUT"
RATE=${RATE:-50}
WINDOW=${WINDOW:-20}
THREADS=${THREADS:-2}
PORT=${PORT:-5311}
UDP=${UDP:-5312}
COUNTS=("${@:-100}")
log() { printf '[media-scale %s] %s\n' "$(date +%T)" "$*" >&2; }

if [[ -z ${NO_BUILD:-} ]]; then
  dotnet build -c Release -v q -nologo MyVid.Host >/dev/null
  dotnet build -c Release -v q -nologo bench/MyVid.LoadClient >/dev/null
fi
HOST_DIR=MyVid.Host/bin/Release/net10.0
NICE=${NICE:-0}
LC="nice -n $NICE dotnet bench/MyVid.LoadClient/bin/Release/net10.0/MyVid.LoadClient.dll"
FEED="$OUT/feed.rtp"
[[ -s $FEED ]] || { log "making the feed (20 s of ffmpeg)"; $LC make-feed --out "$FEED" --seconds 20 --kbps 600 --gop 30 >&2; }

pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT

# utime + stime in USER_HZ (the viewer fields are cumulative: counted after the process ends, 0 if gone)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
stats() { curl -sf "http://127.0.0.1:$PORT/bench/stats"; }

echo "| viewers | egress Mbit/s (viewers rx) | node CPU % of a core | µs CPU / forwarded packet | forwarded/s | loss % | first frame p50 / p95 / max ms | > 1 s | RSS MiB (publisher only → N) | KiB / viewer | load client CPU % | send failures |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for N in "${COUNTS[@]}"; do
  run="$OUT/n$N"; rm -f "$run".*
  ( cd "$HOST_DIR" && exec nice -n "$NICE" ./MyVid.Host --role media --urls "http://127.0.0.1:$PORT" --Media:Port=$UDP \
      --Media:DirectSessionsForBenchmarks=true --Media:MaxViewersPerStream=100000 --Logging:LogLevel:Default=Warning ${NODE_ARGS:-} ) >"$run.node.log" 2>&1 &
  node=$!; pids+=("$node")
  for _ in $(seq 100); do stats >/dev/null 2>&1 && break; sleep 0.1; done
  $LC publish --url "ws://127.0.0.1:$PORT/bench/session" --feed "$FEED" --stream-file "$run.stream" >"$run.publisher.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 100); do [[ -s $run.stream ]] && break; sleep 0.1; done
  [[ -s $run.stream ]] || { log "N=$N: the publisher did not go live"; cat "$run.publisher.log" >&2; stop_all; continue; }
  sleep 1
  rss0=$(rss_kb "$node")
  $LC viewers --url "ws://127.0.0.1:$PORT/bench/session" --stream "$(cat "$run.stream")" --viewers "$N" --rate "$RATE" \
      --seconds "$((WINDOW + 5))" --threads "$THREADS" --ready-file "$run.ready" --json "$run.viewers.json" >"$run.viewers.log" 2>&1 &
  viewers=$!; pids+=("$viewers")
  for _ in $(seq $((N / RATE * 10 + 300))); do [[ -s $run.ready ]] && break; kill -0 "$viewers" 2>/dev/null || break; sleep 0.1; done
  [[ -s $run.ready ]] || { log "N=$N: the viewers never got ready"; cat "$run.viewers.log" >&2; stop_all; continue; }
  t0=$(date +%s.%N); c0=$(cpu_ticks "$node"); l0=$(cpu_ticks "$viewers"); s0=$(stats)
  sleep $((WINDOW - 1))
  t1=$(date +%s.%N); c1=$(cpu_ticks "$node"); l1=$(cpu_ticks "$viewers"); s1=$(stats); rss1=$(rss_kb "$node")
  echo "$s1" > "$run.stats.json"
  wait "$viewers" || true
  python3 - "$N" "$t0" "$t1" "$c0" "$c1" "$l0" "$l1" "$rss0" "$rss1" "$s0" "$s1" "$run.viewers.json" <<'PY'
import json, sys
n, t0, t1, c0, c1, l0, l1, rss0, rss1 = int(sys.argv[1]), *map(float, sys.argv[2:10])
s0, s1, report = json.loads(sys.argv[10]), json.loads(sys.argv[11]), json.load(open(sys.argv[12]))
dt = t1 - t0
cpu = (c1 - c0) / 100  # USER_HZ
fwd = s1["packetsForwarded"] - s0["packetsForwarded"]
print(f"| {n} | {report['windowMbitPerSecond']:.1f} | {100 * cpu / dt:.1f} | {cpu * 1e6 / max(fwd, 1):.2f} | {fwd / dt:,.0f} | "
      f"{report['lossPercent']:.3f} | {report['firstFrameP50Ms']:.0f} / {report['firstFrameP95Ms']:.0f} / {report['firstFrameMaxMs']:.0f} | "
      f"{report['firstFrameOver1s']} | {rss0 / 1024:.0f} → {rss1 / 1024:.0f} | {(rss1 - rss0) / max(n, 1):.0f} | "
      f"{100 * (l1 - l0) / 100 / dt:.1f} | {s1['sendFailures']} |")
PY
  grep -E "^  [0-9]+ x " "$run.viewers.log" >&2 || true
  stop_all
  sleep 1
done
