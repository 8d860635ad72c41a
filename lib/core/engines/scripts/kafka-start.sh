#!/bin/sh
# Starts a Kafka node in KRaft mode (broker and controller): its node id is the pod ordinal, and
# it advertises its stable pod DNS name. The controller quorum (KAFKA_CONTROLLER_QUORUM_VOTERS)
# is set by the preset from the same names.
#
# Env: KP_POD_NAME (the pod name, from the downward API), KP_PORT, KP_DOMAIN ({headless service}.{namespace}.svc.{cluster domain}),
# KP_LISTENER (the client and inter-broker listener's name, default PLAINTEXT).
# KP_USERNAME_FILE, KP_PASSWORD_FILE: SASL/PLAIN with that one user. Writes KP_JAAS_FILE (private;
# the preset names it in KAFKA_OPTS): its KafkaServer section accepts the user and logs this node
# in to the other brokers and the controllers, its KafkaClient section logs in Kafka's tools run
# in the container, which take KP_CLIENT_CONFIG (no secret in it) as --command-config.
# KP_TLS_DIR (with `tls`): writes the client listener's PEM stores into KP_STORES_DIR from the
# Secret's files (tls-stores.sh), and the tools' client settings then trust its truststore.
# KP_CLIENT_PROTOCOL: the client listener's security protocol, for the tools' client settings.
# KP_DRY_RUN=1: print the node id and listener instead of starting.
set -eu

script=kafka-start # read by pod-ordinal.sh and sasl-credentials.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

KAFKA_NODE_ID="$ordinal"
KAFKA_ADVERTISED_LISTENERS="${KP_LISTENER:-PLAINTEXT}://$KP_POD_NAME.$KP_DOMAIN:$KP_PORT"
export KAFKA_NODE_ID KAFKA_ADVERTISED_LISTENERS
if [ -n "${KP_PASSWORD_FILE:-}" ]; then
  # shellcheck source-path=SCRIPTDIR source=sasl-credentials.sh
  . "$(dirname "$0")/sasl-credentials.sh"
  module=org.apache.kafka.common.security.plain.PlainLoginModule
  (
    umask 077
    cat >"$KP_JAAS_FILE" <<JAAS
KafkaServer {
  $module required
  username="$sasl_username"
  password="$sasl_password"
  user_$sasl_username="$sasl_password";
};
KafkaClient {
  $module required
  username="$sasl_username"
  password="$sasl_password";
};
JAAS
  )
fi
if [ -n "${KP_CLIENT_CONFIG:-}" ]; then
  # The tools in the container connect to localhost, which the certificate does not name: they
  # verify the chain against ca.crt, not the host name.
  {
    echo "security.protocol=${KP_CLIENT_PROTOCOL:-SASL_PLAINTEXT}"
    if [ -n "${KP_PASSWORD_FILE:-}" ]; then echo 'sasl.mechanism=PLAIN'; fi
    if [ -n "${KP_TLS_DIR:-}" ]; then printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\nssl.endpoint.identification.algorithm=\n' "$KP_STORES_DIR/truststore.pem"; fi
  } >"$KP_CLIENT_CONFIG"
fi
if [ -n "${KP_TLS_DIR:-}" ]; then
  # shellcheck source-path=SCRIPTDIR source=tls-stores.sh
  . "$(dirname "$0")/tls-stores.sh"
  stores_key_pkcs8
  stores_at_start
fi
if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "KAFKA_NODE_ID=$KAFKA_NODE_ID"
  echo "KAFKA_ADVERTISED_LISTENERS=$KAFKA_ADVERTISED_LISTENERS"
  exit 0
fi
exec /etc/kafka/docker/run
