#!/bin/sh
# Sidecar of `tls`: the kubelet updates the mounted Secret's files when the Secret changes (a
# cert-manager renewal), but the server reads them only at start and on reload. Every
# KP_INTERVAL seconds (default 30) this compares the files with those last loaded and, when they
# differ, asks the server over loopback to reload them: PostgreSQL pg_reload_conf(), MySQL ALTER
# INSTANCE RELOAD TLS, MariaDB FLUSH SSL, Redis CONFIG SET of the same files (which re-reads
# them), MongoDB rotateCertificates. The first check reloads once (the Secret may have changed
# while the pod started); a failed reload (the server not up yet) is retried at the next.
#
# Kafka: rewrites the client listener's PEM stores (tls-stores.sh: with a new CA, the truststore
# also holds the CA last loaded, so that the tools still trust the broker's old certificate), and
# sets the listener's ssl.truststore.location (when it changed), then ssl.keystore.location, to
# the same files with kafka-configs, which makes the broker reload a store whose modification time
# changed; it logs in as the broker's tools do, with the JAAS file and client settings the start
# script wrote in the shared /tmp.
#
# MongoDB: rewrites the key file and the CAs it trusts (tls-stores.sh, as for Kafka: the CA last
# loaded stays trusted beside a new one), and runs rotateCertificates, logged in as the root user
# (mongodb-client.sh).
#
# Cassandra: rewrites the PEM keystore (tls-stores.sh) and runs `nodetool reloadssl`, which makes
# the server load the client encryption's keystore again (nodetool reaches the server's JMX port
# on loopback, without a login).
#
# Env: KP_ENGINE (postgresql, mysql, mariadb, redis, kafka, mongodb, cassandra), KP_PORT, KP_TLS_DIR,
# KP_PASSWORD_FILE (not Kafka), KP_CLIENT_TLS=require (the client connects with TLS, which
# `tls.required` makes the servers demand); the client's password goes to a private file under
# /tmp, as backup-client.sh writes it. MongoDB: KP_USER_FILE, KP_STORES_DIR. Cassandra: KP_STORES_DIR. Kafka: KP_POD_NAME,
# KP_LISTENER, KP_STORES_DIR, KP_CLIENT_CONFIG, KAFKA_OPTS, and KP_KAFKA_BIN (where Kafka's tools
# are; /opt/kafka/bin, the image's, by default).
set -eu
script=tls-reload
case "$KP_ENGINE" in
  kafka | mongodb | cassandra)
    say() { echo "$script: $*" >&2; }
    # shellcheck source-path=SCRIPTDIR source=tls-stores.sh
    . "$(dirname "$0")/tls-stores.sh"
    if [ "$KP_ENGINE" = kafka ]; then
      # shellcheck source-path=SCRIPTDIR source=pod-ordinal.sh
      . "$(dirname "$0")/pod-ordinal.sh"
    elif [ "$KP_ENGINE" = mongodb ]; then
      # shellcheck source-path=SCRIPTDIR source=mongodb-client.sh
      . "$(dirname "$0")/mongodb-client.sh"
    fi
    ;;
  *)
    # shellcheck source-path=SCRIPTDIR source=backup-client.sh
    . "$(dirname "$0")/backup-client.sh"
    ;;
esac

files() { cat "$KP_TLS_DIR/tls.crt" "$KP_TLS_DIR/tls.key" | cksum; }

reload() {
  case "$KP_ENGINE" in
    postgresql) psql -h 127.0.0.1 -p "$KP_PORT" -U postgres -d postgres -Atqc 'SELECT pg_reload_conf()' >/dev/null ;;
    mysql) mysql --defaults-extra-file="$client_config" -h 127.0.0.1 -P "$KP_PORT" -u root -e 'ALTER INSTANCE RELOAD TLS' ;;
    mariadb) mariadb --defaults-extra-file="$client_config" -h 127.0.0.1 -P "$KP_PORT" -u root -e 'FLUSH SSL' ;;
    redis)
      # Over loopback, which the certificate does not name: not verified.
      [ "$(rcli 127.0.0.1 "$KP_PORT" --tls --insecure CONFIG SET tls-cert-file "$KP_TLS_DIR/tls.crt" tls-key-file "$KP_TLS_DIR/tls.key" tls-ca-cert-file "$KP_TLS_DIR/ca.crt")" = OK ]
      ;;
    mongodb)
      # rotateCertificates (MongoDB 5.0+) re-reads the key file and the CA file, rewritten first;
      # connections already open keep their session.
      { stores_truststore || true; } && stores_keystore &&
        mongo_eval 'const r = db.adminCommand({ rotateCertificates: 1 }); if (!r.ok) { print(JSON.stringify(r)); quit(1); }' >/dev/null &&
        stores_loaded
      ;;
    cassandra)
      stores_key_pkcs8 && stores_keystore && nodetool reloadssl >/dev/null
      ;;
    kafka)
      # The listener's settings are named in lower case. A new CA (which the other brokers'
      # renewed certificates are signed by too) is trusted first, and the keystore set at the
      # next check: Kafka applies a keystore only if the truststore in use trusts it, and a
      # broker applies changes that reach it together as one (it logs the refusal; kafka-configs
      # does not see it). A truststore written but not yet set is set at the retry.
      listener="listener.name.$(echo "$KP_LISTENER" | tr '[:upper:]' '[:lower:]')"
      stores_key_pkcs8 || return 1
      if stores_truststore || [ -n "${trust_pending:-}" ]; then
        trust_pending=1
        kafka_configs "$listener.ssl.truststore.location=$KP_STORES_DIR/truststore.pem" || return 1
        trust_pending=''
        return 10
      fi
      stores_keystore && kafka_configs "$listener.ssl.keystore.location=$KP_STORES_DIR/keystore.pem" && stores_loaded
      ;;
    *) fail "unknown engine '$KP_ENGINE'" ;;
  esac
}

# kafka_configs SETTING=VALUE: set for this broker, over loopback as the tools' settings say.
kafka_configs() {
  "${KP_KAFKA_BIN:-/opt/kafka/bin}/kafka-configs.sh" --bootstrap-server "127.0.0.1:$KP_PORT" --command-config "$KP_CLIENT_CONFIG" \
    --entity-type brokers --entity-name "$ordinal" --alter --add-config "$1" >/dev/null
}

trap 'exit 0' TERM INT
loaded=''
while :; do
  sleep "${KP_INTERVAL:-30}" &
  wait $!
  current="$(files)"
  if [ "$current" != "$loaded" ]; then
    status=0
    reload || status=$?
    case "$status" in
      0)
        say "the server reloaded its certificate"
        loaded="$current"
        ;;
      10) say "the server trusts the new CA; its certificate follows in ${KP_INTERVAL:-30} s" ;;
      *) say "the reload failed; retrying in ${KP_INTERVAL:-30} s" ;;
    esac
  fi
done
