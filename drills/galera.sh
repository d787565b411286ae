#!/usr/bin/env bash
# galera.sh - failure drill 1 of issue 11: MyVid on a 3-node MariaDB Galera cluster, one node SIGKILLed under load.
#
# Usage: drills/galera.sh [--before 5] [--after 15] [--survivor 8]      (seconds of each phase)
#   1. scripts/galera.sh start in .artifacts/drills/galera (127.0.0.1-3, one port), builds drills/MyVid.Drills
#   2. MyVid (api + endpoint, one process) on 127.0.0.1:$MYVID_DRILL_PORT with a fresh database, migrated
#   3. load for --before seconds: search, GET /API/VIDEO/{ID}, NEWVIDEOUPLOAD + PUTs + PUBLISH, 2 loops each
#   4. SIGKILL of node 1, the node every connection uses (LoadBalance=FailOver); load for --after more
#   5. prints failed/total per operation, when writes succeeded again, acknowledged uploads and publishes
#      missing on any node (checked on each of the three), how node 1 rejoined (IST or SST, from its log)
#   6. nodes 2 and 3 stopped cleanly: node 1 alone serves the load for --survivor seconds; then they rejoin
# The cluster is left running for a rerun (scripts/galera.sh stop .artifacts/drills/galera stops it).
# Ports: MYVID_DRILL_PORT (MyVid, default 35000), MYVID_GALERA_PORT, MYVID_GALERA_REPL_PORT, MYVID_GALERA_SST_PORT
# (see scripts/galera.sh). Loopback only; every phase is bounded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR="$PWD/.artifacts/drills/galera"
PORT="${MYVID_DRILL_PORT:-35000}"

scripts/galera.sh start "$DIR" >/dev/null
eval "$(scripts/galera.sh env "$DIR")"
dotnet build -c Release -v q -nologo drills/MyVid.Drills >/dev/null
dotnet drills/MyVid.Drills/bin/Release/net10.0/MyVid.Drills.dll galera --dir "$DIR" --connection "$MYVID_TEST_GALERA" --port "$PORT" "$@"
