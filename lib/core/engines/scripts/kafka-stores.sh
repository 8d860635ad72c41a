#!/bin/sh
# Sourced by kafka-start.sh and tls-reload.sh: the TLS listener's PEM stores in KP_STORES_DIR,
# private to the broker's user, from the `tls` Secret's files under KP_TLS_DIR. Each is written
# under a temporary name and renamed, so the broker never reads half a file, and its
# modification time changes, which is what makes Kafka reload it when its location is set again.
#   kafka_key_readable  whether Kafka can read the Secret's key: an unencrypted key only as PKCS#8
#                     (BEGIN PRIVATE KEY); another key is refused with what to do. Callers check
#                     it before writing any store.
#   kafka_keystore    writes keystore.pem: the private key, then the certificate chain, the one
#                     file Kafka's ssl.keystore.type=PEM reads.
#   kafka_truststore  writes truststore.pem when it changes, and then succeeds (fails when it is
#                     unchanged): the Secret's ca.crt, after the CA the broker last loaded when
#                     that differs. During a CA rotation, brokers and tools then trust a broker
#                     that still serves the old certificate, and a broker accepts the new one:
#                     Kafka applies a new keystore only if the truststore in use trusts it.
#   kafka_loaded      records ca.crt as the CA the broker loaded, once it has.
# `script`: the calling script's name.

kafka_keystore() {
  kafka_write keystore.pem "$KP_TLS_DIR/tls.key" "$KP_TLS_DIR/tls.crt"
}

kafka_key_readable() {
  if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$KP_TLS_DIR/tls.key"; then
    echo "${script:-kafka-stores}: the tls Secret's tls.key is not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----), the only kind Kafka reads from a PEM file; issue it with cert-manager's privateKey.encoding: PKCS8 (the Certificate that tls.issuerRef creates does), or convert it with openssl pkcs8 -topk8 -nocrypt" >&2
    return 1
  fi
}

kafka_truststore() {
  if [ -f "$KP_STORES_DIR/ca-loaded.pem" ] && ! cmp -s "$KP_STORES_DIR/ca-loaded.pem" "$KP_TLS_DIR/ca.crt"; then
    set -- "$KP_STORES_DIR/ca-loaded.pem" "$KP_TLS_DIR/ca.crt"
  else
    set -- "$KP_TLS_DIR/ca.crt"
  fi
  if [ -f "$KP_STORES_DIR/truststore.pem" ] && cat "$@" | cmp -s - "$KP_STORES_DIR/truststore.pem"; then
    return 1
  fi
  kafka_write truststore.pem "$@"
}

kafka_loaded() {
  kafka_write ca-loaded.pem "$KP_TLS_DIR/ca.crt"
}

# kafka_write NAME FILE...: the files, concatenated, as NAME in KP_STORES_DIR (0600).
kafka_write() {
  name="$1"
  shift
  mkdir -p "$KP_STORES_DIR"
  (
    umask 077
    cat "$@" >"$KP_STORES_DIR/$name.tmp"
  )
  mv "$KP_STORES_DIR/$name.tmp" "$KP_STORES_DIR/$name"
}
