#!/bin/sh
# Starts a ZooKeeper ensemble member: its myid is the pod ordinal + 1, and the server list
# (ZOO_SERVERS) names every member by its stable pod DNS name.
#
# Env: KP_POD_NAME (the pod name, from the downward API), ZOO_DATA_DIR, ZOO_DATA_LOG_DIR, ZOO_SERVERS. KP_DRY_RUN=1: print the myid.
set -eu

script=zookeeper-start # read by pod-ordinal.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

ZOO_MY_ID=$((ordinal + 1))
export ZOO_MY_ID
if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "ZOO_MY_ID=$ZOO_MY_ID"
  exit 0
fi
# The data and transaction log directories live on the persistent volume.
mkdir -p "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR"
exec /docker-entrypoint.sh zkServer.sh start-foreground
