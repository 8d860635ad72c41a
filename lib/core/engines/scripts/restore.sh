#!/bin/sh
# Restores one backup that backup.sh wrote into the running server, over the network:
# KP_RESTORE_FILE names it (a file name in the backup volume), or "latest" for the newest backup of
# this instance. PostgreSQL: the dump drops and recreates each database and its objects (errors
# about the roles and databases that must exist, such as the superuser, are expected and listed);
# MySQL and MariaDB: every table in the backup is dropped and recreated with its backed-up rows
# (tables created since the backup stay). MongoDB: mongorestore --drop through the replica set's
# seed list (so it finds the primary): every collection in the backup is replaced, users and roles
# included. Redis: the snapshot is loaded into a Redis server in this
# pod, the primary (KP_HOST) replicates it in full (its replicas follow), then is promoted back;
# the primary's dataset becomes exactly the backup's, and it refuses writes while it copies.
#
# Env: as backup.sh, plus KP_RESTORE_FILE; Redis: KP_RESTORE_HOST (this pod's IP) and
# KP_RESTORE_PORT (the local server's port), KP_RESTORE_TIMEOUT (seconds the primary may take to
# copy the snapshot; default 600).
set -eu
script=restore
# shellcheck source-path=SCRIPTDIR source=backup-client.sh
. "$(dirname "$0")/backup-client.sh"

# Redis: serve the snapshot from a server of our own and make the primary replicate it.
restore_redis() {
  : "${KP_RESTORE_HOST:?the IP of this pod (status.podIP)}" "${KP_RESTORE_PORT:?the port of the local server}"
  dir=/tmp/restore
  mkdir -p "$dir"
  gunzip -c "$file" >"$dir/dump.rdb"
  case "$(cat "$KP_PASSWORD_FILE")" in
    *'
'*) fail "the password contains a line break, which redis.conf cannot hold" ;;
  esac
  {
    printf 'port %s\nbind 0.0.0.0\nprotected-mode no\ndaemonize no\n' "$KP_RESTORE_PORT"
    printf 'dir "%s"\ndbfilename dump.rdb\nappendonly no\nsave ""\n' "$dir"
    # Inside double quotes, redis.conf reads \" and \\ as a quote and a backslash.
    printf 'requirepass "%s"\n' "$(quoted_password)"
  } >"$dir/redis.conf"
  redis-server "$dir/redis.conf" >"$dir/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  deadline=$(($(date +%s) + ${KP_RESTORE_TIMEOUT:-600}))
  until [ "$(rcli 127.0.0.1 "$KP_RESTORE_PORT" PING 2>/dev/null)" = PONG ]; do
    kill -0 "$server" 2>/dev/null || fail "the local Redis server did not start: $(tail -n 5 "$dir/server.log")"
    [ "$(date +%s)" -lt "$deadline" ] || fail "the local Redis server did not load $name in time"
    sleep 1
  done
  keys="$(rcli 127.0.0.1 "$KP_RESTORE_PORT" DBSIZE)"
  say "loaded $name ($keys keys); $KP_HOST:$KP_PORT replicates it"
  [ "$(rcli "$KP_HOST" "$KP_PORT" REPLICAOF "$KP_RESTORE_HOST" "$KP_RESTORE_PORT")" = OK ] || fail "REPLICAOF refused by $KP_HOST:$KP_PORT"
  # Promoted back whatever happens next: a failed restore must not leave the primary a replica.
  trap 'rcli "$KP_HOST" "$KP_PORT" REPLICAOF NO ONE >/dev/null 2>&1; kill "$server" 2>/dev/null || true' EXIT
  until rcli "$KP_HOST" "$KP_PORT" INFO replication | tr -d '\r' | grep -qx 'master_link_status:up'; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$KP_HOST:$KP_PORT did not copy the snapshot in ${KP_RESTORE_TIMEOUT:-600} s; it was promoted back"
    sleep 1
  done
  [ "$(rcli "$KP_HOST" "$KP_PORT" REPLICAOF NO ONE)" = OK ] || fail "REPLICAOF NO ONE refused by $KP_HOST:$KP_PORT"
  trap 'kill "$server" 2>/dev/null || true' EXIT
  restored="$(rcli "$KP_HOST" "$KP_PORT" DBSIZE)"
  # Keys with a TTL may expire in between, so a difference is reported, not fatal.
  [ "$restored" = "$keys" ] || say "$KP_HOST:$KP_PORT holds $restored keys after the copy, the backup $keys (keys that expired since?)"
}

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
  mongodb)
    # --drop: each collection in the backup replaces the live one (collections created since
    # stay); the oplog replayed to the dump's end point on a replica set.
    if [ -n "${KP_REPLICA_SET:-}" ]; then
      gunzip -c "$file" | mongo_tool mongorestore --archive --drop --oplogReplay
    else
      gunzip -c "$file" | mongo_tool mongorestore --archive --drop
    fi
    ;;
  redis)
    restore_redis
    ;;
esac
say "restored $name"
