#!/usr/bin/env bash
# search-same-rows.sh - whether two running hosts list the same videos for every query of a file: pages 1 and 2 of
# POST /API/VIDEO/ {"Search": q}, compared by their IDs in order. Proves a search change keeps its results.
# Usage: bench/search-same-rows.sh PORT_A PORT_B QUERIES   (hosts on 127.0.0.1; queries: letters, digits, spaces)
# Prints each differing query and "compared N pages, D differ"; exit 1 when any differ.
set -euo pipefail
[[ $# -eq 3 && -f $3 ]] || { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ids() { # ids PORT QUERY PAGE
  curl -fs -H 'Content-Type: application/json' -d "{\"Search\":\"$2\",\"Page\":$3}" "http://127.0.0.1:$1/API/VIDEO/" |
    grep -o '"ID":"[^"]*"' | tr '\n' ' ' || true
}
n=0 d=0
while IFS= read -r q; do
  for page in 1 2; do
    n=$((n + 1))
    [[ "$(ids "$1" "$q" $page)" == "$(ids "$2" "$q" $page)" ]] || { d=$((d + 1)); echo "differ, page $page: $q"; }
  done
done <"$3"
echo "compared $n pages, $d differ"
((d == 0))
