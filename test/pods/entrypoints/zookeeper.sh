#!/bin/bash
# Stand-in for the official zookeeper image's /docker-entrypoint.sh, for what the ZooKeeper preset
# uses: on first start, /conf/zoo.cfg from the ZOO_* variables (the official defaults where unset),
# one line per entry of ZOO_SERVERS and of ZOO_CFG_EXTRA; myid from ZOO_MY_ID when the data
# directory has none; then the command. (As root the official one would also chown the
# directories and drop to the zookeeper user; the preset never runs as root.)
set -e
conf="${ZOO_CONF_DIR:-/conf}/zoo.cfg"
data="${ZOO_DATA_DIR:-/data}"
if [[ ! -f "$conf" ]]; then
  {
    echo "dataDir=$data"
    echo "dataLogDir=${ZOO_DATA_LOG_DIR:-/datalog}"
    echo "tickTime=${ZOO_TICK_TIME:-2000}"
    echo "initLimit=${ZOO_INIT_LIMIT:-5}"
    echo "syncLimit=${ZOO_SYNC_LIMIT:-2}"
    echo "autopurge.snapRetainCount=${ZOO_AUTOPURGE_SNAPRETAINCOUNT:-3}"
    echo "autopurge.purgeInterval=${ZOO_AUTOPURGE_PURGEINTERVAL:-0}"
    echo "maxClientCnxns=${ZOO_MAX_CLIENT_CNXNS:-60}"
    echo "standaloneEnabled=${ZOO_STANDALONE_ENABLED:-true}"
    echo "admin.enableServer=${ZOO_ADMINSERVER_ENABLED:-true}"
    for server in ${ZOO_SERVERS:-server.1=localhost:2888:3888;2181}; do echo "$server"; done
    [[ -z "${ZOO_4LW_COMMANDS_WHITELIST:-}" ]] || echo "4lw.commands.whitelist=$ZOO_4LW_COMMANDS_WHITELIST"
    for entry in ${ZOO_CFG_EXTRA:-}; do echo "$entry"; done
  } >"$conf"
fi
[[ -f "$data/myid" ]] || echo "${ZOO_MY_ID:-1}" >"$data/myid"
exec "$@"
