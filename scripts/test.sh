#!/usr/bin/env bash
# test.sh - MyVid's test command: install and start the real parts, run every test project, report.
#
# Usage: scripts/test.sh [--no-install] [--no-real-parts] [dotnet test arguments...]
#   e.g.  scripts/test.sh --filter "FullyQualifiedName~Upload"
#
#   1. scripts/install-real-parts.sh            (skipped with --no-install)
#   2. scripts/mariadb.sh, scripts/ceph.sh and scripts/coturn.sh start under .artifacts/real-parts/, and
#      export MYVID_TEST_MARIADB, MYVID_TEST_S3_SERVICE_URL, MYVID_TEST_S3_ACCESS_KEY, MYVID_TEST_S3_SECRET_KEY,
#      MYVID_TEST_TURN_URL, MYVID_TEST_TURN_SECRET, MYVID_TEST_TURN_REALM
#      (skipped with --no-real-parts: then tests needing them skip, or fail if
#      MYVID_REQUIRE_REAL_PARTS=1; variables already in the environment are left as they are)
#   3. dotnet test MyVid.sln with a trx logger into .artifacts/test-results/ (emptied first)
#   4. stops what step 2 started (also on failure or Ctrl-C); a part that was already running
#      before is left running
#   5. the last line is "N passed, N failed" (", N skipped" when some were skipped), summed over
#      the <Counters> of every .trx; exit code 0 only if nothing failed and dotnet test succeeded.
#
# The parts' data stays in .artifacts/real-parts/ between runs (a restart takes ~2 s instead of ~8 s);
# delete that folder for a fresh start.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$REPO/scripts"
PARTS="$REPO/.artifacts/real-parts"
RESULTS="$REPO/.artifacts/test-results"

install=1 real_parts=1 args=()
for a in "$@"; do
  case "$a" in
    --no-install) install=0 ;;
    --no-real-parts) real_parts=0 ;;
    *) args+=("$a") ;;
  esac
done

log() { printf '[test %s] %s\n' "$(date +%T)" "$*" >&2; }

started=()   # parts this run started, stopped at the end
cleanup() {
  local p
  for p in "${started[@]}"; do
    "$SCRIPTS/$p.sh" stop "$PARTS/$p" || log "could not stop $p"
  done
  started=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# prints the summary line and exits; used for every outcome so that the line is always last
finish() { # finish PASSED FAILED SKIPPED
  cleanup
  local line="$1 passed, $2 failed"
  (($3 > 0)) && line+=", $3 skipped"
  echo "$line"
  (($2 == 0)) || exit 1
  exit 0
}

t0=$SECONDS
if ((install)); then
  "$SCRIPTS/install-real-parts.sh" || { log "installing the real parts failed"; finish 0 1 0; }
fi

start_part() { # start_part mariadb|ceph|coturn
  local p="$1" t=$SECONDS
  if "$SCRIPTS/$p.sh" status "$PARTS/$p" >/dev/null 2>&1; then
    log "$p already runs: using it, leaving it running"
  else
    started+=("$p")
    "$SCRIPTS/$p.sh" start "$PARTS/$p" || { log "$p failed to start (logs in $PARTS/$p)"; finish 0 1 0; }
    log "$p started in $((SECONDS - t)) s"
  fi
  set -a
  eval "$("$SCRIPTS/$p.sh" env "$PARTS/$p")"
  set +a
}

if ((real_parts)); then
  mkdir -p "$PARTS"
  start_part mariadb
  start_part ceph
  start_part coturn
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
log "dotnet test MyVid.sln ${args[*]} (install + start took $((SECONDS - t0)) s)"
t=$SECONDS
rc=0
(cd "$REPO" && dotnet test MyVid.sln --logger "trx;LogFilePrefix=r" --results-directory "$RESULTS" "${args[@]}") 2>&1 |
  tee "$RESULTS/dotnet-test.log" || rc=$?
log "dotnet test finished in $((SECONDS - t)) s with exit code $rc"

# Sum the <Counters> of every trx (one per test project). Failed = failed + error + timeout +
# aborted. Skipped = total - passed - failed: NUnit's [Ignore], Assert.Ignore and
# Assert.Inconclusive results are in "total" but not "executed", and their own counters
# (notExecuted, inconclusive) stay 0 with NUnit3TestAdapter 5.
passed=0 failed=0 skipped=0 files=0
counter() { # counter ELEMENT NAME
  local v
  v="$(grep -o " $2=\"[0-9]*\"" <<<"$1" | head -n1 | tr -dc 0-9)"
  echo "${v:-0}"
}
while IFS= read -r -d '' trx; do
  c="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)" || { log "no <Counters> in $trx"; failed=$((failed + 1)); continue; }
  files=$((files + 1))
  p=$(counter "$c" passed)
  f=$(($(counter "$c" failed) + $(counter "$c" error) + $(counter "$c" timeout) + $(counter "$c" aborted)))
  s=$(($(counter "$c" total) - p - f))
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + (s > 0 ? s : 0)))
done < <(find "$RESULTS" -name '*.trx' -print0)
log "$files result file(s) in $RESULTS"

# trx names carry a timestamp in seconds: two projects that finish in the same second could
# (rarely) pick the same name, and then one project's counts would be lost. Say so if it happens.
dups="$(sed -n 's/^ *Results File: //p' "$RESULTS/dotnet-test.log" | sort | uniq -d)"
if [[ -n $dups ]]; then
  log "a trx file was written twice, its first project's results are lost: $dups"
  failed=$((failed + 1))
fi

# a project that does not build has no trx: count its build errors as one failure
if grep -qE ': error [A-Z]+[0-9]+' "$RESULTS/dotnet-test.log"; then
  log "the build failed (see the 'error' lines above): counted as 1 failure"
  failed=$((failed + 1))
elif ((rc != 0 && failed == 0)); then
  log "dotnet test failed (exit code $rc) without a failed test: a build error or a crashed test host; counted as 1 failure"
  failed=1
fi
finish "$passed" "$failed" "$skipped"
