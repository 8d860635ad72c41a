#!/bin/sh
# Starts redis-server in a StatefulSet pod: ordinal 0 is the primary, every other ordinal a
# read-only replica of it. The password goes into a config file, never onto the command line.
#
# Env: KP_POD_NAME (the pod name, {statefulset}-{ordinal}, from the downward API), KP_PORT, KP_PRIMARY_HOST (pod 0's DNS
# name), REDIS_PASSWORD (from the credentials Secret). KP_CONFIG: where to write the config
# (default /tmp/redis.conf). KP_DRY_RUN=1: print the command instead of running it.
set -eu

ordinal="${KP_POD_NAME##*-}"
case "$ordinal" in
  '' | *[!0-9]*)
    echo "redis-start: cannot read a pod ordinal from pod name '$KP_POD_NAME'" >&2
    exit 1
    ;;
esac

config="${KP_CONFIG:-/tmp/redis.conf}"
umask 077
{
  echo "port $KP_PORT"
  echo "dir /data"
  echo "appendonly yes"
  echo "requirepass \"$REDIS_PASSWORD\""
  echo "masterauth \"$REDIS_PASSWORD\""
  if [ "$ordinal" -gt 0 ]; then
    echo "replicaof $KP_PRIMARY_HOST $KP_PORT"
    echo "replica-read-only yes"
  fi
} >"$config"

if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "redis-server $config"
  exit 0
fi
exec docker-entrypoint.sh redis-server "$config"
