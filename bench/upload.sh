#!/usr/bin/env bash
# upload.sh - upload throughput through pre-signed URLs and NEWVIDEOUPLOAD+PUBLISH round trips (issue 4),
# against the local store and against Ceph RGW, side by side in one run. Loopback only; every loop bounded.
#
# Usage: bench/upload.sh [--size-mb 200] [--roundtrips 200] [--concurrency 8]
# Prints a Markdown table for bench/RESULTS.md. State under bench/out/upload/ (gitignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="$PWD/bench/out/upload"
mkdir -p "$OUT"
PORT=5301
BENCH_ARGS=("$@")
CEPH_OFFSET=40000   # S3 on 57480: clear of the test suite's cluster

log() { printf '[upload-bench %s] %s\n' "$(date +%T)" "$*" >&2; }

dotnet build -c Release -v q -nologo MyVid.Host >/dev/null
dotnet build -c Release -v q -nologo bench/MyVid.Bench.Upload >/dev/null
HOST=MyVid.Host/bin/Release/net10.0/MyVid.Host.dll
BENCH=bench/MyVid.Bench.Upload/bin/Release/net10.0/MyVid.Bench.Upload.dll

host_pid=""
stop_host() { [[ -n $host_pid ]] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null; host_pid=""; }
cleanup() { stop_host; MYVID_CEPH_PORT_OFFSET=$CEPH_OFFSET scripts/ceph.sh stop "$OUT/ceph" >/dev/null 2>&1 || true; }
trap cleanup EXIT

run() { # run LABEL DATA_FOLDER [extra host settings...]
  local label=$1 data=$2; shift 2
  rm -rf "$data"; mkdir -p "$data"
  dotnet "$HOST" --role all --urls "http://127.0.0.1:$PORT" "--Node:DataFolder=$data" --Catalog:LoadDemoCatalog=false \
    --Upload:Probe:Enabled=false --RateLimit:Enabled=false --Logging:LogLevel:Default=Warning "$@" >"$OUT/host-$label.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  sleep 6   # the endpoint's first heartbeat
  log "$label: uploading"
  dotnet "$BENCH" "http://127.0.0.1:$PORT/" --label "$label" "${BENCH_ARGS[@]}" 2>&1
  stop_host
}

echo "| store | operation | result |"
echo "|---|---|---|"
run local "$OUT/local"

MYVID_CEPH_PORT_OFFSET=$CEPH_OFFSET scripts/ceph.sh start "$OUT/ceph" >/dev/null
eval "$(MYVID_CEPH_PORT_OFFSET=$CEPH_OFFSET scripts/ceph.sh env "$OUT/ceph")"
run ceph "$OUT/s3-node" --ObjectStore:Provider=S3 "--ObjectStore:S3:ServiceUrl=$MYVID_TEST_S3_SERVICE_URL" \
  "--ObjectStore:S3:AccessKey=$MYVID_TEST_S3_ACCESS_KEY" "--ObjectStore:S3:SecretKey=$MYVID_TEST_S3_SECRET_KEY" \
  --ObjectStore:PreviewsBucket=bench-previews --ObjectStore:VideosBucket=bench-videos
