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

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 2 ]] || usage
CMD="$1"; ARG_DIR="$2"; shift 2
OSDS_ARG=""
while (($#)); do
  case "$1" in
    --osds) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || usage; OSDS_ARG="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ $CMD == start ]] && mkdir -p "$ARG_DIR"
if [[ -d $ARG_DIR ]]; then BASE="$(cd "$ARG_DIR" && pwd)"; else BASE="$ARG_DIR"; fi
CONF="$BASE/ceph.conf"
SETTINGS="$BASE/settings"
TIMEOUT="${MYVID_CEPH_TIMEOUT:-120}"
RGW=client.rgw.a
DATA_POOL=default.rgw.buckets.data
# radosgw fails a RADOS op that cannot finish (too many OSDs down) after this many seconds instead of
# waiting forever (Ceph's default 0), so a browser's PUT to a pre-signed URL gets an error, not a hang.
# Longer than a failover with 2 OSDs down takes (marked down within the heartbeat grace, then peering).
RGW_OP_TIMEOUT=10

log() { printf '[ceph %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

OSDS="" ACCESS_KEY="" SECRET_KEY="" FSID="" PORT_OFFSET=""
if [[ -f $SETTINGS ]]; then
  # shellcheck disable=SC1090
  source "$SETTINGS"
  [[ -z $OSDS_ARG || $OSDS_ARG == "$OSDS" ]] ||
    die "$BASE holds a cluster with $OSDS OSDs; use another DIR (or delete this one) for --osds $OSDS_ARG"
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

daemon_pid() { # prints the pid if daemon $1 (mon.a, mgr.x, osd.N, client.rgw.a) of THIS cluster runs
  local f="$BASE/run/$1.pid" pid
  [[ -s $f ]] || return 1
  pid="$(<"$f")"
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1   # not a reused pid
  echo "$pid"
}
is_running() { daemon_pid "$1" >/dev/null; }

wait_until() { # wait_until DESCRIPTION CMD...
  local what="$1" end=$((SECONDS + TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "timed out after ${TIMEOUT}s waiting for $what (logs: $BASE/log)"
    sleep 0.3
  done
}

stop_daemon() {
  local name="$1" pid i
  pid="$(daemon_pid "$name")" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    [[ -d /proc/$pid ]] || { rm -f "$BASE/run/$name.pid"; return 0; }
    sleep 0.3
  done
  log "$name (pid $pid) ignored SIGTERM for 30 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$BASE/run/$name.pid"
}

osd_ids() { seq 0 $((OSDS - 1)); }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  local size=1 osd_gb=10
  ((OSDS > 1)) && size=2
  ((OSDS >= 6)) && { size=3; osd_gb=5; }
  cat >"$CONF" <<EOF
# generated by scripts/ceph.sh - a single-host test cluster, not for production
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$MON_PORT]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_msgr1 = false
ms_bind_msgr2 = true
ms_bind_port_min = $((17800 + PORT_OFFSET))
ms_bind_port_max = $((17999 + PORT_OFFSET))
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
auth_allow_insecure_global_id_reclaim = false
keyring = $BASE/keyring
run_dir = $BASE/run
admin_socket = $BASE/run/\$name.asok
pid_file = $BASE/run/\$name.pid
log_file = $BASE/log/\$name.log
mon_cluster_log_file = $BASE/log/cluster.log
crash_dir = $BASE/crash
log_max_recent = 500
osd_pool_default_size = $size
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
# all OSDs are on one host: place copies/shards across OSDs, not hosts
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
# the monitor stops below 5 % free disk by default; CI disks can be fuller
mon_data_avail_warn = 2
mon_data_avail_crit = 1
mon_max_pg_per_osd = 500
mgr_initial_modules = iostat
# failure detection (docs/deploy.md): a crashed OSD is reported at once by the peer whose reconnect is refused; a
# hung one (or one on a dead host) after osd_heartbeat_grace (default 20 s) of missed pings, every
# osd_heartbeat_interval (default 6 s). The monitor needs mon_osd_min_down_reporters (2) reporters from
# distinct subtrees of mon_osd_reporter_subtree_level (default host): on one host that can never be met, so a
# hung OSD was never marked down and ops to it waited forever; count OSDs instead.
osd_heartbeat_interval = 1
osd_heartbeat_grace = 5
mon_osd_reporter_subtree_level = osd

[mon]
mon_data = $BASE/mon.\$id
mon_initial_members = a
# commit map changes after 0.1 s instead of batching for 1 s (faster pool creation, OSD up/down)
paxos_propose_interval = 0.1

[mgr]
mgr_data = $BASE/mgr.\$id
mgr_disabled_modules = alerts cephadm dashboard diskprediction_local influx insights k8sevents localpool mirroring nfs osd_perf_query osd_support prometheus restful rook selftest snap_schedule stats telegraf test_orchestrator zabbix

[osd]
osd_data = $BASE/osd.\$id
osd_objectstore = bluestore
# BlueStore on a sparse file: costs only the disk space actually written
bluestore_block_create = true
bluestore_block_size = $((osd_gb * 1024 * 1024 * 1024))
# memory: osd_memory_target cannot go below 896M, so autotuning is off and the cache fixed
osd_memory_target = 939524096
bluestore_cache_autotune = false
bluestore_cache_size = $((64 * 1024 * 1024))
osd_op_num_shards = 2
osd_op_num_threads_per_shard = 1
osd_max_pg_log_entries = 500
osd_min_pg_log_entries = 250
osd_pg_log_trim_min = 100

[$RGW]
rgw_frontends = beast endpoint=127.0.0.1:$S3_PORT
rgw_data = $BASE/rgw.a
rgw_thread_pool_size = 64
rgw_enable_usage_log = false
rados_osd_op_timeout = $RGW_OP_TIMEOUT
# deleted objects' space is reclaimed after ~2 minutes, not 2 hours (tests churn data)
rgw_gc_obj_min_wait = 60
rgw_gc_processor_period = 60
EOF
}

save_settings() {
  cat >"$SETTINGS" <<EOF
OSDS=$OSDS
FSID=$FSID
ACCESS_KEY=$ACCESS_KEY
SECRET_KEY=$SECRET_KEY
PORT_OFFSET=$PORT_OFFSET
EOF
}

bootstrap() {
  log "creating a cluster with $OSDS OSD(s) in $BASE"
  # leftovers of an interrupted first start (settings are written last)
  rm -rf "${BASE:?}"/{mon.a,mgr.x,rgw.a,keyring,monmap,.pools-ok,.user-ok} "$BASE"/osd.* "$BASE"/osd-uuid.*
  mkdir -p "$BASE"/{run,log,crash,mon.a,mgr.x,rgw.a}
  FSID="$(uuidgen)"
  ACCESS_KEY="MYVID$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
  SECRET_KEY="$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
  write_conf
  local kr="$BASE/keyring" id
  ceph-authtool --create-keyring "$kr" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n "$RGW" --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
  for id in $(osd_ids); do
    ceph-authtool "$kr" --gen-key -n "osd.$id" --cap mon 'allow profile osd' --cap mgr 'allow profile osd' \
      --cap osd 'allow *' >/dev/null
  done
  chmod 600 "$kr"
  monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$BASE/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$BASE/monmap" --keyring "$kr" 2>>"$BASE/log/mkfs.log" ||
    die "ceph-mon --mkfs failed, see $BASE/log/mkfs.log"
  # settings last: a DIR with settings holds a monitor store
  save_settings
}

mkfs_osd() { # one per OSD, in the background
  local id="$1" uuid got
  # same uuid for a retried id: 'osd new UUID ID' is idempotent for the same pair
  [[ -s $BASE/osd-uuid.$id ]] || uuidgen >"$BASE/osd-uuid.$id"
  uuid="$(<"$BASE/osd-uuid.$id")"
  rm -rf "$BASE/osd.$id"
  mkdir -p "$BASE/osd.$id"
  got="$(cephc osd new "$uuid" "$id" 2>>"$BASE/log/mkfs.log")" && [[ $got == "$id" ]] || return 1
  ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$uuid" >>"$BASE/log/mkfs.log" 2>&1 || return 1
  touch "$BASE/osd.$id/.mkfs-ok"
}

create_osds() {
  local id pids=() p rc=0
  for id in $(osd_ids); do
    [[ -f $BASE/osd.$id/.mkfs-ok ]] && continue
    mkfs_osd "$id" &
    pids+=($!)
  done
  ((${#pids[@]})) || return 0
  log "creating ${#pids[@]} BlueStore OSD(s)"
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "OSD mkfs failed, see $BASE/log/mkfs.log"
}

create_pools() { # one python-rados session instead of ~20 ceph CLI calls; needs no OSD up
  [[ -f $BASE/.pools-ok ]] && return 0
  local k=0 m=0 kind=replicated
  ((OSDS >= 6)) && { k=4; m=2; kind="data pool erasure coded $k+$m"; }
  log "creating pools ($kind)"
  # Debian's python3-rados belongs to /usr/bin/python3, not to another python3 on PATH
  timeout 120 /usr/bin/python3 - "$CONF" "$k" "$m" "$DATA_POOL" <<'PY' 2>>"$BASE/log/pools.log" ||
import json, sys, rados
conf, k, m, data_pool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = rados.Rados(conffile=conf, name="client.admin")
r.connect(timeout=60)
def cmd(**kw):
    ret, out, err = r.mon_command(json.dumps(kw), b"")
    if ret not in (0, -17):  # -17: exists
        sys.exit(f"{kw}: {ret} {err}")
if k:
    cmd(prefix="osd erasure-code-profile set", name="myvid-ec",
        profile=[f"k={k}", f"m={m}", "crush-failure-domain=osd"], force=True)
    cmd(prefix="osd pool create", pool=data_pool, pg_num=16, pgp_num=16,
        pool_type="erasure", erasure_code_profile="myvid-ec")
    # I/O goes on with m shards missing
    cmd(prefix="osd pool set", pool=data_pool, var="min_size", val=str(k))
else:
    cmd(prefix="osd pool create", pool=data_pool, pg_num=16, pgp_num=16)
cmd(prefix="osd pool application enable", pool=data_pool, app="rgw")
# the pools radosgw would otherwise create one by one at its first start
for p in (".rgw.root", "default.rgw.control", "default.rgw.meta", "default.rgw.log",
          "default.rgw.buckets.index", "default.rgw.buckets.non-ec"):
    cmd(prefix="osd pool create", pool=p, pg_num=8, pgp_num=8)
    cmd(prefix="osd pool application enable", pool=p, app="rgw")
# no PG moves behind the tests' back, no smartctl scraping of file-backed devices
cmd(prefix="config set", who="mgr", name="mgr/balancer/active", value="false", force=True)
cmd(prefix="config set", who="mgr", name="mgr/devicehealth/enable_monitoring", value="false", force=True)
r.shutdown()
PY
    die "pool creation failed, see $BASE/log/pools.log"
  touch "$BASE/.pools-ok"
}

osds_up() {
  local n
  n="$(cephc osd stat -f json 2>/dev/null | sed -n 's/.*"num_up_osds":\([0-9]*\).*/\1/p')"
  [[ -n $n ]] && ((n >= OSDS))
}

start_osds() {
  local id pids=() p rc=0
  for id in $(osd_ids); do
    is_running "osd.$id" && continue
    ceph-osd -c "$CONF" -i "$id" 2>>"$BASE/log/daemon-stderr.log" &   # forks and returns
    pids+=($!)
  done
  ((${#pids[@]})) || return 0
  log "starting ${#pids[@]} OSD(s)"
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "an OSD failed to start, see $BASE/log/osd.*.log"
  wait_until "$OSDS OSD(s) up" osds_up
}

create_user() {
  [[ -f $BASE/.user-ok ]] && return 0
  log "creating the S3 user"
  local ra=(timeout 120 radosgw-admin -c "$CONF" -n client.admin)
  if ! "${ra[@]}" user info --uid=myvid >/dev/null 2>&1; then
    # --max-buckets 0 = no limit (default 1000: a reused local cluster would run out)
    "${ra[@]}" user create --uid=myvid --display-name="myvid tests" --max-buckets=0 \
      --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null 2>>"$BASE/log/radosgw-admin.log" ||
      die "radosgw-admin user create failed, see $BASE/log/radosgw-admin.log"
  fi
  touch "$BASE/.user-ok"
}

s3_answers() { [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$ENDPOINT/")" == 200 ]]; }

cmd_start() {
  local t0=$SECONDS c
  for c in ceph ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool uuidgen curl; do
    command -v "$c" >/dev/null 2>&1 || die "$c is missing: run scripts/install-real-parts.sh"
  done
  if [[ ! -f $SETTINGS ]]; then
    port_busy "$MON_PORT" && die "127.0.0.1:$MON_PORT is taken by another process (another Ceph cluster?)"
    bootstrap
  else
    write_conf   # settings are kept; config changes of this script reach an existing cluster
  fi
  mkdir -p "$BASE"/{run,log,crash}
  if ! is_running mon.a; then
    port_busy "$MON_PORT" && die "127.0.0.1:$MON_PORT is taken by another process (another Ceph cluster?)"
    ceph-mon -c "$CONF" -i a 2>>"$BASE/log/daemon-stderr.log" || die "ceph-mon failed, see $BASE/log/mon.a.log"
  fi
  wait_until "the monitor" cephc mon stat
  create_osds
  create_pools
  start_osds
  if ((MGR)) && ! is_running mgr.x; then
    ceph-mgr -c "$CONF" -i x 2>>"$BASE/log/daemon-stderr.log" || die "ceph-mgr failed, see $BASE/log/mgr.x.log"
  fi
  create_user
  if ! is_running "$RGW"; then
    port_busy "$S3_PORT" && die "127.0.0.1:$S3_PORT is taken by another process"
    radosgw -c "$CONF" -n "$RGW" 2>>"$BASE/log/daemon-stderr.log" || die "radosgw failed, see $BASE/log/$RGW.log"
  fi
  wait_until "S3 at $ENDPOINT" s3_answers
  log "S3 ready at $ENDPOINT in $((SECONDS - t0)) s ($OSDS OSD(s))"
}

cmd_stop() {
  [[ -f $CONF ]] || { log "no cluster in $BASE"; return 0; }
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
  [[ -f $CONF ]] || { echo "no cluster in $BASE"; return 1; }
  local name pid rss total=0 down=0 names=(mon.a)
  ((MGR)) && names+=(mgr.x)
  for id in $(osd_ids); do names+=("osd.$id"); done
  names+=("$RGW")
  for name in "${names[@]}"; do
    if pid="$(daemon_pid "$name")"; then
      rss="$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$pid/status")"
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
  [[ -f $SETTINGS ]] || die "no cluster in $BASE: run start first"
  local t0=$SECONDS
  wait_until "every placement group active+clean" all_clean
  log "all placement groups active+clean after $((SECONDS - t0)) s"
}

cmd_env() {
  [[ -f $SETTINGS ]] || die "no cluster in $BASE: run start first"
  printf 'MYVID_TEST_S3_SERVICE_URL=%s\nMYVID_TEST_S3_ACCESS_KEY=%s\nMYVID_TEST_S3_SECRET_KEY=%s\n' \
    "$ENDPOINT" "$ACCESS_KEY" "$SECRET_KEY"
}

# SigV4 query-string signing (UNSIGNED-PAYLOAD, path-style) as AWSSDK.S3's GetPreSignedURL does it;
# standard-library python3 only (there is no aws cli here).
presign() { # presign SECRET METHOD BUCKET [KEY]
  python3 - "$ENDPOINT" "$ACCESS_KEY" "$@" <<'PY'
import datetime, hashlib, hmac, sys
from urllib.parse import quote, urlsplit
endpoint, ak, sk, method, bucket = sys.argv[1:6]
key = sys.argv[6] if len(sys.argv) > 6 else ""
region, host = "us-east-1", urlsplit(endpoint).netloc
uri = "/" + quote(bucket, safe="") + ("/" + quote(key, safe="/~") if key else "")
now = datetime.datetime.now(datetime.timezone.utc)
amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
scope = f"{day}/{region}/s3/aws4_request"
params = {"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{ak}/{scope}",
          "X-Amz-Date": amz_date, "X-Amz-Expires": "600", "X-Amz-SignedHeaders": "host"}
query = "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in sorted(params.items()))
canonical = "\n".join([method, uri, query, f"host:{host}", "", "host", "UNSIGNED-PAYLOAD"])
to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
k = ("AWS4" + sk).encode()
for part in (day, region, "s3", "aws4_request"):
    k = hmac.new(k, part.encode(), hashlib.sha256).digest()
print(f"{endpoint}{uri}?{query}&X-Amz-Signature={hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()}")
PY
}

cmd_selftest() {
  [[ -f $SETTINGS ]] || die "no cluster in $BASE: run start first"
  local bucket="selftest-$$-$RANDOM" key="videos/a b/clip.mp4" code tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  head -c 3000000 /dev/urandom >"$tmp/in"
  http() { curl -s -m 60 -o "$tmp/body" -w '%{http_code}' "$@"; }
  code="$(http -X PUT "$(presign "$SECRET_KEY" PUT "$bucket")")"
  [[ $code == 200 ]] || die "create bucket: HTTP $code $(cat "$tmp/body")"
  code="$(http -X PUT --upload-file "$tmp/in" -H 'Content-Type: video/mp4' "$(presign "$SECRET_KEY" PUT "$bucket" "$key")")"
  [[ $code == 200 ]] || die "PUT: HTTP $code $(cat "$tmp/body")"
  code="$(http "$(presign "$SECRET_KEY" GET "$bucket" "$key")")"
  [[ $code == 200 ]] || die "GET: HTTP $code"
  cmp -s "$tmp/in" "$tmp/body" || die "GET returned different bytes"
  code="$(http -H 'Range: bytes=1000-1999' "$(presign "$SECRET_KEY" GET "$bucket" "$key")")"
  [[ $code == 206 && $(stat -c %s "$tmp/body") == 1000 ]] || die "Range GET: HTTP $code"
  code="$(http "$(presign wrong-secret GET "$bucket" "$key")")"
  [[ $code == 403 ]] || die "GET signed with a wrong secret: HTTP $code, expected 403"
  code="$(http -X DELETE "$(presign "$SECRET_KEY" DELETE "$bucket" "$key")")"
  [[ $code == 204 ]] || die "DELETE object: HTTP $code"
  code="$(http -X DELETE "$(presign "$SECRET_KEY" DELETE "$bucket")")"
  [[ $code == 204 ]] || die "DELETE bucket: HTTP $code"
  echo "selftest ok: pre-signed create bucket, PUT 3 MB, GET (same bytes), Range GET 206, wrong secret 403, DELETE object and bucket"
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
