#!/bin/sh
# Takes one logical backup of a database server over the network, compressed, into the backup
# volume, named by UTC timestamp ({instance}-{YYYYmmddTHHMMSSZ}.sql.gz; Redis: an RDB snapshot,
# .rdb.gz, streamed by the server with its replication protocol; MongoDB: a mongodump archive,
# .archive.gz), then keeps the newest
# KP_KEEP backups of this instance and deletes the older ones. A backup is written under a
# .partial name, checked (gzip -t) and renamed only when the dump succeeded, so a failed run
# leaves the earlier backups untouched and never counts as one.
#
# Env: KP_ENGINE (postgresql, mysql, mariadb, mongodb or redis), KP_HOST, KP_PORT, KP_USER, KP_PASSWORD_FILE (the
# credentials Secret's password, mounted as a file), KP_INSTANCE, KP_BACKUP_DIR, KP_KEEP. The
# password reaches the client through a private file in /tmp, never a variable or an argument.
set -eu
script=backup
# shellcheck source-path=SCRIPTDIR source=backup-client.sh
. "$(dirname "$0")/backup-client.sh"

case "$KP_ENGINE" in
  postgresql)
    # --clean --if-exists: a restore drops and recreates what the backup holds.
    dump() { pg_dumpall --host="$KP_HOST" --port="$KP_PORT" --username="$KP_USER" --no-password --clean --if-exists; }
    ;;
  mysql | mariadb)
    # One consistent snapshot of every InnoDB table, without locking writers.
    dump() { "$dump_tool" --defaults-extra-file="$client_config" --host="$KP_HOST" --port="$KP_PORT" --user="$KP_USER" --single-transaction --all-databases --routines --events --triggers; }
    ;;
  mongodb)
    # From the last member (a secondary while the set is healthy); with the oplog of the dump's
    # duration on a replica set, so that the restore is consistent to one point in time.
    if [ -n "${KP_REPLICA_SET:-}" ]; then
      dump() { mongo_tool mongodump --readPreference=secondaryPreferred --oplog --archive; }
    else
      dump() { mongo_tool mongodump --archive; }
    fi
    ;;
  redis)
    # The server forks a snapshot (as BGSAVE does) and streams it; redis-cli's messages go to the log.
    dump() {
      rcli "$KP_HOST" "$KP_PORT" --rdb /tmp/dump.rdb >&2 || return
      cat /tmp/dump.rdb && rm -f /tmp/dump.rdb
    }
    ;;
esac

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
final="$KP_BACKUP_DIR/$KP_INSTANCE-$stamp.$suffix"
partial="$final.partial"
failed=/tmp/backup-dump-failed
trap 'rm -f "$partial" "$failed"' EXIT
rm -f "$failed"
# POSIX sh has no pipefail: the dump's status goes through a file.
{ dump || echo "$?" >"$failed"; } | gzip >"$partial"
if [ -e "$failed" ]; then
  say "the dump failed (exit $(cat "$failed")); earlier backups are kept"
  exit 1
fi
gzip -t "$partial"
mv "$partial" "$final"
say "wrote $final ($(wc -c <"$final") bytes)"

# Retention: keep the newest KP_KEEP of this instance.
backups | tail -n +"$((KP_KEEP + 1))" | while read -r old; do
  rm -f "$KP_BACKUP_DIR/$old"
  say "removed $old (keeping the newest $KP_KEEP)"
done
