#!/bin/bash
# Stand-in for the official cassandra image's /opt/cassandra/bin/cassandra and nodetool, installed
# under both names: runs Cassandra's daemon, or its NodeTool, on the jars in /opt/cassandra/lib
# (from Maven Central) with Java 17. As bin/cassandra and cassandra-env.sh do for what the preset
# sets: the heap from MAX_HEAP_SIZE and HEAP_NEWSIZE, JVM_EXTRA_OPTS appended, JMX on 127.0.0.1:7199
# only (LOCAL_JMX), the configuration from /etc/cassandra; nodetool connects to that JMX port.
set -euo pipefail
conf=/etc/cassandra
# The module openings Cassandra needs on Java 17 (the distribution's jvm17 options carry them).
opens=(
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
)
case "$(basename "$0")" in
  cassandra)
    if [[ "${1:-}" != -f ]]; then
      echo "cassandra (stand-in): runs in the foreground only (-f)" >&2
      exit 2
    fi
    # shellcheck disable=SC2086 # JVM_EXTRA_OPTS is a list, as cassandra-env.sh takes it
    exec java -Xms"${MAX_HEAP_SIZE:-1024M}" -Xmx"${MAX_HEAP_SIZE:-1024M}" -Xmn"${HEAP_NEWSIZE:-256M}" "${opens[@]}" \
      -Dcassandra.jmx.local.port=7199 -Dcassandra-foreground=yes -Dcassandra.storagedir=/var/lib/cassandra \
      -Dcassandra.config="file://$conf/cassandra.yaml" -Dlogback.configurationFile="file://$conf/logback.xml" \
      ${JVM_EXTRA_OPTS:-} -cp "$conf:/opt/cassandra/lib/*" org.apache.cassandra.service.CassandraDaemon
    ;;
  nodetool)
    exec java -Xmx128m "${opens[@]}" -Dlogback.configurationFile="file://$conf/logback-tools.xml" \
      -cp "$conf:/opt/cassandra/lib/*" org.apache.cassandra.tools.NodeTool -h 127.0.0.1 -p 7199 "$@"
    ;;
  *)
    echo "$(basename "$0") (stand-in): not one of the Cassandra commands this image provides" >&2
    exit 2
    ;;
esac
