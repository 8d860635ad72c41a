#!/bin/sh
# Restores one backup that backup.sh wrote into the running server, over the network:
# KP_RESTORE_FILE names it (a file name in the backup volume), or "latest" for the newest backup of
# this instance. PostgreSQL: the dump drops and recreates each database and its objects (errors
# about the roles and databases that must exist, such as the superuser, are expected and listed);
# MySQL and MariaDB: every table in the backup is dropped and recreated with its backed-up rows
# (tables created since the backup stay).
#
# Env: as backup.sh, plus KP_RESTORE_FILE.
set -eu
script=restore
# shellcheck source-path=SCRIPTDIR source=backup-client.sh
. "$(dirname "$0")/backup-client.sh"

name="${KP_RESTORE_FILE:-latest}"
if [ "$name" = latest ]; then
  name="$(backups | head -n 1)"
  [ -n "$name" ] || fail "no backup of $KP_INSTANCE in $KP_BACKUP_DIR"
fi
case "$name" in
  */* | .*) fail "KP_RESTORE_FILE '$name' must be a file name in $KP_BACKUP_DIR" ;;
esac
file="$KP_BACKUP_DIR/$name"
[ -f "$file" ] || fail "no backup $file; the backups of $KP_INSTANCE are: $(backups | tr '\n' ' ')"
gzip -t "$file"
say "restoring $file into $KP_HOST:$KP_PORT"

case "$KP_ENGINE" in
  postgresql)
    log=/tmp/restore.log
    gunzip -c "$file" | psql --host="$KP_HOST" --port="$KP_PORT" --username="$KP_USER" --no-password --dbname=postgres --quiet --output=/dev/null 2>"$log" || fail "psql failed: $(cat "$log")"
    errors="$(grep -c 'ERROR:' "$log" || true)"
    if [ "$errors" -gt 0 ]; then
      say "$errors statements failed (expected for roles and databases that exist, such as $KP_USER):"
      grep 'ERROR:' "$log" >&2
    fi
    ;;
  mysql | mariadb)
    gunzip -c "$file" | "$client_tool" --defaults-extra-file="$client_config" --host="$KP_HOST" --port="$KP_PORT" --user="$KP_USER"
    ;;
esac
say "restored $name"
