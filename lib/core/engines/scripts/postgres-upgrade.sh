#!/bin/sh
# Upgrades a PostgreSQL data directory from one major version to the next with pg_upgrade, as an
# init container before the server starts. Runs on every start of the pod and does nothing unless
# the data directory holds the old major: a new instance (no data yet) and an upgraded one start
# as usual. Every step can be interrupted and re-run (the pod restarts the init container).
#
# Layout on the data volume, KP_PGDATA = {mount}/pgdata:
#   {mount}/pgdata                 the data directory the server runs on (old major, then new)
#   {mount}/pgdata-upgrade-{to}    the new cluster while pg_upgrade fills it
#   {mount}/pgdata-{from}          the old cluster, kept after the upgrade (copy: a full copy to
#                                  roll back to; link: hard links, unusable once the new server ran)
#   {mount}/pg_upgrade-work        pg_upgrade's working directory and sockets, removed at the end
#
# Env: KP_PGDATA, KP_FROM and KP_TO (major versions), KP_TRANSFER (copy, link or clone),
# KP_SUPERUSER (the install user, postgres). The image must have both majors' binaries under
# /usr/lib/postgresql/{major}/bin (Debian's layout, as the official image and
# tianon/postgres-upgrade have); KP_BIN_ROOT replaces /usr/lib/postgresql.
set -eu

say() { echo "postgres-upgrade: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

pgdata="$KP_PGDATA"
mount="$(dirname "$pgdata")"
from="$KP_FROM"
to="$KP_TO"
old_bin="${KP_BIN_ROOT:-/usr/lib/postgresql}/$from/bin"
new_bin="${KP_BIN_ROOT:-/usr/lib/postgresql}/$to/bin"
staging="$mount/pgdata-upgrade-$to"
kept="$mount/pgdata-$from"
work="$mount/pg_upgrade-work"
done_marker="$staging/.kube-patterns-upgraded"

# An upgrade that finished but was interrupted between its two renames.
if [ ! -e "$pgdata" ] && [ -f "$done_marker" ]; then
  say "finishing an interrupted upgrade: $staging becomes $pgdata"
  mv "$staging" "$pgdata"
  rm -f "$pgdata/.kube-patterns-upgraded"
  rm -rf "$work"
  exit 0
fi
if [ ! -e "$pgdata" ] && [ -e "$kept" ]; then
  fail "$pgdata is missing but the old cluster is in $kept: move it back to $pgdata to upgrade again, or restore from a backup"
fi
if [ ! -s "$pgdata/PG_VERSION" ]; then
  say "no data in $pgdata yet: nothing to upgrade (the server initializes a new $to cluster)"
  exit 0
fi
current="$(cat "$pgdata/PG_VERSION")"
if [ "$current" = "$to" ]; then
  say "$pgdata is already PostgreSQL $to: nothing to do"
  rm -f "$pgdata/.kube-patterns-upgraded"
  rm -rf "$work"
  exit 0
fi
[ "$current" = "$from" ] || fail "$pgdata holds PostgreSQL $current data, but the upgrade declared goes from $from to $to; set majorUpgrade.fromVersion to '$current'"
[ -x "$old_bin/pg_ctl" ] || fail "this image has no PostgreSQL $from binaries in $old_bin; use an image with both majors, such as tianon/postgres-upgrade:$from-to-$to"
[ -x "$new_bin/pg_upgrade" ] || fail "this image has no PostgreSQL $to binaries in $new_bin; use an image with both majors, such as tianon/postgres-upgrade:$from-to-$to"
[ ! -e "$kept" ] || fail "$kept already exists (an earlier upgrade from $from?); move or delete it, then restart the pod"

say "upgrading $pgdata from PostgreSQL $from to $to ($KP_TRANSFER)"
rm -rf "$staging" "$work"
mkdir -p "$work"
cd "$work"

control() { LC_ALL=C "$old_bin/pg_controldata" -D "$pgdata" | sed -n "s/^$1: *//p"; }
# pg_upgrade needs a cleanly shut down old cluster; a killed pod leaves it "in production".
# Starting and stopping it runs crash recovery.
state="$(control 'Database cluster state')"
if [ "$state" != "shut down" ]; then
  say "the old cluster was not shut down cleanly ($state): recovering it first"
  "$old_bin/pg_ctl" -D "$pgdata" -o "-c listen_addresses='' -c unix_socket_directories='$work'" -w -t 3600 start
  "$old_bin/pg_ctl" -D "$pgdata" -m fast -w stop
fi

# The new cluster must match what pg_upgrade cannot change: data checksums and WAL segment size.
# (From PostgreSQL 16, pg_upgrade gives the new cluster the old one's encoding and locales.)
set -- --username="$KP_SUPERUSER" --auth-local=trust --auth-host=scram-sha-256
set -- "$@" --wal-segsize="$(($(control 'Bytes per WAL segment') / 1048576))"
if [ "$(control 'Data page checksum version')" != 0 ]; then
  set -- "$@" --data-checksums
elif "$new_bin/initdb" --help | grep -q -- --no-data-checksums; then
  set -- "$@" --no-data-checksums
fi
"$new_bin/initdb" "$@" -D "$staging" >/dev/null

"$new_bin/pg_upgrade" --old-bindir="$old_bin" --new-bindir="$new_bin" --old-datadir="$pgdata" --new-datadir="$staging" \
  --username="$KP_SUPERUSER" --socketdir="$work" --"$KP_TRANSFER"

# The server's configuration files come from the old cluster: its client authentication rules,
# listen address and ALTER SYSTEM settings.
for file in postgresql.conf postgresql.auto.conf pg_hba.conf pg_ident.conf; do
  if [ -f "$pgdata/$file" ]; then cp "$pgdata/$file" "$staging/$file"; fi
done
# The marker says the new cluster is complete, so that an interruption between the renames is
# finished on the next start instead of leaving no data directory.
touch "$done_marker"
mv "$pgdata" "$kept"
mv "$staging" "$pgdata"
rm -f "$pgdata/.kube-patterns-upgraded"
rm -rf "$work"
say "done: $pgdata is PostgreSQL $to; the old cluster is kept in $kept (delete it when the upgrade is proven)."
say "optimizer statistics are not carried over before PostgreSQL 18: run vacuumdb --all --analyze-in-stages once the server is up."
