#!/bin/sh
# Sidecar of `tls`: the kubelet updates the mounted Secret's files when the Secret changes (a
# cert-manager renewal), but the server reads them only at start and on reload. Every
# KP_INTERVAL seconds (default 30) this compares the files with those last loaded and, when they
# differ, asks the server over loopback to reload them: PostgreSQL pg_reload_conf(), MySQL ALTER
# INSTANCE RELOAD TLS, MariaDB FLUSH SSL, Redis CONFIG SET of the same files (which re-reads
# them). The first check reloads once (the Secret may have changed while the pod started); a
# failed reload (the server not up yet) is retried at the next.
#
# Env: KP_ENGINE (postgresql, mysql, mariadb, redis), KP_PORT, KP_TLS_DIR, KP_PASSWORD_FILE,
# KP_CLIENT_TLS=require (the client connects with TLS, which `tls.required` makes the servers
# demand); the client's password goes to a private file under /tmp, as backup-client.sh writes it.
set -eu
script=tls-reload
# shellcheck source-path=SCRIPTDIR source=backup-client.sh
. "$(dirname "$0")/backup-client.sh"

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
    *) fail "unknown engine '$KP_ENGINE'" ;;
  esac
}

trap 'exit 0' TERM INT
loaded=''
while :; do
  sleep "${KP_INTERVAL:-30}" &
  wait $!
  current="$(files)"
  if [ "$current" != "$loaded" ]; then
    if reload; then
      say "the server reloaded its certificate"
      loaded="$current"
    else
      say "the reload failed; retrying in ${KP_INTERVAL:-30} s"
    fi
  fi
done
