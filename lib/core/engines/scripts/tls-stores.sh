#!/bin/sh
# Sourced by kafka-start.sh, mongodb-start.sh, cassandra-start.sh and tls-reload.sh: the server's PEM stores in
# KP_STORES_DIR, private to the server's user, from the `tls` Secret's files under KP_TLS_DIR.
# Each is written under a temporary name and renamed, so the server never reads half a file, and
# its modification time changes (what makes Kafka reload a store whose location is set again).
#   stores_key_pkcs8  whether the Secret's key is an unencrypted PKCS#8 key (BEGIN PRIVATE KEY),
#                     the only kind Kafka and Cassandra read from a PEM file; another is refused
#                     with what to do. Their callers check it before writing any store.
#   stores_keystore   writes keystore.pem: the private key, then the certificate chain, one file
#                     (Kafka's ssl.keystore.type=PEM, MongoDB's net.tls.certificateKeyFile,
#                     Cassandra's PEMBasedSslContextFactory keystore).
#   stores_truststore writes truststore.pem when it changes, and then succeeds (fails when it is
#                     unchanged): the Secret's ca.crt, after the CA the server last loaded when
#                     that differs. During a CA rotation, members and tools then trust a member
#                     that still serves the old certificate, and a member accepts the new one
#                     (Kafka applies a new keystore only if the truststore in use trusts it).
#   stores_loaded     records ca.crt as the CA the server loaded, once it has.
#   stores_at_start   all three, for a server about to start (which loads whatever they hold).
# `script`: the calling script's name.

stores_keystore() {
  stores_write keystore.pem "$KP_TLS_DIR/tls.key" "$KP_TLS_DIR/tls.crt"
}

stores_key_pkcs8() {
  if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$KP_TLS_DIR/tls.key"; then
    echo "${script:-tls-stores}: the tls Secret's tls.key is not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----), the only kind Kafka and Cassandra read from a PEM file; issue it with cert-manager's privateKey.encoding: PKCS8 (the Certificate that tls.issuerRef creates does), or convert it with openssl pkcs8 -topk8 -nocrypt" >&2
    return 1
  fi
}

stores_truststore() {
  if [ -f "$KP_STORES_DIR/ca-loaded.pem" ] && ! cmp -s "$KP_STORES_DIR/ca-loaded.pem" "$KP_TLS_DIR/ca.crt"; then
    set -- "$KP_STORES_DIR/ca-loaded.pem" "$KP_TLS_DIR/ca.crt"
  else
    set -- "$KP_TLS_DIR/ca.crt"
  fi
  if [ -f "$KP_STORES_DIR/truststore.pem" ] && cat "$@" | cmp -s - "$KP_STORES_DIR/truststore.pem"; then
    return 1
  fi
  stores_write truststore.pem "$@"
}

stores_loaded() {
  stores_write ca-loaded.pem "$KP_TLS_DIR/ca.crt"
}

stores_at_start() {
  stores_keystore
  stores_truststore || true
  stores_loaded
}

# stores_write NAME FILE...: the files, concatenated, as NAME in KP_STORES_DIR (0600).
stores_write() {
  name="$1"
  shift
  mkdir -p "$KP_STORES_DIR"
  (
    umask 077
    cat "$@" >"$KP_STORES_DIR/$name.tmp"
  )
  mv "$KP_STORES_DIR/$name.tmp" "$KP_STORES_DIR/$name"
}
