#!/bin/sh
# Starts Cassandra in a StatefulSet pod through the image's entrypoint (`docker-entrypoint.sh
# cassandra -f`, which writes the addresses, seeds and CASSANDRA_* settings into cassandra.yaml).
# With authentication (KP_PASSWORD_FILE set), cassandra.yaml's authenticator, authorizer and role
# manager are set first to PasswordAuthenticator, CassandraAuthorizer and CassandraRoleManager, and
# cassandra-auth.sh runs beside the server to make the credentials Secret's user the superuser.
# Without it, the image's cassandra.yaml is left as it is (AllowAllAuthenticator).
# With `tls` (KP_TLS_DIR set), the Secret's key and chain are written as one PEM keystore
# (tls-stores.sh) and client_encryption_options serves TLS from it with PEMBasedSslContextFactory,
# optional (plain connections too, on the same port) unless KP_TLS_OPTIONAL is false.
# With `metrics` (KP_METRICS_AGENT_JAR set), the server's JVM loads the Prometheus JMX exporter's
# Java agent (appended to JVM_EXTRA_OPTS, which cassandra-env.sh passes to the server only, not to
# nodetool), serving KP_METRICS_AGENT_PORT with the rules in KP_METRICS_AGENT_CONFIG; when the init
# container could not fetch the jar, the server starts without it.
#
# Env: KP_CASSANDRA_CONF (the configuration directory, /etc/cassandra in the image: its
# cassandra.yaml is fresh in every new container, so each start edits the image's own file),
# KP_USERNAME_FILE and KP_PASSWORD_FILE (the Secret's files, with authentication); with `tls`,
# KP_TLS_DIR (the Secret's files), KP_STORES_DIR (where the keystore goes) and KP_TLS_OPTIONAL.
# KP_DRY_RUN=1: edit the file, but start neither the server nor cassandra-auth.sh; print what would run.
set -eu

conf="${KP_CASSANDRA_CONF:-/etc/cassandra}/cassandra.yaml"

# yaml_set <key> <value>: the top-level key's entry, whether one line (`authenticator:
# AllowAllAuthenticator`, as Cassandra 4 writes it) or a map of indented lines (`class_name: ...`,
# as Cassandra 5 writes it), replaced by `key: value`; comments and the other keys are kept.
yaml_set() {
  grep -q "^$1:" "$conf" || {
    echo "cassandra-start: $conf has no top-level '$1:' to set" >&2
    exit 1
  }
  awk -v key="$1" -v value="$2" '
    skipping && /^[[:space:]]+[^[:space:]]/ { next }
    { skipping = 0 }
    index($0, key ":") == 1 { print key ": " value; skipping = 1; next }
    { print }' "$conf" >"$conf.kube-patterns"
  cat "$conf.kube-patterns" >"$conf"
  rm -f "$conf.kube-patterns"
}

if [ -n "${KP_PASSWORD_FILE:-}" ]; then
  yaml_set authenticator PasswordAuthenticator
  yaml_set authorizer CassandraAuthorizer
  yaml_set role_manager CassandraRoleManager
fi

if [ -n "${KP_TLS_DIR:-}" ]; then
  script=cassandra-start # read by tls-stores.sh
  # shellcheck source-path=SCRIPTDIR source=tls-stores.sh
  . "$(dirname "$0")/tls-stores.sh"
  stores_key_pkcs8 || exit 1
  stores_keystore
  yaml_set client_encryption_options "{enabled: true, optional: ${KP_TLS_OPTIONAL:-true}, keystore: '$KP_STORES_DIR/keystore.pem', require_client_auth: false, ssl_context_factory: {class_name: org.apache.cassandra.security.PEMBasedSslContextFactory}}"
fi

if [ -n "${KP_METRICS_AGENT_JAR:-}" ]; then
  if [ -f "$KP_METRICS_AGENT_JAR" ]; then
    JVM_EXTRA_OPTS="${JVM_EXTRA_OPTS:+$JVM_EXTRA_OPTS }-javaagent:$KP_METRICS_AGENT_JAR=$KP_METRICS_AGENT_PORT:$KP_METRICS_AGENT_CONFIG"
    export JVM_EXTRA_OPTS
  else
    echo "cassandra-start: $KP_METRICS_AGENT_JAR was not fetched (see the init container metrics-agent's log): the server starts without its metrics" >&2
  fi
fi

# Beside the server, once cassandra.yaml is complete (a refused key above starts nothing).
if [ -n "${KP_PASSWORD_FILE:-}" ]; then
  if [ "${KP_DRY_RUN:-}" = 1 ]; then
    echo "background: $(dirname "$0")/cassandra-auth.sh"
  else
    "$(dirname "$0")/cassandra-auth.sh" &
  fi
fi

if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "docker-entrypoint.sh cassandra -f${JVM_EXTRA_OPTS:+ (JVM_EXTRA_OPTS=$JVM_EXTRA_OPTS)}"
  exit 0
fi
exec docker-entrypoint.sh cassandra -f
