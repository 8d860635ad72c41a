#!/bin/sh
# Sourced by backup.sh and restore.sh: `say`, `fail`, `backups`, `suffix` (the backups' file
# extension: sql.gz, rdb.gz for Redis, archive.gz for MongoDB), and the client's password in a
# private file under /tmp (PGPASSFILE for PostgreSQL, an option file for MySQL and MariaDB, a
# --config file for MongoDB's tools) or, for Redis, redis-cli's standard input (`rcli`), never in
# a variable or on a command line. Sets dump_tool, client_tool and client_config for MySQL and
# MariaDB, mongo_tool for MongoDB. Expects $script (the caller's name) and KP_ENGINE,
# KP_PASSWORD_FILE, KP_BACKUP_DIR, KP_INSTANCE; MongoDB: KP_USER_FILE, KP_HOST (host, or
# replicaSet/host:port,... for the whole set), KP_PORT, KP_REPLICA_SET (empty for one server).
# KP_CLIENT_TLS=require (the server serves TLS): PostgreSQL, MySQL, MariaDB and MongoDB clients then
# refuse to connect without TLS (encrypted, not verified: they reach the server by names and
# addresses the certificate may not hold; MariaDB 11.4's clients still verify it by the password's
# fingerprint).
: "${script:?set by the script that sources backup-client.sh}"

say() { echo "$script: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

case "$KP_ENGINE" in
  redis) suffix=rdb.gz ;;
  mongodb) suffix=archive.gz ;;
  *) suffix=sql.gz ;;
esac

# This instance's backups, newest first: their names sort by time.
backups() {
  for path in "$KP_BACKUP_DIR/$KP_INSTANCE"-*."$suffix"; do
    case "${path##*/}" in
      "$KP_INSTANCE"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z."$suffix") echo "${path##*/}" ;;
    esac
  done | sort -r
}

# The password for a double-quoted value (MySQL option files, YAML, redis.conf): '\' and '"'
# escaped, trailing line breaks dropped by the caller's $(...).
quoted_password() { sed 's/[\\"]/\\&/g' "$KP_PASSWORD_FILE"; }

umask 077
case "$KP_ENGINE" in
  postgresql)
    # .pgpass format: host:port:database:user:password, with ':' and '\' escaped.
    PGPASSFILE=/tmp/pgpass
    export PGPASSFILE
    printf '*:*:*:*:%s\n' "$(sed 's/[\\:]/\\&/g' "$KP_PASSWORD_FILE")" >"$PGPASSFILE"
    if [ "${KP_CLIENT_TLS:-}" = require ]; then
      PGSSLMODE=require
      export PGSSLMODE
    fi
    ;;
  mysql | mariadb)
    # An option file value in double quotes, with '\' and '"' escaped.
    client_config=/tmp/client.cnf
    printf '[client]\npassword="%s"\n' "$(quoted_password)" >"$client_config"
    if [ "${KP_CLIENT_TLS:-}" = require ]; then
      # MySQL's option, and MariaDB's (whose clients have no ssl-mode).
      if [ "$KP_ENGINE" = mysql ]; then echo 'ssl-mode=REQUIRED'; else echo 'ssl'; fi >>"$client_config"
    fi
    # shellcheck disable=SC2034 # used by the scripts that source this one
    if [ "$KP_ENGINE" = mysql ]; then
      dump_tool=mysqldump
      client_tool=mysql
    else
      dump_tool=mariadb-dump
      client_tool=mariadb
    fi
    ;;
  redis)
    # redis-cli HOST PORT ARGS...: authenticated with the password read from standard input
    # (--askpass), so the command itself cannot read stdin.
    rcli() {
      host="$1"
      port="$2"
      shift 2
      redis-cli -h "$host" -p "$port" --askpass --no-auth-warning "$@" <"$KP_PASSWORD_FILE"
    }
    ;;
  mongodb)
    # A YAML double-quoted string, with '\' and '"' escaped; one line only.
    [ "$(grep -c '' "$KP_PASSWORD_FILE")" -le 1 ] || fail "the password contains a line break, which the tools' --config file cannot hold"
    tools_config=/tmp/mongo-tools.yaml
    printf 'password: "%s"\n' "$(quoted_password)" >"$tools_config"
    case "$KP_HOST" in
      */*) mongo_host="$KP_HOST" ;;
      *) mongo_host="$KP_HOST:$KP_PORT" ;;
    esac
    # mongo_tool TOOL ARGS...: mongodump or mongorestore, connected and authenticated (the user
    # name is no secret: it goes on the command line).
    mongo_tool() {
      tool="$1"
      shift
      if [ "${KP_CLIENT_TLS:-}" = require ]; then set -- --ssl --sslAllowInvalidCertificates "$@"; fi
      "$tool" --host="$mongo_host" --username="$(cat "$KP_USER_FILE")" --authenticationDatabase=admin --config="$tools_config" "$@"
    }
    ;;
  *) fail "unknown engine '$KP_ENGINE'" ;;
esac
