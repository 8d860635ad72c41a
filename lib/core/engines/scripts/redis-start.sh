#!/bin/sh
# Starts redis-server in a StatefulSet pod: ordinal 0 is the primary, every other ordinal a
# read-only replica of it. The password goes into a config file, never onto the command line.
#
# Env: KP_POD_NAME (the pod name, {statefulset}-{ordinal}, from the downward API), KP_PORT,
# KP_DATA_DIR (the data volume's mount), KP_PRIMARY_HOST (pod 0's DNS name), KP_PASSWORD_FILE (the
# password's file, mounted from the credentials Secret; trailing line breaks are dropped, as the
# official images do with their *_FILE variables). KP_CONFIG: where to write the config (default /tmp/redis.conf).
# KP_TLS_DIR (with `tls`): the directory of tls.crt, tls.key and ca.crt; the server then serves
# TLS only on KP_PORT, replicas replicate over TLS, and clients need no certificate of their own.
# KP_DRY_RUN=1: print the command instead of running it.
# Arguments (the container's args) go to redis-server after the config file, e.g. --maxmemory 256mb.
set -eu

script=redis-start # read by pod-ordinal.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

secret="$(cat "$KP_PASSWORD_FILE")"
case "$secret" in
  *'
'*)
    echo "redis-start: the password contains a line break, which redis.conf cannot hold" >&2
    exit 1
    ;;
esac
# Inside double quotes, redis.conf reads \" and \\ as a quote and a backslash.
password="$(printf '%s' "$secret" | sed 's/[\\"]/\\&/g')"

config="${KP_CONFIG:-/tmp/redis.conf}"
umask 077
# printf, not echo: dash's echo would interpret the backslashes.
{
  if [ -n "${KP_TLS_DIR:-}" ]; then
    printf 'port 0\ntls-port %s\n' "$KP_PORT"
    printf 'tls-cert-file "%s/tls.crt"\ntls-key-file "%s/tls.key"\ntls-ca-cert-file "%s/ca.crt"\n' "$KP_TLS_DIR" "$KP_TLS_DIR" "$KP_TLS_DIR"
    printf 'tls-auth-clients no\ntls-replication yes\n'
  else
    printf 'port %s\n' "$KP_PORT"
  fi
  printf 'dir "%s"\n' "$KP_DATA_DIR"
  printf 'appendonly yes\n'
  printf 'requirepass "%s"\n' "$password"
  printf 'masterauth "%s"\n' "$password"
  # A replica whose primary was rescheduled keeps waiting on the old address until this timeout
  # (Redis's default, 60 s, was measured as 50 s without replication after pod 0 came back);
  # 20 s stays above the replicas' 10 s ping period. User args can still set it.
  printf 'repl-timeout 20\n'
  if [ "$ordinal" -gt 0 ]; then
    printf 'replicaof %s %s\n' "$KP_PRIMARY_HOST" "$KP_PORT"
    printf 'replica-read-only yes\n'
  fi
} >"$config"

if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "redis-server $config${*:+ $*}"
  exit 0
fi
exec docker-entrypoint.sh redis-server "$config" "$@"
