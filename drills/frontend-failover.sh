#!/usr/bin/env bash
# frontend-failover.sh - drill "frontend" (docs/reliability.md); same arguments as run-drill.sh after the drill's name.
exec "$(dirname "$0")/run-drill.sh" frontend "$@"
