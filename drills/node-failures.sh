#!/usr/bin/env bash
# node-failures.sh - drill "nodes" (docs/reliability.md); same arguments as run-drill.sh after the drill's name.
exec "$(dirname "$0")/run-drill.sh" nodes "$@"
