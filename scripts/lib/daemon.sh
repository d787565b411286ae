# daemon.sh - what the start|stop|status|env scripts share: usage from the script's header comment, logging,
# the pid of OUR daemon (never a reused pid or somebody else's), a port check, and a clean stop.
# Sourced, not run. The caller sets DAEMON (the log prefix) before calling log or die.

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
log() { printf '[%s %s] %s\n' "$DAEMON" "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# `COMMAND DIR` arguments: sets CMD and DIR (absolute; `start` creates it).
daemon_args() { # daemon_args "$@"
  [[ $# -eq 2 ]] || usage
  CMD="$1"
  [[ $CMD == start ]] && mkdir -p "$2"
  if [[ -d $2 ]]; then DIR="$(cd "$2" && pwd)"; else DIR="$2"; fi
}

# Prints the pid in PIDFILE if that process runs and its command line contains MATCH (when given).
daemon_pid() { # daemon_pid PIDFILE [MATCH]
  local pid
  [[ -s $1 ]] || return 1
  pid="$(<"$1")"
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  [[ -z ${2:-} ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }   # port_open ADDR:PORT

rss_mib() { awk '/^VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }   # rss_mib PID

# SIGTERM, then SIGKILL after GRACE seconds.
daemon_stop() { # daemon_stop PID GRACE NAME
  local i
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < $2 * 10; i++)); do
    [[ -d /proc/$1 ]] || { log "$3 stopped (pid $1)"; return 0; }
    sleep 0.1
  done
  log "$3 (pid $1) did not exit after $2 s, sending SIGKILL"
  kill -KILL "$1" 2>/dev/null || true
}
