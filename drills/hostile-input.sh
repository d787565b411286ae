#!/usr/bin/env bash
# hostile-input.sh - drill "hostile" (docs/reliability.md); same arguments as run-drill.sh after the drill's name.
exec "$(dirname "$0")/run-drill.sh" hostile "$@"
