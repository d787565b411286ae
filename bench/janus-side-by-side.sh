#!/usr/bin/env bash
# janus-side-by-side.sh - the media node and Janus 1.1.2's streaming plugin forwarding the same looping VP8 + Opus
# feed to N load-client viewers each, at the same time, in a private network namespace (Janus never gathers on
# loopback: it gets a veth address, 10.203.0.1). Prints both servers' CPU per forwarded packet over one window.
# MyVid: MyVid.Host --role media (bench-only direct sessions) fed by the load client's WebRTC publisher.
# Janus: bench/janus/ config (ICE-lite, HTTP API on 127.0.0.1:18088), RTP mountpoint 1 fed by `rtp-feed`.
# Forwarded packets are what each server's viewers received in the window (the same measure for both).
#
# Usage: bench/janus-side-by-side.sh N            (needs root for the namespace; Debian package janus)
# Env:   RATE=20 (joins/s per server)  WINDOW=20 (s)  NICE=0  THREADS=1 (viewer threads per load client)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z ${MYVID_IN_NETNS:-} ]]; then
  exec unshare -n env MYVID_IN_NETNS=1 "$0" "$@"   # the namespace ends with this script
fi
N=${1:-100}
RATE=${RATE:-20}
WINDOW=${WINDOW:-20}
NICE=${NICE:-0}
THREADS=${THREADS:-1}
OUT="$PWD/bench/out/janus"
mkdir -p "$OUT"
run="$OUT/n$N"; rm -rf "$run".* "$OUT/conf"
log() { printf '[side-by-side %s] %s\n' "$(date +%T)" "$*" >&2; }

ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.203.0.1/24 dev v0
ip link set v0 up; ip link set v1 up

if [[ -z ${NO_BUILD:-} ]]; then
  dotnet build -c Release -v q -nologo MyVid.Host >/dev/null
  dotnet build -c Release -v q -nologo bench/MyVid.LoadClient >/dev/null
fi
LC="nice -n $NICE dotnet bench/MyVid.LoadClient/bin/Release/net10.0/MyVid.LoadClient.dll"
FEED="$PWD/bench/out/media/feed.rtp"
mkdir -p "$(dirname "$FEED")"
[[ -s $FEED ]] || { log "making the feed (20 s of ffmpeg)"; $LC make-feed --out "$FEED" --seconds 20 --kbps 600 --gop 30 >&2; }

pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Janus: the recipe's config, gathering on v0 only, ICE-lite like the node, ports for 1,000s of viewers,
# no session timeout (viewers do not poll after the offer), little logging.
cp -r bench/janus "$OUT/conf"
sed -i -e "s|\"/tmp/janus-conf\"|\"$OUT/conf\"|" -e 's|ice_enforce_list = "lo"|ice_enforce_list = "v0"|' \
       -e 's|interface = "127.0.0.1"|interface = "10.203.0.1"|' -e 's|# ice_lite = true.*|ice_lite = true|' \
       -e 's|rtp_port_range = .*|rtp_port_range = "20000-40000"|' -e 's|session_timeout = 60|session_timeout = 0|' \
       -e 's|debug_level = 4|debug_level = 2|' "$OUT/conf/janus.jcfg"
grep -q '^\s*ice_lite = true' "$OUT/conf/janus.jcfg" || sed -i 's|^nat: {|nat: {\n\tice_lite = true|' "$OUT/conf/janus.jcfg"
nice -n "$NICE" janus -F "$OUT/conf" -C "$OUT/conf/janus.jcfg" >"$run.janus.log" 2>&1 &
janus=$!; pids+=("$janus")
for _ in $(seq 100); do curl -sf http://127.0.0.1:18088/janus/info >/dev/null && break; sleep 0.1; done
curl -sf http://127.0.0.1:18088/janus/info >/dev/null || { log "Janus did not start"; tail -20 "$run.janus.log" >&2; exit 1; }
$LC rtp-feed --feed "$FEED" --video 127.0.0.1:18192 --audio 127.0.0.1:18190 >"$run.feed.log" 2>&1 &
pids+=("$!")

HOST_DIR=MyVid.Host/bin/Release/net10.0
( cd "$HOST_DIR" && exec nice -n "$NICE" ./MyVid.Host --role media --urls http://127.0.0.1:5311 --Media:Port=5312 \
    --Media:DirectSessionsForBenchmarks=true --Media:MaxViewersPerStream=100000 --Logging:LogLevel:Default=Warning ) >"$run.node.log" 2>&1 &
node=$!; pids+=("$node")
for _ in $(seq 100); do curl -sf http://127.0.0.1:5311/bench/stats >/dev/null && break; sleep 0.1; done
$LC publish --url ws://127.0.0.1:5311/bench/session --feed "$FEED" --stream-file "$run.stream" >"$run.publisher.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [[ -s $run.stream ]] && break; sleep 0.1; done
[[ -s $run.stream ]] || { log "the publisher did not go live"; cat "$run.publisher.log" >&2; exit 1; }
sleep 1
rss_node0=$(rss_kb "$node"); rss_janus0=$(rss_kb "$janus")

viewers() { # name url local extra...
  local name=$1 url=$2 local=$3; shift 3
  $LC viewers --url "$url" --viewers "$N" --rate "$RATE" --seconds "$((WINDOW + 5))" --threads "$THREADS" --local "$local" \
      --ready-file "$run.$name.ready" --json "$run.$name.json" "$@" >"$run.$name.log" 2>&1 &
}
viewers myvid ws://127.0.0.1:5311/bench/session 127.0.0.1 --stream "$(cat "$run.stream")"; pids+=("$!")
viewers janus http://127.0.0.1:18088/janus 10.203.0.1 --stream 1 --mountpoint 1; pids+=("$!")
for _ in $(seq $((N / RATE * 10 + 400))); do [[ -s $run.myvid.ready && -s $run.janus.ready ]] && break; sleep 0.1; done
[[ -s $run.myvid.ready && -s $run.janus.ready ]] || { log "the viewers never got ready"; tail -5 "$run".*.log >&2; exit 1; }
load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s.%N); n0=$(cpu_ticks "$node"); j0=$(cpu_ticks "$janus")
sleep $((WINDOW - 1))
t1=$(date +%s.%N); n1=$(cpu_ticks "$node"); j1=$(cpu_ticks "$janus"); rss_node1=$(rss_kb "$node"); rss_janus1=$(rss_kb "$janus")
load1=$(cut -d' ' -f1 /proc/loadavg)
wait "${pids[-1]}" "${pids[-2]}" || true
python3 - "$N" "$t0" "$t1" "$n0" "$n1" "$j0" "$j1" "$rss_node0" "$rss_node1" "$rss_janus0" "$rss_janus1" "$run.myvid.json" "$run.janus.json" "$load0" "$load1" <<'PY'
import json, sys
n = int(sys.argv[1]); t0, t1, n0, n1, j0, j1, rn0, rn1, rj0, rj1 = map(float, sys.argv[2:12])
dt = t1 - t0
rows = []
print(f"window {dt:.1f} s, load average {sys.argv[14]} → {sys.argv[15]}")
print("| server | viewers connected / asked | forwarded/s (viewers rx) | CPU % of a core | µs CPU / forwarded packet | loss % | first frame p50 / p95 ms | RSS MiB before → after | KiB / viewer |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name, c0, c1, r0, r1, path in (("MyVid", n0, n1, rn0, rn1, sys.argv[12]), ("Janus 1.1.2", j0, j1, rj0, rj1, sys.argv[13])):
    r = json.load(open(path))
    cpu = (c1 - c0) / 100
    pps = r["windowPacketsPerSecond"]
    us = cpu * 1e6 / max(pps * dt, 1)
    rows.append(us)
    print(f"| {name} | {r['connected']} / {n} | {pps:,.0f} | {100 * cpu / dt:.1f} | {us:.2f} | {r['lossPercent']:.3f} | "
          f"{r['firstFrameP50Ms']:.0f} / {r['firstFrameP95Ms']:.0f} | {r0 / 1024:.0f} → {r1 / 1024:.0f} | {(r1 - r0) / max(r['connected'], 1):.0f} |")
print(f"MyVid / Janus µs per forwarded packet: {rows[0] / max(rows[1], 1e-9):.2f}")
PY
for f in "$run.myvid.log" "$run.janus.log"; do grep -E "^  [0-9]+ x " "$f" >&2 || true; done
