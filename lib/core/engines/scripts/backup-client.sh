#!/bin/sh
# Sourced by backup.sh and restore.sh: `say`, `fail`, `backups`, `suffix` (the backups' file
# extension: sql.gz, or rdb.gz for Redis), and the client's password in a private file under /tmp
# (PGPASSFILE for PostgreSQL, an option file for MySQL and MariaDB) or, for Redis, redis-cli's
# standard input (`rcli`), never in a variable or on a command line. Sets dump_tool, client_tool
# and client_config for MySQL and MariaDB. Expects $script (the caller's name) and KP_ENGINE,
# KP_PASSWORD_FILE, KP_BACKUP_DIR, KP_INSTANCE.
: "${script:?set by the script that sources backup-client.sh}"

say() { echo "$script: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

suffix=sql.gz
[ "$KP_ENGINE" != redis ] || suffix=rdb.gz

# This instance's backups, newest first: their names sort by time.
backups() {
  for path in "$KP_BACKUP_DIR/$KP_INSTANCE"-*."$suffix"; do
    case "${path##*/}" in
      "$KP_INSTANCE"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z."$suffix") echo "${path##*/}" ;;
    esac
  done | sort -r
}

umask 077
case "$KP_ENGINE" in
  postgresql)
    # .pgpass format: host:port:database:user:password, with ':' and '\' escaped.
    PGPASSFILE=/tmp/pgpass
    export PGPASSFILE
    printf '*:*:*:*:%s\n' "$(sed 's/[\\:]/\\&/g' "$KP_PASSWORD_FILE")" >"$PGPASSFILE"
    ;;
  mysql | mariadb)
    # An option file value in double quotes, with '\' and '"' escaped.
    client_config=/tmp/client.cnf
    printf '[client]\npassword="%s"\n' "$(sed 's/[\\"]/\\&/g' "$KP_PASSWORD_FILE")" >"$client_config"
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
  *) fail "unknown engine '$KP_ENGINE'" ;;
esac
