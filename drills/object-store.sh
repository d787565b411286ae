#!/usr/bin/env bash
# object-store.sh - failure drill 2 of issue 11: MyVid on Ceph RGW with 6 OSDs (EC 4+2), OSDs SIGKILLed under load.
#
# Usage: drills/object-store.sh [--s3-timeout 5]      (MyVid's ObjectStore:S3:Timeout in seconds)
#   1. scripts/ceph.sh start .artifacts/drills/ceph --osds 6 (data pool erasure coded 4+2), builds drills/MyVid.Drills
#   2. a loopback server standing in for media.ccc.de, one CCC entry imported that points to it
#   3. MyVid (api + endpoint) on 127.0.0.1:$MYVID_DRILL_PORT on SQLite and this S3, 4 videos uploaded
#   4. waits until every placement group is active+clean (scripts/ceph.sh wait-clean), then
#      load: search, GET /API/VIDEO/{ID}, uploads (NEWVIDEOUPLOAD, PUTs to the store, PUBLISH), playback of stored
#      videos (byte-compared) and of the CCC one; 4 s healthy, SIGKILL osd.0 and osd.1 (12 s), then osd.2 (16 s);
#      a request counts in the phase it ended in; prints when Ceph marked each killed OSD down (DIR/log/cluster.log)
#   5. prints failed/total per operation and phase, catalogue entries visible without their objects, then
#      restarts the OSDs (scripts/ceph.sh start) and reads every acknowledged publish back through the API
# The cluster is left running (scripts/ceph.sh stop .artifacts/drills/ceph stops it).
# Ports: MYVID_DRILL_PORT (MyVid, default 35100; the CCC stand-in on the next one), MYVID_CEPH_PORT_OFFSET
# (default 40000: S3 on 57480), read at the cluster's first start. Loopback only; every phase is bounded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR="$PWD/.artifacts/drills/ceph"
PORT="${MYVID_DRILL_PORT:-35100}"
export MYVID_CEPH_PORT_OFFSET="${MYVID_CEPH_PORT_OFFSET:-40000}"

scripts/ceph.sh start "$DIR" --osds 6 >/dev/null
eval "$(scripts/ceph.sh env "$DIR")"
dotnet build -c Release -v q -nologo drills/MyVid.Drills >/dev/null
dotnet drills/MyVid.Drills/bin/Release/net10.0/MyVid.Drills.dll object-store --dir "$DIR" --s3-url "$MYVID_TEST_S3_SERVICE_URL" \
  --access-key "$MYVID_TEST_S3_ACCESS_KEY" --secret-key "$MYVID_TEST_S3_SECRET_KEY" --port "$PORT" "$@"
