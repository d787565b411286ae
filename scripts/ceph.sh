#!/usr/bin/env bash
# ceph.sh - a throw-away Ceph cluster with RADOS Gateway (S3) on loopback for MyVid's tests.
#
# Usage: ceph.sh start|stop|status|env|selftest|wait-clean DIR [--osds N]
#   start     idempotent: creates the cluster in DIR on first use, starts whatever is not running,
#             waits until S3 answers on http://127.0.0.1:17480. A second start while it runs is a no-op.
#   stop      SIGTERM radosgw, mgr, OSDs, monitor (by pid file; SIGKILL after 30 s).
#   status    daemons with pid and RSS, total RSS, whether S3 answers (exit 0 only if all run and it does).
#   env       prints MYVID_TEST_S3_SERVICE_URL=..., MYVID_TEST_S3_ACCESS_KEY=..., MYVID_TEST_S3_SECRET_KEY=...
#             Use:  set -a; eval "$(scripts/ceph.sh env DIR)"; set +a
#   wait-clean  waits (MYVID_CEPH_TIMEOUT) until every placement group is active+clean: after OSDs were down,
#             until the writes they missed are recovered (a drill's next fault is only fair then).
#   selftest  with SigV4 pre-signed URLs and curl: create a bucket, PUT 3 MB, GET (bytes equal),
#             Range GET, DELETE; a URL signed with a wrong secret must get 403.
#
# Layouts (--osds is read at the first start and remembered in DIR/settings):
#   --osds 1 (default, for tests): 1 monitor, 1 BlueStore OSD, radosgw; every pool 1 copy. The
#             lightest cluster: no redundancy, which tests of the S3 API do not need. No ceph-mgr
#             (radosgw does not need it; saves ~150 MB).
#   --osds 6  (failure drills): also ceph-mgr; the data pool default.rgw.buckets.data is erasure
#             coded k=4 m=2 with failure domain OSD and min_size 4, so GET/PUT survive any 2 OSDs
#             down; the RGW metadata pools keep 3 copies with min_size 1.
#   other N   N >= 6: EC 4+2 as above; 2..5: replicated, 2 copies, min_size 1.
#
# Ports, all on 127.0.0.1: S3 17480, monitor 17789 (msgr2), daemons 17800-17999.
# Environment: MYVID_CEPH_TIMEOUT (seconds per readiness step, default 120);
#   MYVID_CEPH_PORT_OFFSET (default 0) is added to every port above, for a second cluster on the
#   same machine (e.g. 10000: S3 on 27480); read at the first start and remembered in DIR/settings.
# Needs: ceph-mon ceph-osd ceph-mgr radosgw ceph-common uuid-runtime curl python3
#        (scripts/install-real-parts.sh).
set -euo pipefail

DAEMON=ceph
LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
# shellcheck source=lib/daemon.sh
source "$LIB/daemon.sh"
daemon_args "${@:1:2}"
shift 2
OSDS_ARG=""
while (($#)); do
  case "$1" in
    --osds) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || usage; OSDS_ARG="$2"; shift 2 ;;
    *) usage ;;
  esac
done
CONF="$DIR/ceph.conf"
SETTINGS="$DIR/settings"
TIMEOUT="${MYVID_CEPH_TIMEOUT:-120}"
RGW=client.rgw.a
DATA_POOL=default.rgw.buckets.data
# radosgw fails a RADOS op that cannot finish (too many OSDs down) after this many seconds instead of
# waiting forever (Ceph's default 0), so a browser's PUT to a pre-signed URL gets an error, not a hang.
# Longer than a failover with 2 OSDs down takes (marked down within the heartbeat grace, then peering).
RGW_OP_TIMEOUT=10

OSDS="" ACCESS_KEY="" SECRET_KEY="" FSID="" PORT_OFFSET=""
if [[ -f $SETTINGS ]]; then
  # shellcheck disable=SC1090
  source "$SETTINGS"
  [[ -z $OSDS_ARG || $OSDS_ARG == "$OSDS" ]] ||
    die "$DIR holds a cluster with $OSDS OSDs; use another DIR (or delete this one) for --osds $OSDS_ARG"
fi
OSDS="${OSDS:-${OSDS_ARG:-1}}"
# a cluster keeps the ports of its first start (settings written before the variable existed mean 0)
if [[ -f $SETTINGS ]]; then PORT_OFFSET="${PORT_OFFSET:-0}"; else PORT_OFFSET="${MYVID_CEPH_PORT_OFFSET:-0}"; fi
[[ $PORT_OFFSET =~ ^[0-9]+$ ]] && ((PORT_OFFSET <= 47000)) || die "MYVID_CEPH_PORT_OFFSET must be a number from 0 to 47000"
S3_PORT=$((17480 + PORT_OFFSET))
MON_PORT=$((17789 + PORT_OFFSET))
ENDPOINT="http://127.0.0.1:$S3_PORT"
if ((OSDS >= 6)); then MGR=1; else MGR=0; fi

cephc() { timeout 60 ceph -c "$CONF" --connect-timeout 15 "$@"; }

# shellcheck source=lib/ceph-conf.sh
source "$LIB/ceph-conf.sh"
# shellcheck source=lib/ceph-create.sh
source "$LIB/ceph-create.sh"
# shellcheck source=lib/ceph-selftest.sh
source "$LIB/ceph-selftest.sh"

# prints the pid if daemon $1 (mon.a, mgr.x, osd.N, client.rgw.a) of THIS cluster runs (not a reused pid)
ceph_daemon_pid() { daemon_pid "$DIR/run/$1.pid" "$CONF"; }
is_running() { ceph_daemon_pid "$1" >/dev/null; }

wait_until() { # wait_until DESCRIPTION CMD...
  local what="$1" end=$((SECONDS + TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "timed out after ${TIMEOUT}s waiting for $what (logs: $DIR/log)"
    sleep 0.3
  done
}

stop_daemon() {
  local pid
  pid="$(ceph_daemon_pid "$1")" || return 0
  daemon_stop "$pid" 30 "$1"
  rm -f "$DIR/run/$1.pid"
}

osd_ids() { seq 0 $((OSDS - 1)); }

osds_up() {
  local n
  n="$(cephc osd stat -f json 2>/dev/null | sed -n 's/.*"num_up_osds":\([0-9]*\).*/\1/p')"
  [[ -n $n ]] && ((n >= OSDS))
}

start_osds() {
  local id pids=() p rc=0
  for id in $(osd_ids); do
    is_running "osd.$id" && continue
    ceph-osd -c "$CONF" -i "$id" 2>>"$DIR/log/daemon-stderr.log" &   # forks and returns
    pids+=($!)
  done
  ((${#pids[@]})) || return 0
  log "starting ${#pids[@]} OSD(s)"
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "an OSD failed to start, see $DIR/log/osd.*.log"
  wait_until "$OSDS OSD(s) up" osds_up
}

s3_answers() { [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$ENDPOINT/")" == 200 ]]; }

cmd_start() {
  local t0=$SECONDS c
  for c in ceph ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool uuidgen curl; do
    command -v "$c" >/dev/null 2>&1 || die "$c is missing: run scripts/install-real-parts.sh"
  done
  if [[ ! -f $SETTINGS ]]; then
    port_open "127.0.0.1:$MON_PORT" && die "127.0.0.1:$MON_PORT is taken by another process (another Ceph cluster?)"
    bootstrap
  else
    write_conf   # settings are kept; config changes of this script reach an existing cluster
  fi
  mkdir -p "$DIR"/{run,log,crash}
  if ! is_running mon.a; then
    port_open "127.0.0.1:$MON_PORT" && die "127.0.0.1:$MON_PORT is taken by another process (another Ceph cluster?)"
    ceph-mon -c "$CONF" -i a 2>>"$DIR/log/daemon-stderr.log" || die "ceph-mon failed, see $DIR/log/mon.a.log"
  fi
  wait_until "the monitor" cephc mon stat
  create_osds
  create_pools
  start_osds
  if ((MGR)) && ! is_running mgr.x; then
    ceph-mgr -c "$CONF" -i x 2>>"$DIR/log/daemon-stderr.log" || die "ceph-mgr failed, see $DIR/log/mgr.x.log"
  fi
  create_user
  if ! is_running "$RGW"; then
    port_open "127.0.0.1:$S3_PORT" && die "127.0.0.1:$S3_PORT is taken by another process"
    radosgw -c "$CONF" -n "$RGW" 2>>"$DIR/log/daemon-stderr.log" || die "radosgw failed, see $DIR/log/$RGW.log"
  fi
  wait_until "S3 at $ENDPOINT" s3_answers
  log "S3 ready at $ENDPOINT in $((SECONDS - t0)) s ($OSDS OSD(s))"
}

cmd_stop() {
  [[ -f $CONF ]] || { log "no cluster in $DIR"; return 0; }
  local id pids=() p
  stop_daemon "$RGW"
  stop_daemon mgr.x
  for id in $(osd_ids); do
    stop_daemon "osd.$id" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  stop_daemon mon.a
  log "stopped"
}

cmd_status() {
  [[ -f $CONF ]] || { echo "no cluster in $DIR"; return 1; }
  local name pid rss total=0 down=0 names=(mon.a)
  ((MGR)) && names+=(mgr.x)
  for id in $(osd_ids); do names+=("osd.$id"); done
  names+=("$RGW")
  for name in "${names[@]}"; do
    if pid="$(ceph_daemon_pid "$name")"; then
      rss="$(rss_mib "$pid")"
      total=$((total + rss))
      printf '%-14s pid %-8s RSS %5s MiB\n' "$name" "$pid" "$rss"
    else
      printf '%-14s down\n' "$name"
      down=1
    fi
  done
  echo "total RSS: $total MiB"
  if s3_answers; then echo "S3: $ENDPOINT answers"; else echo "S3: $ENDPOINT does not answer"; return 1; fi
  ((down == 0))   # exit 0 only if every daemon of THIS cluster runs (the port may be another's)
}

all_clean() {
  local stat
  stat="$(cephc pg stat 2>/dev/null)" || return 1
  [[ $stat =~ ^([0-9]+)\ pgs:\ ([0-9]+)\ active\+clean\; ]] && [[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]]
}

cmd_wait_clean() {
  [[ -f $SETTINGS ]] || die "no cluster in $DIR: run start first"
  local t0=$SECONDS
  wait_until "every placement group active+clean" all_clean
  log "all placement groups active+clean after $((SECONDS - t0)) s"
}

cmd_env() {
  [[ -f $SETTINGS ]] || die "no cluster in $DIR: run start first"
  printf 'MYVID_TEST_S3_SERVICE_URL=%s\nMYVID_TEST_S3_ACCESS_KEY=%s\nMYVID_TEST_S3_SECRET_KEY=%s\n' \
    "$ENDPOINT" "$ACCESS_KEY" "$SECRET_KEY"
}

case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  selftest) cmd_selftest ;;
  wait-clean) cmd_wait_clean ;;
  *) usage ;;
esac
