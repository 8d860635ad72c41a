#!/bin/sh
# Stand-in for the official mariadb image's docker-entrypoint.sh, for what the MariaDB (and MySQL)
# preset uses: options alone run mariadbd; on an empty data directory (--datadir), initialize it,
# set root's password for localhost and '%' from MARIADB_ROOT_PASSWORD (or the file
# MARIADB_ROOT_PASSWORD_FILE names), and run the *.sql files of /docker-entrypoint-initdb.d through
# the client, against a temporary server on a Unix socket only, as the official image does; then
# the command.
set -eu
case "${1:-}" in
  -*) set -- mariadbd "$@" ;;
esac
if [ "${1:-}" = mariadbd ]; then
  datadir=/var/lib/mysql
  for arg in "$@"; do
    case "$arg" in --datadir=*) datadir="${arg#--datadir=}" ;; esac
  done
  if [ ! -d "$datadir/mysql" ]; then
    # Like the official image, MYSQL_ROOT_PASSWORD is accepted too (the MySQL preset sets it).
    password="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
    file="${MARIADB_ROOT_PASSWORD_FILE:-${MYSQL_ROOT_PASSWORD_FILE:-}}"
    [ -z "$file" ] || password="$(cat "$file")"
    mkdir -p "$datadir"
    mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal --skip-test-db >/tmp/install-db.log 2>&1 || {
      cat /tmp/install-db.log >&2
      exit 1
    }
    quoted="$(printf '%s' "$password" | sed "s/['\\\\]/\\\\&/g")"
    socket=/tmp/initdb.sock
    mariadbd --datadir="$datadir" --skip-networking --socket="$socket" --pid-file=/tmp/initdb.pid &
    server=$!
    for _ in $(seq 60); do
      mariadb-admin --socket="$socket" -u root ping >/dev/null 2>&1 && break
      sleep 1
    done
    for f in /docker-entrypoint-initdb.d/*.sql; do
      [ -f "$f" ] || continue
      echo "running $f"
      mariadb --socket="$socket" -u root <"$f"
    done
    mariadb --socket="$socket" -u root <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '$quoted';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$quoted';
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
SQL
    MYSQL_PWD="$password" mariadb-admin --socket="$socket" -u root shutdown
    wait "$server"
  fi
fi
exec "$@"
