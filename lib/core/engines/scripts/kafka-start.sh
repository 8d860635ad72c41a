#!/bin/sh
# Starts a Kafka node in KRaft mode (broker and controller): its node id is the pod ordinal, and
# it advertises its stable pod DNS name. The controller quorum (KAFKA_CONTROLLER_QUORUM_VOTERS)
# is set by the preset from the same names.
#
# Env: KP_POD_NAME (the pod name, from the downward API), KP_PORT, KP_DOMAIN ({headless service}.{namespace}.svc.{cluster domain}).
# KP_DRY_RUN=1: print the node id and listener instead of starting.
set -eu

script=kafka-start # read by pod-ordinal.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

KAFKA_NODE_ID="$ordinal"
KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://$KP_POD_NAME.$KP_DOMAIN:$KP_PORT"
export KAFKA_NODE_ID KAFKA_ADVERTISED_LISTENERS
if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "KAFKA_NODE_ID=$KAFKA_NODE_ID"
  echo "KAFKA_ADVERTISED_LISTENERS=$KAFKA_ADVERTISED_LISTENERS"
  exit 0
fi
exec /etc/kafka/docker/run
