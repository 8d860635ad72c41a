#!/bin/bash
# Stand-in for the official cassandra image's docker-entrypoint.sh, for what the Cassandra preset
# uses: when the command is cassandra, the addresses (listen: CASSANDRA_LISTEN_ADDRESS, "auto" or
# unset meaning the pod's own address; broadcast, rpc and broadcast rpc from theirs or as the
# official one derives them), the seeds, and CASSANDRA_CLUSTER_NAME, _NUM_TOKENS and
# _ENDPOINT_SNITCH are written into cassandra.yaml in place, CASSANDRA_DC and CASSANDRA_RACK into
# cassandra-rackdc.properties; then the command. (As root the official one would also chown the
# directories and drop to the cassandra user; the preset never runs as root.)
set -e
conf=/etc/cassandra
# edit <yaml key> <value>: the key's line, commented out or not, set to the value.
edit() { sed -ri 's/^(# )?('"$1"':).*/\2 '"$2"'/' "$conf/cassandra.yaml"; }
if [[ "$1" = cassandra ]]; then
  listen="${CASSANDRA_LISTEN_ADDRESS:-auto}"
  [[ "$listen" != auto ]] || listen="$(hostname -i | cut -d' ' -f1)"
  broadcast="${CASSANDRA_BROADCAST_ADDRESS:-$listen}"
  rpc_broadcast="${CASSANDRA_BROADCAST_RPC_ADDRESS:-$broadcast}"
  sed -ri 's/(- seeds:).*/\1 "'"${CASSANDRA_SEEDS:-$broadcast}"'"/' "$conf/cassandra.yaml"
  edit listen_address "$listen"
  edit broadcast_address "$broadcast"
  edit broadcast_rpc_address "$rpc_broadcast"
  edit rpc_address "${CASSANDRA_RPC_ADDRESS:-0.0.0.0}"
  for name in cluster_name num_tokens endpoint_snitch; do
    variable="CASSANDRA_${name^^}"
    [[ -z "${!variable:-}" ]] || edit "$name" "'${!variable}'"
  done
  for name in dc rack; do
    variable="CASSANDRA_${name^^}"
    [[ -z "${!variable:-}" ]] || sed -ri 's/^('"$name"'=).*/\1 '"${!variable}"'/' "$conf/cassandra-rackdc.properties"
  done
fi
exec "$@"
