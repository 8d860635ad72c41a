#!/bin/sh
# Probe: passes when this node reports itself Up and Normal (UN) in `nodetool status`, i.e. it
# has joined the ring and serves requests, and, with authentication, once clients can log in as
# the credentials Secret's user (cassandra-auth.sh has written KP_AUTH_READY).
# Env: POD_IP (the pod's IP, from the downward API); with authentication KP_PASSWORD_FILE and
# KP_AUTH_READY (default /var/lib/cassandra/.kube-patterns-auth).
set -eu
if ! nodetool status | grep -Eq "^UN[[:space:]]+${POD_IP}[[:space:]]"; then
  echo "cassandra-ready: $POD_IP is not Up/Normal yet" >&2
  exit 1
fi
if [ -n "${KP_PASSWORD_FILE:-}" ] && [ ! -e "${KP_AUTH_READY:-/var/lib/cassandra/.kube-patterns-auth}" ]; then
  echo "cassandra-ready: clients cannot log in as the credentials Secret's user yet (cassandra-auth.sh has not finished; see the container's log)" >&2
  exit 1
fi
