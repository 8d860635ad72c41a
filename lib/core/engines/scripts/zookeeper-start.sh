#!/bin/sh
# Starts a ZooKeeper ensemble member: its myid is the pod ordinal + 1, and the server list
# (ZOO_SERVERS) names every member by its stable pod DNS name.
#
# Env: KP_POD_NAME (the pod name, from the downward API), ZOO_DATA_DIR, ZOO_DATA_LOG_DIR, ZOO_SERVERS.
# KP_METRICS_PORT: serve Prometheus metrics on that port (the built-in provider, added to the
# image's ZOO_CFG_EXTRA). KP_DRY_RUN=1: print the myid and ZOO_CFG_EXTRA.
set -eu

script=zookeeper-start # read by pod-ordinal.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

ZOO_MY_ID=$((ordinal + 1))
export ZOO_MY_ID
if [ -n "${KP_METRICS_PORT:-}" ]; then
  ZOO_CFG_EXTRA="metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider metricsProvider.httpPort=$KP_METRICS_PORT${ZOO_CFG_EXTRA:+ $ZOO_CFG_EXTRA}"
  export ZOO_CFG_EXTRA
fi
if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "ZOO_MY_ID=$ZOO_MY_ID"
  echo "ZOO_CFG_EXTRA=${ZOO_CFG_EXTRA:-}"
  exit 0
fi
# The data and transaction log directories live on the persistent volume.
mkdir -p "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR"
exec /docker-entrypoint.sh zkServer.sh start-foreground
