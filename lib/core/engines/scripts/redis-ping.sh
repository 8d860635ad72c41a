#!/bin/sh
# Probe: passes when the local redis-server answers PING with PONG (redis-cli exits 0 on errors
# such as NOAUTH or LOADING, so its output is checked, not its status).
# Env: KP_PORT, REDIS_PASSWORD.
set -eu
reply="$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$KP_PORT" ping 2>&1)"
if [ "$reply" != PONG ]; then
  echo "redis-ping: $reply" >&2
  exit 1
fi
