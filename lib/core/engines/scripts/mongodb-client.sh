#!/bin/sh
# Sourced by mongodb-initiate.sh and tls-reload.sh: `mongo_eval JS` runs JS in mongosh against the
# pod's own server, logged in as the root user. The user name and password are read from
# KP_USER_FILE and KP_PASSWORD_FILE into mongosh's own environment, never onto its command line.
# With KP_TLS_DIR (the server serves TLS), it connects with TLS, not verified: over loopback,
# which the certificate does not name. Env: KP_PORT.

mongo_eval() {
  uri="mongodb://127.0.0.1:$KP_PORT/admin"
  if [ -n "${KP_TLS_DIR:-}" ]; then uri="$uri?tls=true&tlsAllowInvalidCertificates=true"; fi
  KP_ROOT_USERNAME="$(cat "$KP_USER_FILE")" KP_ROOT_PASSWORD="$(cat "$KP_PASSWORD_FILE")" mongosh --quiet "$uri" --eval "
    db.getSiblingDB('admin').auth(process.env.KP_ROOT_USERNAME, process.env.KP_ROOT_PASSWORD);
    $1"
}
