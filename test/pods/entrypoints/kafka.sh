#!/bin/bash
# Stand-in for the official apache/kafka image's /etc/kafka/docker/run, for what the Kafka preset
# uses: server.properties from the KAFKA_* variables (KAFKA_ dropped, lower case, '_' -> '.',
# '__' -> '_', '___' -> '-'; the JVM's own KAFKA_*_OPTS skipped), the log directories formatted
# with CLUSTER_ID on the first start only, then the broker in the foreground. (The official one
# also merges a mounted properties file; the preset does not use it.) As the official configure
# script does, an advertised listener containing "SSL://" demands keystore and password files
# named by KAFKA_SSL_* variables, which the preset's PEM keystore cannot give: its TLS listeners
# are named TLS and SASL_TLS, and this check proves it.
set -euo pipefail
if [[ "${KAFKA_ADVERTISED_LISTENERS:-}" == *"SSL://"* ]]; then
  for variable in KAFKA_SSL_KEYSTORE_FILENAME KAFKA_SSL_KEY_CREDENTIALS KAFKA_SSL_KEYSTORE_CREDENTIALS; do
    if [[ -z "${!variable:-}" ]]; then
      echo "$variable environment variable not set"
      exit 1
    fi
  done
fi
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_LOG4J_OPTS | KAFKA_JMX_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_VERSION) ;;
    KAFKA_*)
      key="${name#KAFKA_}"
      key="${key,,}"
      key="${key//___/-}"
      key="${key//__/@}"
      key="${key//_/.}"
      echo "${key//@/_}=$value" >>"$props"
      ;;
  esac
done < <(env)
/opt/kafka/bin/kafka-storage.sh format --cluster-id "${CLUSTER_ID:?}" --config "$props" --ignore-formatted
exec /opt/kafka/bin/kafka-server-start.sh "$props"
