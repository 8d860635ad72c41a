#!/bin/sh
# Stand-in for the official postgres image's docker-entrypoint.sh, for what the PostgreSQL preset
# uses: options alone run postgres; on an empty PGDATA, initdb with the superuser password from
# POSTGRES_PASSWORD (or the file POSTGRES_PASSWORD_FILE names), password logins over TCP, then the
# scripts in /docker-entrypoint-initdb.d (*.sql through psql, *.sh sourced) against a server
# listening on the Unix socket only, as the official image does; then the command.
set -eu
case "${1:-}" in
  -*) set -- postgres "$@" ;;
esac
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  password="${POSTGRES_PASSWORD:-}"
  [ -z "${POSTGRES_PASSWORD_FILE:-}" ] || password="$(cat "$POSTGRES_PASSWORD_FILE")"
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "$password" >"$pwfile"
  initdb --username=postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA"
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --username postgres --no-password --dbname postgres -f "$f" ;;
      *.sh)
        echo "sourcing $f"
        # shellcheck disable=SC1090 # the user's scripts
        . "$f"
        ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec "$@"
