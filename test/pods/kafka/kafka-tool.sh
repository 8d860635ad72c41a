#!/bin/bash
# Stand-in for the official apache/kafka image's /opt/kafka/bin/*.sh, installed under each name
# the preset and the tests use: runs the Kafka class that name stands for on the jars in
# /opt/kafka/libs (from Maven Central). The server logs to stdout at INFO, the tools to stderr at
# WARN, as Kafka's own log4j files do; KAFKA_OPTS goes to java, as kafka-run-class.sh passes it.
set -euo pipefail
config=/opt/kafka/config
# As kafka-run-class.sh: KAFKA_HEAP_OPTS, or a 256 MiB heap.
heap="${KAFKA_HEAP_OPTS:--Xmx256M}"
log="$config/tools-log4j.properties"
case "$(basename "$0")" in
  kafka-server-start.sh)
    class=kafka.Kafka
    heap="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
    log="$config/log4j.properties"
    ;;
  kafka-storage.sh) class=kafka.tools.StorageTool ;;
  kafka-broker-api-versions.sh) class=kafka.admin.BrokerApiVersionsCommand ;;
  kafka-topics.sh) class=org.apache.kafka.tools.TopicCommand ;;
  kafka-console-producer.sh) class=kafka.tools.ConsoleProducer ;;
  kafka-console-consumer.sh) class=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  kafka-configs.sh) class=kafka.admin.ConfigCommand ;;
  *)
    echo "$(basename "$0") (stand-in): not one of the Kafka scripts this image provides" >&2
    exit 2
    ;;
esac
# shellcheck disable=SC2086 # the heap options and KAFKA_OPTS are lists, as kafka-run-class.sh takes them
exec java $heap ${KAFKA_OPTS:-} -Dlog4j.configuration="file:$log" -cp '/opt/kafka/libs/*' "$class" "$@"
