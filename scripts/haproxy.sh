#!/usr/bin/env bash
# haproxy.sh - HAProxy (Debian's 2.6) in front of MyVid nodes on one machine: TLS terminated here with a
# self-signed certificate this script makes, WebSocket upgrades passed through, health checks on the nodes.
#
# Usage: haproxy.sh start|stop|status|env DIR
#   start   idempotent: makes DIR/tls/ (a CA and a server certificate signed by it, once), writes
#           DIR/haproxy.cfg from the environment below, starts haproxy in the background if it is not
#           running (a changed configuration is reloaded), waits until every frontend listens.
#   stop    SIGTERM (HAProxy's hard stop: open connections are cut), SIGKILL after 10 s.
#   status  pid, then one line per backend server: name, state (UP/DOWN), last check (exit 1 when not running).
#   env     prints  MYVID_HAPROXY_URL='https://ADDR:PORT/'  MYVID_HAPROXY_CA='DIR/tls/ca.crt'
#           MYVID_HAPROXY_STATS='http://ADDR:PORT/stats'
#
# Environment (read by start; env needs the same):
#   MYVID_HAPROXY_API          the load-balanced frontend, ADDR:PORT (default 127.0.0.1:36443)
#   MYVID_HAPROXY_API_SERVERS  its servers, "ADDR:PORT ADDR:PORT ..." (required), round robin
#   MYVID_HAPROXY_SITES        more TLS frontends with one server each: "ADDR:PORT=ADDR:PORT ..." (endpoints, which
#                              browsers reach by name: each has its own public URL)
#   MYVID_HAPROXY_HEALTH       the check request path (default /healthz/ready; 200 = up)
#   MYVID_HAPROXY_CHECK_MS     check interval (default 500); down after 2 failed checks, up after 2 good ones
#   MYVID_HAPROXY_STATS        the stats page, ADDR:PORT (default 127.0.0.1:36404), plain HTTP, loopback
#   MYVID_HAPROXY_SOURCE       the address HAProxy connects to the nodes from (default: the kernel's choice, 127.0.0.1
#                              on loopback): the nodes' Proxy:TrustedAddresses
#   MYVID_HAPROXY_TLS_NAMES    extra subjectAltNames for the certificate, e.g. "DNS:myvid.test,IP:10.0.0.1"
#                              (the frontends' addresses, 127.0.0.1 and localhost are always in)
#
# Requests that found a dead server (connection refused, or closed without an answer) are retried on another
# one (retries 2, option redispatch, retry-on conn-failure empty-response), so killing a node costs at most the
# requests whose answers it was sending. X-Forwarded-For and
# X-Forwarded-Proto go to the nodes (set Proxy:TrustedAddresses on them to this proxy's address).
# Logs in DIR/haproxy.log. Needs: haproxy openssl curl (scripts/install-real-parts.sh).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -eq 2 ]] || usage
CMD="$1"
[[ $CMD == start ]] && mkdir -p "$2"
if [[ -d $2 ]]; then DIR="$(cd "$2" && pwd)"; else DIR="$2"; fi
API="${MYVID_HAPROXY_API:-127.0.0.1:36443}"
API_SERVERS="${MYVID_HAPROXY_API_SERVERS:-}"
SITES="${MYVID_HAPROXY_SITES:-}"
HEALTH="${MYVID_HAPROXY_HEALTH:-/healthz/ready}"
CHECK_MS="${MYVID_HAPROXY_CHECK_MS:-500}"
STATS="${MYVID_HAPROXY_STATS:-127.0.0.1:36404}"
SOURCE="${MYVID_HAPROXY_SOURCE:-}"
CONF="$DIR/haproxy.cfg"
PIDFILE="$DIR/haproxy.pid"
LOG="$DIR/haproxy.log"
TLS="$DIR/tls"

log() { printf '[haproxy %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

server_pid() { # prints the pid of OUR haproxy if it runs
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid="$(<"$PIDFILE")"
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
  echo "$pid"
}

listening() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }

frontends() { # every ADDR:PORT this proxy listens on
  echo "$API"
  local site
  for site in $SITES; do echo "${site%%=*}"; done
  echo "$STATS"
}

make_certificate() {
  [[ -s $TLS/server.pem ]] && return
  mkdir -p "$TLS"
  local names="IP:127.0.0.1,DNS:localhost" a
  for a in $(frontends); do names+=",IP:${a%:*}"; done
  [[ -n ${MYVID_HAPROXY_TLS_NAMES:-} ]] && names+=",$MYVID_HAPROXY_TLS_NAMES"
  (
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=MyVid test CA" \
      -keyout "$TLS/ca.key" -out "$TLS/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=myvid.test" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
    printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$names" >"$TLS/server.ext"
    openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial -days 3650 \
      -extfile "$TLS/server.ext" -out "$TLS/server.crt" 2>/dev/null
    cat "$TLS/server.crt" "$TLS/server.key" >"$TLS/server.pem"
  )
  chmod 644 "$TLS/ca.crt"
  log "made a CA and a server certificate for $names in $TLS"
}

backend_servers() { # $1 = backend name prefix, rest = ADDR:PORT...
  local prefix="$1" i=0 s
  shift
  for s in "$@"; do
    i=$((i + 1))
    printf '    server %s%d %s check\n' "$prefix" "$i" "$s"
  done
}

write_conf() {
  local tmp="$CONF.new" site n=0
  cat >"$tmp" <<CONF
# generated by scripts/haproxy.sh - a loopback test proxy
global
    log stdout format raw local0 info
    maxconn 4096
    ssl-default-bind-options ssl-min-ver TLSv1.2

defaults
    mode http
    log global
    option httplog
    option forwardfor
    option redispatch
    retries 2
    # a request whose server died before answering is sent to another one: MyVid's requests are idempotent
    # (ids made before the write, PUBLISH twice is the same success) or harmless (a second unpublished upload)
    retry-on conn-failure empty-response
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout http-keep-alive 10s
    # a WebSocket (signalling, live for hours) after its upgrade
    timeout tunnel 1h
    timeout client-fin 5s
    default-server inter ${CHECK_MS}ms fall 2 rise 2
${SOURCE:+    source $SOURCE}
    # a refused connection fails a check at once; a slow answer (a busy node) gets time
    timeout check 3s

frontend stats
    bind $STATS
    stats enable
    stats uri /stats
    stats refresh 5s

frontend api
    bind $API ssl crt $TLS/server.pem alpn http/1.1
    http-request set-header X-Forwarded-Proto https
    default_backend api

backend api
    balance roundrobin
    option httpchk GET $HEALTH
    http-check expect status 200
$(backend_servers api $API_SERVERS)
CONF
  for site in $SITES; do
    n=$((n + 1))
    cat >>"$tmp" <<CONF

frontend site$n
    bind ${site%%=*} ssl crt $TLS/server.pem alpn http/1.1
    http-request set-header X-Forwarded-Proto https
    default_backend site$n

backend site$n
    option httpchk GET $HEALTH
    http-check expect status 200
    server site$n ${site#*=} check
CONF
  done
  haproxy -c -q -f "$tmp" || die "haproxy rejected the generated configuration $tmp"
  if [[ -f $CONF ]] && cmp -s "$tmp" "$CONF"; then rm -f "$tmp"; return 1; fi
  mv "$tmp" "$CONF"
}

cmd_start() {
  command -v haproxy >/dev/null || die "haproxy is not installed (scripts/install-real-parts.sh)"
  [[ -n $API_SERVERS ]] || die "MYVID_HAPROXY_API_SERVERS is empty: name the api nodes (ADDR:PORT ...)"
  make_certificate
  local changed=0 pid a i
  write_conf && changed=1
  if pid="$(server_pid)"; then
    if ((changed)); then
      # -sf: the new process takes the sockets over, the old one finishes its connections
      setsid haproxy -f "$CONF" -sf "$pid" >>"$LOG" 2>&1 </dev/null &
      echo $! >"$PIDFILE"
      log "configuration changed: reloaded"
    else
      log "already running (pid $pid)"
      return
    fi
  else
    for a in $(frontends); do listening "$a" && die "$a is taken by another process"; done
    setsid haproxy -f "$CONF" >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
  fi
  for ((i = 0; i < 100; i++)); do
    local all=1
    for a in $(frontends); do listening "$a" || all=0; done
    if ((all)) && server_pid >/dev/null; then
      log "ready: https://$API/ (pid $(server_pid))"
      return
    fi
    sleep 0.1
  done
  tail -n 20 "$LOG" >&2
  die "haproxy did not listen on $(frontends | tr '\n' ' ')within 10 s"
}

cmd_stop() {
  local pid i
  pid="$(server_pid)" || { log "not running"; return; }
  kill -TERM "$pid"
  for ((i = 0; i < 100; i++)); do
    [[ -d /proc/$pid ]] || { log "stopped"; rm -f "$PIDFILE"; return; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  log "killed after 10 s"
}

cmd_status() {
  local pid
  pid="$(server_pid)" || { echo "not running"; exit 1; }
  echo "haproxy pid $pid RSS $(($(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024)) MiB"
  # CSV columns: 1 proxy, 2 server, 18 status, 37 check_status
  curl -fsS "http://$STATS/stats;csv" | awk -F, '$2 != "FRONTEND" && $2 != "BACKEND" && $1 !~ /^#/ && $1 != "stats" {
    printf "  %-8s %-8s %-6s %s\n", $1, $2, $18, $37 }'
}

cmd_env() {
  printf "MYVID_HAPROXY_URL='https://%s/'\n" "$API"
  printf "MYVID_HAPROXY_CA='%s'\n" "$TLS/ca.crt"
  printf "MYVID_HAPROXY_STATS='http://%s/stats'\n" "$STATS"
}

case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) usage ;;
esac
