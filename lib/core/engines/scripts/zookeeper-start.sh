#!/bin/sh
# Starts a ZooKeeper ensemble member: its myid is the pod ordinal + 1, and the server list
# (ZOO_SERVERS) names every member by its stable pod DNS name.
#
# Env: KP_POD_NAME (the pod name, from the downward API), ZOO_DATA_DIR, ZOO_DATA_LOG_DIR, ZOO_SERVERS.
# KP_METRICS_PORT: serve Prometheus metrics on that port (the built-in provider, added to the
# image's ZOO_CFG_EXTRA).
# KP_USERNAME_FILE, KP_PASSWORD_FILE: require SASL (DIGEST-MD5) authentication of every client
# session and, in an ensemble, of the members to each other, with that one user; the JAAS
# configuration is written to KP_JAAS_FILE (default /tmp/jaas.conf, private) and named in
# SERVER_JVMFLAGS; its Client section lets zkCli.sh in the container log in.
# KP_DRY_RUN=1: print the myid, ZOO_CFG_EXTRA and SERVER_JVMFLAGS instead of starting.
set -eu

script=zookeeper-start # read by pod-ordinal.sh and sasl-credentials.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

ZOO_MY_ID=$((ordinal + 1))
export ZOO_MY_ID
# Lines added before the user's ZOO_CFG_EXTRA (the preset refuses these keys in config).
cfg=
if [ -n "${KP_METRICS_PORT:-}" ]; then
  cfg="metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider metricsProvider.httpPort=$KP_METRICS_PORT"
fi
if [ -n "${KP_PASSWORD_FILE:-}" ]; then
  # shellcheck source-path=SCRIPTDIR source=sasl-credentials.sh
  . "$(dirname "$0")/sasl-credentials.sh"
  jaas="${KP_JAAS_FILE:-/tmp/jaas.conf}"
  module=org.apache.zookeeper.server.auth.DigestLoginModule
  (
    umask 077
    cat >"$jaas" <<JAAS
Server {
  $module required
  user_$sasl_username="$sasl_password";
};
QuorumServer {
  $module required
  user_$sasl_username="$sasl_password";
};
QuorumLearner {
  $module required
  username="$sasl_username"
  password="$sasl_password";
};
Client {
  $module required
  username="$sasl_username"
  password="$sasl_password";
};
JAAS
  )
  SERVER_JVMFLAGS="-Djava.security.auth.login.config=$jaas${SERVER_JVMFLAGS:+ $SERVER_JVMFLAGS}"
  export SERVER_JVMFLAGS
  # Clients: SASL is the one scheme a session may use (ZooKeeper 3.7+ closes the others).
  cfg="${cfg:+$cfg }authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider enforce.auth.enabled=true enforce.auth.schemes=sasl"
  if [ -n "${ZOO_SERVERS:-}" ]; then
    # Members: each authenticates to the others as learner and as server.
    cfg="$cfg quorum.auth.enableSasl=true quorum.auth.learnerRequireSasl=true quorum.auth.serverRequireSasl=true"
  fi
fi
if [ -n "$cfg" ]; then
  ZOO_CFG_EXTRA="$cfg${ZOO_CFG_EXTRA:+ $ZOO_CFG_EXTRA}"
  export ZOO_CFG_EXTRA
fi
if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "ZOO_MY_ID=$ZOO_MY_ID"
  echo "ZOO_CFG_EXTRA=${ZOO_CFG_EXTRA:-}"
  echo "SERVER_JVMFLAGS=${SERVER_JVMFLAGS:-}"
  exit 0
fi
# The data and transaction log directories live on the persistent volume.
mkdir -p "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR"
exec /docker-entrypoint.sh zkServer.sh start-foreground
