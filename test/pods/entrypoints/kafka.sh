#!/bin/bash
# Stand-in for the official apache/kafka image's /etc/kafka/docker/run, for what the Kafka preset
# uses: server.properties from the KAFKA_* variables (KAFKA_ dropped, lower case, '_' -> '.',
# '__' -> '_', '___' -> '-'; the JVM's own KAFKA_*_OPTS skipped), the log directories formatted
# with CLUSTER_ID on the first start only, then the broker in the foreground. (The official one
# also merges a mounted properties file and handles SSL variables; the preset uses neither.)
set -euo pipefail
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
