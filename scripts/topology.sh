#!/usr/bin/env bash
# topology.sh - the design's deployment on one machine: every MyVid process is the same MyVid.Host binary with a
# role, each on a loopback address of its own, behind HAProxy with TLS, on MariaDB, Ceph S3 and coturn.
#
# Usage: topology.sh up|down|status|env DIR
#        topology.sh kill|start DIR NODE      (NODE: api1 api2 endpoint1 endpoint2 media1 media2 haproxy)
#   up      idempotent: starts the real parts (unless given, below), migrates the database, starts every node
#           that is not running, HAProxy, and waits until https://API/ answers and a media node is registered
#           (GET /API/NEWSTREAM/ is 200). After a drill's kill, `up` brings the killed node back.
#   down    SIGTERM to every node (SIGKILL after 20 s), stops HAProxy and the parts `up` started.
#   status  one line per process: name, pid, address, /healthz status.
#   env     MYVID_TOPOLOGY_URL (the api frontend), MYVID_TOPOLOGY_CA (the certificate to trust), the endpoints'
#           public URLs, MYVID_TOPOLOGY_DIR, MYVID_TOPOLOGY_NODES, MYVID_TOPOLOGY_MEDIA_UDP and MYVID_TOPOLOGY_HTTP
#           (name=ADDR:PORT ...). Use: set -a; eval "$(scripts/topology.sh env DIR)"; set +a
#   kill    SIGKILL one node (a crash, for the drills); `start` starts it again alone.
#
# Layout (NET.FIRST = 127.0.0.21 by default; HTTP = 36080, TLS = 36443):
#   NET.21:TLS  HAProxy, api frontend (round robin over api1, api2; health checks)   https://127.0.0.21:36443/
#   NET.22:TLS  HAProxy, endpoint1's public URL      NET.23:TLS  HAProxy, endpoint2's public URL
#   NET.24 api1   NET.25 api2   NET.26 endpoint1   NET.27 endpoint2   (Kestrel, plain HTTP on :HTTP)
#   NET.28 media1 NET.29 media2 (UDP on :UDP for browsers; /healthz on :HTTP), each dialling both endpoints
#   HAProxy stats: http://NET.21:36404/stats
# Logs: DIR/logs/NAME.log; pids: DIR/run/NAME.pid; node data folders: DIR/nodes/NAME.
#
# Environment:
#   MYVID_TOPOLOGY_DB        a MariaDB connection string WITH the database (e.g. Galera: Server=a,b,c;...); default:
#                            scripts/mariadb.sh in DIR/mariadb (MYVID_MARIADB_PORT) and database myvid_topology
#   MYVID_TOPOLOGY_S3_URL, MYVID_TOPOLOGY_S3_ACCESS_KEY, MYVID_TOPOLOGY_S3_SECRET_KEY   default: scripts/ceph.sh in DIR/ceph
#                            (MYVID_CEPH_PORT_OFFSET)
#   MYVID_TOPOLOGY_TURN_URL, MYVID_TOPOLOGY_TURN_SECRET   default: scripts/coturn.sh in DIR/coturn (MYVID_COTURN_PORT)
#   MYVID_TOPOLOGY_BUCKETS   bucket name prefix (default myvid-topology): PREFIX-videos, PREFIX-previews
#   MYVID_TOPOLOGY_MEDIA     media nodes, 1 or 2 (default 2)
#   MYVID_TOPOLOGY_NET, MYVID_TOPOLOGY_FIRST, MYVID_TOPOLOGY_HTTP_PORT, MYVID_TOPOLOGY_TLS_PORT, MYVID_TOPOLOGY_UDP_PORT,
#   MYVID_TOPOLOGY_STATS_PORT   the layout above (defaults 127.0.0, 21, 36080, 36443, 36090, 36404)
#   MYVID_TOPOLOGY_HOST      MyVid.Host.dll to run (default: built once into DIR/bin with dotnet build -c Release)
#   MYVID_TOPOLOGY_ARGS      more --Key=Value settings for every node (e.g. "--RateLimit:PermitsPerSecond=50")
# Heartbeats are short (1 s, stale after 3 s) so failovers show within seconds; rate limits 5/s (burst 10) per
# client address; a client socket must speak within 5 s. See docs/deploy-local.md.
set -euo pipefail

DAEMON=topology
# shellcheck source=lib/daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/daemon.sh"
[[ $# -ge 2 ]] || usage
CMD="$1"
[[ $CMD == up ]] && mkdir -p "$2"
if [[ -d $2 ]]; then DIR="$(cd "$2" && pwd)"; else DIR="$2"; fi
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NET="${MYVID_TOPOLOGY_NET:-127.0.0}"
FIRST="${MYVID_TOPOLOGY_FIRST:-21}"
HTTP="${MYVID_TOPOLOGY_HTTP_PORT:-36080}"
TLSP="${MYVID_TOPOLOGY_TLS_PORT:-36443}"
UDP="${MYVID_TOPOLOGY_UDP_PORT:-36090}"
STATSP="${MYVID_TOPOLOGY_STATS_PORT:-36404}"
MEDIA="${MYVID_TOPOLOGY_MEDIA:-2}"
BUCKETS="${MYVID_TOPOLOGY_BUCKETS:-myvid-topology}"
[[ $MEDIA =~ ^[12]$ ]] || { echo "MYVID_TOPOLOGY_MEDIA must be 1 or 2" >&2; exit 2; }

addr() { echo "$NET.$((FIRST + $1))"; }
PROXY_API="$(addr 0):$TLSP"
PROXY_EP1="$(addr 1):$TLSP"
PROXY_EP2="$(addr 2):$TLSP"
NODES=(api1 api2 endpoint1 endpoint2 media1)
((MEDIA == 2)) && NODES+=(media2)

node_addr() {
  case "$1" in
    api1) addr 3 ;; api2) addr 4 ;; endpoint1) addr 5 ;; endpoint2) addr 6 ;; media1) addr 7 ;; media2) addr 8 ;;
    *) return 1 ;;
  esac
}
node_role() { case "$1" in api*) echo api ;; endpoint*) echo endpoint ;; media*) echo media ;; esac; }

# the pid of node $1 of THIS deployment (not a reused pid, not another deployment's node)
node_pid() { daemon_pid "$DIR/run/$1.pid" "--Node:DataFolder=$DIR/nodes/$1"; }

host_dll() {
  if [[ -n ${MYVID_TOPOLOGY_HOST:-} ]]; then echo "$MYVID_TOPOLOGY_HOST"; return; fi
  if [[ ! -s $DIR/bin/MyVid.Host.dll ]]; then
    log "building MyVid.Host into $DIR/bin"
    dotnet build "$ROOT/MyVid.Host/MyVid.Host.csproj" -c Release -o "$DIR/bin" -v q -nologo >&2
  fi
  echo "$DIR/bin/MyVid.Host.dll"
}

# --- the real parts: given, or started here (and remembered in DIR/started so down stops them) ---
parts() {
  mkdir -p "$DIR"
  : >"$DIR/parts.env.new"
  if [[ -n ${MYVID_TOPOLOGY_DB:-} ]]; then
    echo "DB='$MYVID_TOPOLOGY_DB'" >>"$DIR/parts.env.new"
  else
    "$ROOT/scripts/mariadb.sh" start "$DIR/mariadb" >&2
    grep -qx mariadb "$DIR/started" 2>/dev/null || echo mariadb >>"$DIR/started"
    mariadb --no-defaults -uroot -S "$DIR/mariadb/mariadbd.sock" -e \
      "CREATE DATABASE IF NOT EXISTS myvid_topology CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    local server
    server="$("$ROOT/scripts/mariadb.sh" env "$DIR/mariadb" | sed -e "s/^MYVID_TEST_MARIADB='//" -e "s/'$//")"
    echo "DB='${server}Database=myvid_topology;'" >>"$DIR/parts.env.new"
  fi
  if [[ -n ${MYVID_TOPOLOGY_S3_URL:-} ]]; then
    printf "S3_URL='%s'\nS3_ACCESS='%s'\nS3_SECRET='%s'\n" "$MYVID_TOPOLOGY_S3_URL" "$MYVID_TOPOLOGY_S3_ACCESS_KEY" \
      "$MYVID_TOPOLOGY_S3_SECRET_KEY" >>"$DIR/parts.env.new"
  else
    "$ROOT/scripts/ceph.sh" start "$DIR/ceph" >&2
    grep -qx ceph "$DIR/started" 2>/dev/null || echo ceph >>"$DIR/started"
    "$ROOT/scripts/ceph.sh" env "$DIR/ceph" | sed -e 's/^MYVID_TEST_S3_SERVICE_URL=/S3_URL=/' \
      -e 's/^MYVID_TEST_S3_ACCESS_KEY=/S3_ACCESS=/' -e 's/^MYVID_TEST_S3_SECRET_KEY=/S3_SECRET=/' >>"$DIR/parts.env.new"
  fi
  if [[ -n ${MYVID_TOPOLOGY_TURN_URL:-} ]]; then
    printf "TURN_URL='%s'\nTURN_SECRET='%s'\n" "$MYVID_TOPOLOGY_TURN_URL" "$MYVID_TOPOLOGY_TURN_SECRET" >>"$DIR/parts.env.new"
  else
    "$ROOT/scripts/coturn.sh" start "$DIR/coturn" >&2
    grep -qx coturn "$DIR/started" 2>/dev/null || echo coturn >>"$DIR/started"
    "$ROOT/scripts/coturn.sh" env "$DIR/coturn" | sed -e 's/^MYVID_TEST_TURN_URL=/TURN_URL=/' \
      -e 's/^MYVID_TEST_TURN_SECRET=/TURN_SECRET=/' | grep -v REALM >>"$DIR/parts.env.new"
  fi
  (umask 077; mv "$DIR/parts.env.new" "$DIR/parts.env")
  [[ -s $DIR/cluster-secret ]] || (umask 077; openssl rand -base64 36 | tr -d '\n' >"$DIR/cluster-secret")
}

# Settings every node gets, as environment variables (secrets stay out of `ps`).
node_env() {
  # shellcheck disable=SC1091
  source "$DIR/parts.env"
  export Database__Provider=MariaDb Database__ConnectionString="$DB"
  export ObjectStore__Provider=S3 ObjectStore__S3__ServiceUrl="$S3_URL" ObjectStore__S3__AccessKey="$S3_ACCESS"
  export ObjectStore__S3__SecretKey="$S3_SECRET" ObjectStore__VideosBucket="$BUCKETS-videos"
  export ObjectStore__PreviewsBucket="$BUCKETS-previews"
  export Signalling__ClusterSecret="$(<"$DIR/cluster-secret")"
  export Signalling__Ice__TurnUrls__0="$TURN_URL" Signalling__Ice__TurnSecret="$TURN_SECRET"
  export Signalling__HeartbeatInterval=00:00:01 Signalling__StaleAfter=00:00:03 Signalling__MediaHeartbeatInterval=00:00:01
  export Catalog__LoadDemoCatalog=false DOTNET_gcServer=0 ASPNETCORE_ENVIRONMENT=Production
  # far lower than the defaults (100/s, burst 200) so that a drill's flood reaches them on a small, busy machine
  export RateLimit__PermitsPerSecond=5 RateLimit__Burst=10 Signalling__FirstMessageTimeout=00:00:05
  export Proxy__TrustedAddresses__0="$(addr 0)"
}

start_node() {
  local name="$1" dll="$2" role a pid
  pid="$(node_pid "$name")" && { log "$name already running (pid $pid)"; return; }
  role="$(node_role "$name")"
  a="$(node_addr "$name")" || die "unknown node $name"
  mkdir -p "$DIR/nodes/$name" "$DIR/logs" "$DIR/run"
  local args=(--role "$role" --urls "http://$a:$HTTP" "--Node:DataFolder=$DIR/nodes/$name")
  case "$name" in
    endpoint1) args+=("--Node:PublicBaseUrl=https://$PROXY_EP1/") ;;
    endpoint2) args+=("--Node:PublicBaseUrl=https://$PROXY_EP2/") ;;
    media*) args+=("--Media:BindAddress=$a" "--Media:Port=$UDP" "--Media:Control:NodeName=$name"
      "--Media:Control:Endpoints:0=http://$(node_addr endpoint1):$HTTP/" "--Media:Control:Endpoints:1=http://$(node_addr endpoint2):$HTTP/"
      "--Media:Control:ReconnectDelay=00:00:00.500") ;;
  esac
  # shellcheck disable=SC2206
  args+=(${MYVID_TOPOLOGY_ARGS:-})
  (node_env; cd "$DIR/nodes/$name"
    setsid dotnet "$dll" "${args[@]}" </dev/null >>"$DIR/logs/$name.log" 2>&1 &
    echo $! >"$DIR/run/$name.pid")
  log "$name ($role) started on $a:$HTTP (pid $(<"$DIR/run/$name.pid"))"
}

wait_healthy() { # $1 name, $2 seconds
  local a i
  a="$(node_addr "$1")"
  for ((i = 0; i < $2 * 5; i++)); do
    curl -fsS -o /dev/null --max-time 2 "http://$a:$HTTP/healthz" 2>/dev/null && return 0
    node_pid "$1" >/dev/null || { tail -n 30 "$DIR/logs/$1.log" >&2; die "$1 exited (log: $DIR/logs/$1.log)"; }
    sleep 0.2
  done
  tail -n 30 "$DIR/logs/$1.log" >&2
  die "$1 is not healthy after $2 s (log: $DIR/logs/$1.log)"
}

haproxy_env() {
  export MYVID_HAPROXY_API="$PROXY_API" MYVID_HAPROXY_STATS="$(addr 0):$STATSP" MYVID_HAPROXY_SOURCE="$(addr 0)"
  export MYVID_HAPROXY_API_SERVERS="$(node_addr api1):$HTTP $(node_addr api2):$HTTP"
  export MYVID_HAPROXY_SITES="$PROXY_EP1=$(node_addr endpoint1):$HTTP $PROXY_EP2=$(node_addr endpoint2):$HTTP"
}

cmd_up() {
  command -v haproxy >/dev/null || die "haproxy is not installed (scripts/install-real-parts.sh)"
  local t0=$SECONDS dll n i
  parts
  dll="$(host_dll)"
  [[ -s $dll ]] || die "no MyVid.Host.dll at $dll"
  log "migrating the database"
  (node_env; cd "$DIR" && dotnet "$dll" migrate --Node:DataFolder="$DIR/nodes/migrate" >"$DIR/migrate.log" 2>&1) ||
    { cat "$DIR/migrate.log" >&2; die "migrate failed"; }
  for n in "${NODES[@]}"; do start_node "$n" "$dll"; done
  for n in "${NODES[@]}"; do wait_healthy "$n" 60; done
  (haproxy_env; "$ROOT/scripts/haproxy.sh" start "$DIR/haproxy" >&2)
  for ((i = 0; i < 300; i++)); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$DIR/haproxy/tls/ca.crt" \
      "https://$PROXY_API/API/NEWSTREAM/")" == 200 ]]; then
      log "up in $((SECONDS - t0)) s: https://$PROXY_API/ (CA $DIR/haproxy/tls/ca.crt)"
      return
    fi
    sleep 0.2
  done
  die "no media node registered within 60 s (logs in $DIR/logs)"
}

stop_node() {
  local pid
  pid="$(node_pid "$1")" || return 0
  daemon_stop "$pid" 20 "$1"
}

cmd_down() {
  local n part
  "$ROOT/scripts/haproxy.sh" stop "$DIR/haproxy" 2>&1 | sed 's/^/  /' >&2 || true
  # media first (their streams end cleanly while endpoints still answer), then the others, in parallel
  for n in media1 media2; do stop_node "$n" & done
  wait
  for n in api1 api2 endpoint1 endpoint2; do stop_node "$n" & done
  wait
  log "nodes stopped"
  if [[ -s $DIR/started ]]; then
    while read -r part; do "$ROOT/scripts/$part.sh" stop "$DIR/$part" >&2 || true; done <"$DIR/started"
    rm -f "$DIR/started"
  fi
}

cmd_status() {
  local n pid code down=0
  for n in "${NODES[@]}"; do
    if pid="$(node_pid "$n")"; then
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$(node_addr "$n"):$HTTP/healthz" || true)"
      printf '%-10s pid %-8s %s:%s  /healthz %s\n' "$n" "$pid" "$(node_addr "$n")" "$HTTP" "$code"
    else
      printf '%-10s not running\n' "$n"
      down=1
    fi
  done
  (haproxy_env; "$ROOT/scripts/haproxy.sh" status "$DIR/haproxy") || down=1
  return $down
}

cmd_env() {
  printf "MYVID_TOPOLOGY_DIR='%s'\n" "$DIR"
  printf "MYVID_TOPOLOGY_URL='https://%s/'\n" "$PROXY_API"
  printf "MYVID_TOPOLOGY_CA='%s'\n" "$DIR/haproxy/tls/ca.crt"
  printf "MYVID_TOPOLOGY_ENDPOINTS='https://%s/ https://%s/'\n" "$PROXY_EP1" "$PROXY_EP2"
  printf "MYVID_TOPOLOGY_NODES='%s'\n" "${NODES[*]}"
  printf "MYVID_TOPOLOGY_STATS='http://%s:%s/stats'\n" "$(addr 0)" "$STATSP"
  local n media=""
  for n in "${NODES[@]}"; do [[ $n == media* ]] && media+="$n=$(node_addr "$n"):$UDP "; done
  printf "MYVID_TOPOLOGY_MEDIA_UDP='%s'\n" "${media% }"
  local http=""
  for n in "${NODES[@]}"; do http+="$n=$(node_addr "$n"):$HTTP "; done
  printf "MYVID_TOPOLOGY_HTTP='%s'\n" "${http% }"
}

case "$CMD" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  kill)
    [[ $# -eq 3 ]] || usage
    if [[ $3 == haproxy ]]; then kill -KILL "$(<"$DIR/haproxy/haproxy.pid")"; else
      pid="$(node_pid "$3")" || die "$3 is not running"
      kill -KILL "$pid"
    fi
    log "$3 killed" ;;
  start)
    [[ $# -eq 3 ]] || usage
    if [[ $3 == haproxy ]]; then (haproxy_env; "$ROOT/scripts/haproxy.sh" start "$DIR/haproxy" >&2); else
      start_node "$3" "$(host_dll)"
      wait_healthy "$3" 60
    fi ;;
  *) usage ;;
esac
