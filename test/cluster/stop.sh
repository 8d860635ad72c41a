#!/usr/bin/env bash
# Stops what start.sh started, and only that: the processes recorded in <work dir>/pids.
#   test/cluster/stop.sh <work dir>
set -uo pipefail
work="${1:?usage: stop.sh <work dir>}"
[ -f "$work/pids" ] || exit 0
# Reverse order: kwok and the controllers before the API server, etcd last.
tac "$work/pids" | while read -r pid name; do
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null && echo "stop.sh: $name ($pid) needed SIGKILL" >&2
  fi
done
: >"$work/pids"
