#!/usr/bin/env bash
# late-join-ab.sh BEFORE_TREE AFTER_TREE - alternating runs of the late-join chain test (LiveChainTests, four late
# viewers a run) in two built trees (dotnet build MyVid.Tests/MyVid.Media.Tests in each), three rounds; prints each
# late viewer's connected and first-frame times and its PLIs. Needs Chromium (scripts/test.sh installs it). ~3 min.
set -euo pipefail
BEFORE="${1:?before tree}" AFTER="${2:?after tree}"
for round in 1 2 3; do
  for side in before after; do
    dir=$BEFORE; [[ $side == after ]] && dir=$AFTER
    log="${TMPDIR:-/tmp}/late-join-$side-$round.log"
    echo "== $side round $round load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
    (cd "$dir" && timeout 600 dotnet test MyVid.Tests/MyVid.Media.Tests --no-build --filter "FullyQualifiedName~LiveChainTests&Name~late" --logger "console;verbosity=normal" > "$log" 2>&1) || echo "(the test failed: $log)"
    grep -o "late viewer [0-9] join.*first decoded frame [0-9]* ms (its NACKs [0-9]*, PLIs [0-9]*" "$log" | sed -E 's/join -> offer [0-9.]+ ms -> //; s/\(its NACKs [0-9]*, /(/' || true
  done
done
