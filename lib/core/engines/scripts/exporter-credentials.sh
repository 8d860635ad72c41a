#!/bin/sh
# Init container: writes a Prometheus exporter's credentials file from the credentials Secret's
# password file, into the memory-backed volume the exporter sidecar mounts read-only. For exporters
# that cannot read a plain password file: redis_exporter wants a JSON map from the Redis address to
# the password, mysqld_exporter a my.cnf, kafka_exporter its flags in an arguments file (@file).
#
# Env: KP_PASSWORD_FILE, KP_OUTPUT_DIR, KP_FORMAT (redis-json, with KP_REDIS_ADDR; my-cnf, with
# KP_USER and KP_PORT, or KP_SOCKET to connect through the server's Unix socket instead; or
# kafka-args, with KP_USERNAME_FILE). Written with mode 0440 (the pod's group, which the exporter
# runs in), under a temporary name and renamed, so the exporter never reads half a file.
set -eu
umask 0227
# Quotes and backslashes escaped for a JSON string and a my.cnf quoted value alike.
password="$(sed 's/[\\"]/\\&/g' "$KP_PASSWORD_FILE")"
case "$KP_FORMAT" in
  redis-json)
    file="$KP_OUTPUT_DIR/redis-passwords.json"
    printf '{"%s": "%s"}\n' "$KP_REDIS_ADDR" "$password" >"$file.tmp"
    ;;
  my-cnf)
    file="$KP_OUTPUT_DIR/my.cnf"
    if [ -n "${KP_SOCKET:-}" ]; then
      printf '[client]\nuser=%s\npassword="%s"\nsocket=%s\n' "$KP_USER" "$password" "$KP_SOCKET" >"$file.tmp"
    else
      printf '[client]\nuser=%s\npassword="%s"\nhost=127.0.0.1\nport=%s\n' "$KP_USER" "$password" "$KP_PORT" >"$file.tmp"
    fi
    ;;
  kafka-args)
    # One argument per line, taken verbatim: no escaping, but no line break in a value.
    file="$KP_OUTPUT_DIR/kafka-exporter.args"
    if [ "$(grep -c '' "$KP_PASSWORD_FILE")" -gt 1 ]; then
      echo "exporter-credentials: the credentials Secret's key 'password' contains a line break, which an arguments file cannot hold" >&2
      exit 1
    fi
    printf -- '--sasl.username=%s\n--sasl.password=%s\n' "$(cat "$KP_USERNAME_FILE")" "$(cat "$KP_PASSWORD_FILE")" >"$file.tmp"
    ;;
  *)
    echo "exporter-credentials: unknown format '$KP_FORMAT'" >&2
    exit 1
    ;;
esac
mv "$file.tmp" "$file"
echo "exporter-credentials: wrote $file" >&2
