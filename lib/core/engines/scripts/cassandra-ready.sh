#!/bin/sh
# Probe: passes when this node reports itself Up and Normal (UN) in `nodetool status`, i.e. it
# has joined the ring and serves requests.
# Env: POD_IP (the pod's IP, from the downward API).
set -eu
if ! nodetool status | grep -Eq "^UN[[:space:]]+${POD_IP}[[:space:]]"; then
  echo "cassandra-ready: $POD_IP is not Up/Normal yet" >&2
  exit 1
fi
