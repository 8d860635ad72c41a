#!/bin/sh
# Initiates the replica set once, from pod 0, in the background: waits until the local mongod
# accepts the root user, then runs rs.initiate() with every member unless the set already
# exists. Retries until every member answers (initiation needs all of them). Pod 0 gets
# priority 2, the others 1.
#
# Env: KP_PORT, KP_REPLICA_SET, KP_MEMBERS (comma-separated host:port, pod 0 first),
# MONGO_INITDB_ROOT_USERNAME_FILE and MONGO_INITDB_ROOT_PASSWORD_FILE (the root user's files;
# mongodb-client.sh logs in with them), KP_TLS_DIR (with `tls`). KP_DRY_RUN=1: print the members
# document.
set -eu

members=''
id=0
old_ifs="$IFS"
IFS=','
for host in $KP_MEMBERS; do
  # Pod 0 has the higher priority, so it is the primary whenever it is healthy (and the
  # {name}-primary Service, which selects pod 0, reaches the primary).
  priority=1
  [ "$id" -eq 0 ] && priority=2
  members="${members:+$members, }{ _id: $id, host: '$host', priority: $priority }"
  id=$((id + 1))
done
IFS="$old_ifs"
config="{ _id: '$KP_REPLICA_SET', members: [$members] }"

if [ "${KP_DRY_RUN:-}" = 1 ]; then
  echo "$config"
  exit 0
fi

KP_USER_FILE="$MONGO_INITDB_ROOT_USERNAME_FILE"
KP_PASSWORD_FILE="$MONGO_INITDB_ROOT_PASSWORD_FILE"
# shellcheck source-path=SCRIPTDIR source=mongodb-client.sh
. "$(dirname "$0")/mongodb-client.sh"
script="
  try {
    rs.status();
    print('replica set already initiated');
  } catch (e) {
    if (e.codeName !== 'NotYetInitialized') throw e;
    rs.initiate($config);
    print('replica set initiated');
  }"
until mongo_eval "$script"; do
  sleep 5
done
