#!/bin/bash
# Stand-in for ZooKeeper's bin/zkServer.sh (Debian's package has one, but it comes with the
# desktop Java runtime), for the two commands the ZooKeeper preset uses:
#   start-foreground  runs QuorumPeerMain on $ZOOCFGDIR/zoo.cfg (SERVER_JVMFLAGS, then JVMFLAGS,
#                     passed to java, as the real one does), with
#                     the Prometheus metrics provider's jars on the class path, as in the official image
#   status            asks the server's client port for `srvr` and prints its Mode; exits 1 unless
#                     it serves as leader, follower or standalone, as the real one does
set -euo pipefail
conf="${ZOOCFGDIR:-/conf}/zoo.cfg"
case "${1:-}" in
  start-foreground)
    # The provider's HTTP server: Jetty's servlet container and the servlet API, which the official
    # image has in lib/ and Debian's zookeeper.jar does not name in its class path.
    servlet=/usr/share/java/servlet-api.jar
    for jar in server servlet security http io util; do servlet="$servlet:/usr/share/java/jetty9-$jar.jar"; done
    # shellcheck disable=SC2086 # the flags are lists of options
    exec java ${SERVER_JVMFLAGS:-} ${JVMFLAGS:-} -Dzookeeper.log.dir="${ZOO_LOG_DIR:-/logs}" \
      -cp "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar:$servlet:/usr/share/java/zookeeper-prometheus/*" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$conf"
    ;;
  status)
    data="$(sed -n 's/^dataDir=//p' "$conf")"
    myid="$(cat "$data/myid")"
    port="$(sed -n "s/^server\.$myid=.*;\([0-9]*\)\$/\1/p" "$conf")"
    port="${port:-$(sed -n 's/^clientPort=//p' "$conf")}"
    exec 3<>"/dev/tcp/127.0.0.1/${port:-2181}"
    printf srvr >&3
    mode="$(sed -n 's/^Mode: //p' <&3)"
    echo "Mode: ${mode:-unknown}"
    case "$mode" in leader | follower | standalone) exit 0 ;; *) exit 1 ;; esac
    ;;
  *)
    echo "zkServer.sh (stand-in): only start-foreground and status" >&2
    exit 2
    ;;
esac
