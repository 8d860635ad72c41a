#!/bin/sh
# Starts mongod in a StatefulSet pod. With a replica set, every member authenticates to the
# others with the shared key file, and pod 0 alone creates the root user and initiates the set
# (members that already hold data cannot join an initiation).
#
# Env: KP_POD_NAME (the pod name, from the downward API), KP_PORT, KP_DATA_DIR (the data volume's
# mount), KP_REPLICA_SET (empty: a standalone server), KP_KEYFILE (the key file
# as mounted from the Secret), KP_SCRIPTS (where the scripts are mounted),
# MONGO_INITDB_ROOT_USERNAME_FILE and MONGO_INITDB_ROOT_PASSWORD_FILE (the root user's files, which
# the image's entrypoint reads on first initialization). With `tls`: KP_TLS_DIR (the Secret's
# files), KP_STORES_DIR (where tls-stores.sh writes the key and chain as the one file mongod reads,
# and the CAs it trusts) and KP_TLS_MODE (requireTLS or preferTLS); mongod then serves TLS, its
# members reach each other over TLS and verify each other's certificate, and clients without a
# certificate are accepted (they log in with a password). KP_DRY_RUN=1: print what would run.
set -eu

script=mongodb-start # read by pod-ordinal.sh
# shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
. "$(dirname "$0")/pod-ordinal.sh"

# The container's args (mongod options) follow the preset's own.
set -- mongod --bind_ip_all --port "$KP_PORT" --dbpath "$KP_DATA_DIR" "$@"
if [ -n "${KP_REPLICA_SET:-}" ]; then
  # mongod refuses a key file that its group can read, which a Secret volume with fsGroup is.
  keyfile="${KP_KEYFILE_COPY:-/tmp/mongodb-keyfile}"
  if [ "${KP_DRY_RUN:-}" != 1 ]; then
    cp "$KP_KEYFILE" "$keyfile"
    chmod 0400 "$keyfile"
  fi
  set -- "$@" --replSet "$KP_REPLICA_SET" --keyFile "$keyfile"
  if [ "$ordinal" -eq 0 ]; then
    if [ "${KP_DRY_RUN:-}" = 1 ]; then
      echo "background: $KP_SCRIPTS/mongodb-initiate.sh"
    else
      "$KP_SCRIPTS/mongodb-initiate.sh" &
    fi
  else
    unset MONGO_INITDB_ROOT_USERNAME_FILE MONGO_INITDB_ROOT_PASSWORD_FILE
  fi
fi

if [ -n "${KP_TLS_DIR:-}" ]; then
  # shellcheck source-path=SCRIPTDIR source=tls-stores.sh
  . "$(dirname "$0")/tls-stores.sh"
  stores_at_start
  # On first initialization, the image's entrypoint runs its temporary server with preferTLS, so
  # that it can create the root user over loopback without TLS.
  set -- "$@" --tlsMode "$KP_TLS_MODE" --tlsCertificateKeyFile "$KP_STORES_DIR/keystore.pem" \
    --tlsCAFile "$KP_STORES_DIR/truststore.pem" --tlsAllowConnectionsWithoutCertificates
fi

if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "$*"
  echo "root user: ${MONGO_INITDB_ROOT_USERNAME_FILE:-none}"
  exit 0
fi
exec docker-entrypoint.sh "$@"
