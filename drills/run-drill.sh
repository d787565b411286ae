#!/usr/bin/env bash
# run-drill.sh - runs one drill of drills/MyVid.Drills against scripts/topology.sh's deployment in DIR.
#
# Usage: drills/run-drill.sh frontend|nodes|hostile [DIR] [drill options...]
#   DIR defaults to .artifacts/drills. Brings the topology up first when it is not running (real parts as
#   topology.sh starts them, or those named by MYVID_TOPOLOGY_*) and takes it down afterwards if it did; builds
#   the drills in Release. Loopback only; every drill is bounded (10 min at most) and restores what it killed.
#   Prints the drill's figures; exit 0 when the drill's goal held.
# Environment: everything scripts/topology.sh reads.
set -euo pipefail
[[ $# -ge 1 && $1 =~ ^(frontend|nodes|hostile)$ ]] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DRILL="$1"
DIR="${2:-$ROOT/.artifacts/drills}"
shift $(($# >= 2 ? 2 : 1))
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
dotnet build "$ROOT/drills/MyVid.Drills/MyVid.Drills.csproj" -c Release -v q -nologo >/dev/null
started=0
if ! "$ROOT/scripts/topology.sh" status "$DIR" >/dev/null 2>&1; then
  "$ROOT/scripts/topology.sh" up "$DIR"
  started=1
fi
rc=0
dotnet "$ROOT/drills/MyVid.Drills/bin/Release/net10.0/MyVid.Drills.dll" "$DRILL" --dir "$DIR" --script "$ROOT/scripts/topology.sh" "$@" || rc=$?
((started)) && "$ROOT/scripts/topology.sh" down "$DIR"
exit $rc
