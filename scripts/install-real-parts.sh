#!/usr/bin/env bash
# install-real-parts.sh - install the Debian packages of the real parts MyVid's tests use.
#
# Idempotent: packages that are already installed are skipped; `apt-get update` runs only when
# something is missing and the package lists are absent or older than a day. Needs root (or sudo).
#
#   MariaDB server                        mariadb-server
#   Galera (scripts/galera.sh, drills)    galera-4 rsync lsof   (mariadb-server depends on them; named for the drills)
#   Ceph with RADOS Gateway (S3)          ceph-mon ceph-osd ceph-mgr radosgw ceph-common uuid-runtime
#   media                                 ffmpeg
#   TURN                                  coturn
#   load balancer (scripts/haproxy.sh)    haproxy
#   headless browser for WebRTC/web UI    chromium chromium-driver fonts-liberation
#   interop tests (MyVid.Interop.Tests)   firefox-esr; GStreamer 1.22 webrtcbin: gstreamer1.0-plugins-base
#                                         gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice
#                                         python3-gst-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-plugins-bad-1.0
#                                         gir1.2-nice-0.1;
#                                         nodejs + npm only when no `node`/`npm` is on the PATH
#   used by scripts/*.sh                  curl python3 procps openssl
#
# Then the interop tests' npm clients (puppeteer-core, werift, whip-whep): `npm ci` in
# MyVid.Tests/MyVid.Interop.Tests/clients, skipped while its package-lock.json is the one last installed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="$REPO/MyVid.Tests/MyVid.Interop.Tests/clients"

PACKAGES=(
  mariadb-server galera-4 rsync lsof
  ceph-mon ceph-osd ceph-mgr radosgw ceph-common uuid-runtime
  ffmpeg
  coturn
  haproxy
  chromium chromium-driver fonts-liberation
  firefox-esr
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice
  python3-gst-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-plugins-bad-1.0 gir1.2-nice-0.1
  curl python3 procps openssl
)
# Node.js 20+ comes with the machine (its own nodejs package); Debian's is the fallback.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

log() { printf '[install %s] %s\n' "$(date +%T)" "$*" >&2; }

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { log "ERROR: needs root or sudo"; exit 1; }
  SUDO=(sudo)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

t0=$SECONDS
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done

# npm ci of the interop clients, unless the lock file is the one installed last time (its hash is kept in node_modules)
npm_clients() {
  local stamp="$CLIENTS/node_modules/.myvid-lock.sha256" want t=$SECONDS
  want="$(sha256sum "$CLIENTS/package-lock.json" | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
    log "npm clients already installed"
    return 0
  fi
  (cd "$CLIENTS" && npm ci --no-audit --no-fund --loglevel=error >"$logf" 2>&1) || { cat "$logf" >&2; log "ERROR: npm ci in $CLIENTS failed"; exit 1; }
  echo "$want" >"$stamp"
  log "npm ci of the interop clients: $((SECONDS - t)) s"
}

logf="$(mktemp)"
trap 'rm -f "$logf"' EXIT

if ((${#missing[@]} == 0)); then
  log "all ${#PACKAGES[@]} packages already installed"
  npm_clients
  exit 0
fi
log "missing: ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive
# other apt users on the machine (parallel jobs): wait for the dpkg lock instead of failing
APT=("${SUDO[@]}" apt-get -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# update only when the lists are missing or stale (>24 h)
lists=/var/lib/apt/lists
if [[ -z "$(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit 2>/dev/null)" ]]; then
  t=$SECONDS
  "${APT[@]}" update >"$logf" 2>&1 || { cat "$logf" >&2; log "ERROR: apt-get update failed"; exit 1; }
  log "apt-get update: $((SECONDS - t)) s"
fi

t=$SECONDS
# policy-rc.d: do not let package scripts start services (no systemd here; tests start their own)
policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod +x "$policy"
  made_policy=1
fi
rc=0
"${APT[@]}" install -y --no-install-recommends "${missing[@]}" >"$logf" 2>&1 || rc=$?
((made_policy)) && "${SUDO[@]}" rm -f "$policy"
if ((rc != 0)); then
  tail -n 40 "$logf" >&2
  log "ERROR: apt-get install failed (exit $rc)"
  exit "$rc"
fi
log "apt-get install of ${#missing[@]} packages: $((SECONDS - t)) s"
npm_clients
log "done in $((SECONDS - t0)) s"
