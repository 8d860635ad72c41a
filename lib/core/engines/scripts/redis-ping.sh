#!/bin/sh
# Probe: passes when the local redis-server answers PING with PONG (redis-cli exits 0 on errors
# such as NOAUTH or LOADING, so its output is checked, not its status).
# With --alive (the liveness probe), a server still loading its dataset (LOADING) passes too:
# it is alive, and a large dataset can take longer to load than the liveness probe would wait,
# so the kubelet would restart it in the middle of every load. Readiness still waits for PONG.
# Env: KP_PORT, KP_PASSWORD_FILE (the password's file), KP_TLS_DIR (with `tls`: connect with TLS,
# without verifying the pod's own server over loopback, which the certificate does not name).
# redis-cli reads the password from REDISCLI_AUTH, never from its command line.
set -eu
cli() {
  if [ -n "${KP_TLS_DIR:-}" ]; then
    redis-cli --tls --insecure "$@"
  else
    redis-cli "$@"
  fi
}
reply="$(REDISCLI_AUTH="$(cat "$KP_PASSWORD_FILE")" cli -h 127.0.0.1 -p "$KP_PORT" ping 2>&1)"
case "${1:-}:$reply" in
  *:PONG | --alive:LOADING*) exit 0 ;;
esac
echo "redis-ping: $reply" >&2
exit 1
