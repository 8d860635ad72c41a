#!/usr/bin/env bash
# Builds the real-pods suite's container images as OCI archives, once, into the cache (no registry
# is reachable here): a pause image from a tiny Go program, and stand-ins for the official database
# images from Debian's packages (mmdebstrap). Each archive's name carries a hash of its inputs (this
# recipe, the packages' candidate versions, the packer), so a rebuild happens only when they change.
#
#   test/pods/images.sh <name>...     prints one "<image reference> <archive>" line per image
#
# Stand-ins run Debian's server with the same UID, data path and PATH lookups as the official
# image; the presets' own start scripts do the rest (see README, "Real pods").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../cluster/versions.sh
. "$here/../cluster/versions.sh"
IMAGES="$CACHE_ROOT/pods-images"
mkdir -p "$IMAGES"
export GOTOOLCHAIN=local CGO_ENABLED=0

# key <text>...: a short hash of the inputs.
key() { printf '%s\n' "$@" | cat - "$here/oci-image.py" | sha256sum | cut -c1-16; }
# Candidate versions of Debian packages, as inputs.
versions() { apt-cache policy "$@" | awk '/^[^ ]/ {p=$1} /Candidate:/ {print p, $2}'; }

# debian_image <name> <tag> <uid> <data dir> <packages...>: Debian essential + the packages, the
# data directory owned by the image's user, and entrypoints/<name>.sh as the official image's
# /usr/local/bin/docker-entrypoint.sh (its ENTRYPOINT). Optional, as variables on the call:
# IMAGE_USER (a system user of the packages, renumbered to <uid> as in the official image),
# IMAGE_PATH (directories put first on PATH), IMAGE_CMD (JSON), IMAGE_SETUP (shell run on the
# root file system, "$1"), IMAGE_FILES (files IMAGE_SETUP copies in, part of the key),
# IMAGE_SUITE (the Debian release, bookworm by default), IMAGE_SOURCES (apt source lines that
# replace the default, to mix releases), IMAGE_ENTRYPOINT (another entrypoint than <name>.sh),
# IMAGE_STOP_SIGNAL (the image's STOPSIGNAL).
debian_image() {
  local name="$1" tag="$2" uid="$3" data="$4"
  shift 4
  local packages="$*" k archive rootfs entrypoint="$here/entrypoints/${IMAGE_ENTRYPOINT:-$name}.sh"
  local user="${IMAGE_USER:-}" path="${IMAGE_PATH:-}" cmd="${IMAGE_CMD:-}" setup="${IMAGE_SETUP:-true}" files="${IMAGE_FILES:-}" stop="${IMAGE_STOP_SIGNAL:-}"
  local suite="${IMAGE_SUITE:-bookworm}" sources=()
  [ -z "${IMAGE_SOURCES:-}" ] || mapfile -t sources <<<"$IMAGE_SOURCES"
  # (The essential hook below keeps /usr/share/man/man1, without which update-alternatives fails
  # for Java's man pages; it changes no other image, so it is not part of the key.)
  # The host's candidate versions stand for bookworm's packages; another suite's are named by the
  # suite alone (a point release there does not rebuild the image; delete the archive to force it).
  # shellcheck disable=SC2086 # a list of files
  k="$(key "debian $suite essential" ${IMAGE_SOURCES:+"$IMAGE_SOURCES"} ${stop:+"$stop"} "$packages" "$uid" "$data" "$user" "$path" "$cmd" "$setup" "$(versions "$@")" "$(cat "$entrypoint" $files)")"
  archive="$IMAGES/$name-$k.tar"
  if [ ! -f "$archive" ]; then
    rootfs="$(mktemp -d)"
    local renumber=true
    [ -z "$user" ] || renumber="sed -i 's/^$user:x:[0-9]*:[0-9]*:/$user:x:$uid:$uid:/' \"\$1/etc/passwd\" && sed -i 's/^$user:x:[0-9]*:/$user:x:$uid:/' \"\$1/etc/group\""
    # shellcheck disable=SC2016 # mmdebstrap's hooks expand $1 (the root file system)
    mmdebstrap --quiet --variant=essential --mode=root --include="${packages// /,}" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
      --customize-hook="$renumber" \
      --customize-hook="$setup" \
      --customize-hook="mkdir -p \"\$1$data\" && chown -R $uid:$uid \"\$1$data\"" \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      --customize-hook="install -D -m 0755 '$entrypoint' \"\$1/usr/local/bin/docker-entrypoint.sh\"" \
      "$suite" "$rootfs" "${sources[@]}" >&2
    python3 "$here/oci-image.py" "$rootfs" "localhost/kube-patterns/$name:$tag" "$archive.part" --user "$uid:$uid" --workdir "$data" \
      --env "PATH=${path:+$path:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --entrypoint '["docker-entrypoint.sh"]' ${cmd:+--cmd "$cmd"} ${stop:+--stop-signal "$stop"} >&2
    mv "$archive.part" "$archive"
    rm -rf "$rootfs"
  fi
  echo "localhost/kube-patterns/$name:$tag $archive"
}

# maven_jars <name> <pom>: the runtime jars of the pom's dependencies, from Maven Central, copied
# once into the cache (a directory named by the pom's hash); prints that directory.
maven_jars() {
  local jars
  jars="$CACHE_ROOT/$1-$(sha256sum "$2" | cut -c1-16)"
  if [ ! -d "$jars" ]; then
    mvn -q -B -Dstyle.color=never -f "$2" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$jars.part" >&2
    mv "$jars.part" "$jars"
  fi
  echo "$jars"
}

# python_wheels <directory name> <requirement>...: the wheels of the requirements and their
# dependencies for bookworm's Python 3.11, downloaded once into the cache by the host's pip (it has
# the host's certificates and settings for PyPI); prints that directory.
python_wheels() {
  local wheels="$CACHE_ROOT/$1"
  shift
  if [ ! -d "$wheels" ]; then
    python3 -m pip download --quiet --only-binary=:all: --python-version 3.11 --platform manylinux2014_x86_64 --implementation cp \
      --dest "$wheels.part" "$@" >&2
    mv "$wheels.part" "$wheels"
  fi
  echo "$wheels"
}

pause_image() {
  local k archive rootfs
  k="$(key "pause" "$(cat "$here/pause/main.go")" "$(go version)")"
  archive="$IMAGES/pause-$k.tar"
  if [ ! -f "$archive" ]; then
    rootfs="$(mktemp -d)"
    (cd "$here/pause" && go build -trimpath -ldflags '-s -w' -o "$rootfs/pause" .)
    python3 "$here/oci-image.py" "$rootfs" localhost/kube-patterns/pause:1 "$archive.part" --user 65535:65535 --entrypoint '["/pause"]' >&2
    mv "$archive.part" "$archive"
    rm -rf "$rootfs"
  fi
  echo "localhost/kube-patterns/pause:1 $archive"
}

# Apt sources with the security updates, for images of another release than the host's (whose own
# sources mmdebstrap uses by default).
TRIXIE=$'deb http://deb.debian.org/debian trixie main\ndeb http://deb.debian.org/debian trixie-updates main\ndeb http://deb.debian.org/debian-security trixie-security main'
BOOKWORM=$'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main'

# shellcheck disable=SC2016 # the IMAGE_SETUP hooks below are expanded by mmdebstrap ($1: the root file system)
for image in "$@"; do
  case "$image" in
    pause) pause_image ;;
    # The official redis image: UID 999, data in /data, redis-server and redis-cli on PATH.
    redis) IMAGE_CMD='["redis-server"]' debian_image redis 7 999 /data redis-server redis-tools ;;
    # The official postgres image: user postgres (999), the server binaries on PATH, PGDATA below
    # /var/lib/postgresql, sockets in /var/run/postgresql, STOPSIGNAL SIGINT (fast shutdown, which
    # disconnects clients: with SIGTERM's smart shutdown, a sidecar's open connection, such as the
    # exporter's, holds the server until the grace period ends). Debian's cluster layout is removed.
    postgres)
      IMAGE_USER=postgres IMAGE_PATH=/usr/lib/postgresql/15/bin IMAGE_CMD='["postgres"]' IMAGE_STOP_SIGNAL=SIGINT \
        IMAGE_SETUP='rm -rf "$1/var/lib/postgresql/15" "$1/etc/postgresql/15" && mkdir -p "$1/var/run/postgresql" && chown 999:999 "$1/var/run/postgresql"' \
        debian_image postgres 15 999 /var/lib/postgresql postgresql-15
      ;;
    # The same on PostgreSQL 17 (Debian trixie's), for the major-version upgrade from 15.
    postgres17)
      IMAGE_SUITE=trixie IMAGE_SOURCES="$TRIXIE" IMAGE_ENTRYPOINT=postgres IMAGE_USER=postgres IMAGE_PATH=/usr/lib/postgresql/17/bin IMAGE_CMD='["postgres"]' IMAGE_STOP_SIGNAL=SIGINT \
        IMAGE_SETUP='rm -rf "$1/var/lib/postgresql/17" "$1/etc/postgresql/17" && mkdir -p "$1/var/run/postgresql" && chown 999:999 "$1/var/run/postgresql"' \
        debian_image postgres 17 999 /var/lib/postgresql postgresql-17
      ;;
    # tianon/postgres-upgrade:15-to-17: both majors' binaries under /usr/lib/postgresql/{major}/bin,
    # user postgres (999); 15 comes from bookworm, 17 from trixie, each at the patch release of the
    # server images (a 17 older than the 15 it reads can fail: 15.20 data did not restore into 17.11).
    postgres-upgrade)
      IMAGE_SUITE=trixie IMAGE_ENTRYPOINT=postgres IMAGE_USER=postgres IMAGE_CMD='["pg_upgrade"]' \
        IMAGE_SOURCES="$TRIXIE"$'\n'"$BOOKWORM" \
        IMAGE_SETUP='rm -rf "$1"/var/lib/postgresql/1? "$1"/etc/postgresql/1?' \
        debian_image postgres-upgrade 15-to-17 999 /var/lib/postgresql postgresql-15 postgresql-17
      ;;
    # The exporters' official images run the exporter as their entrypoint, as user nobody.
    postgres-exporter | redis-exporter | mysqld-exporter)
      IMAGE_USER=nobody debian_image "$image" 1 65534 /tmp "prometheus-$image"
      ;;
    # The official zookeeper image: user zookeeper (1000), /docker-entrypoint.sh generating
    # /conf/zoo.cfg from ZOO_* variables, zkServer.sh on PATH, the Prometheus metrics provider's
    # jars. Debian's ZooKeeper 3.8 library and the headless Java runtime, the provider's jars from
    # Maven Central (zookeeper/pom.xml), and a stand-in zkServer.sh (test/pods/zookeeper/).
    zookeeper)
      jars="$(maven_jars zookeeper-prometheus "$here/zookeeper/pom.xml")"
      IMAGE_FILES="$here/zookeeper/zkServer.sh $here/zookeeper/pom.xml" \
        IMAGE_SETUP="echo 'zookeeper:x:1000:1000::/data:/usr/sbin/nologin' >>\"\$1/etc/passwd\" && echo 'zookeeper:x:1000:' >>\"\$1/etc/group\" && install -m 0755 '$here/zookeeper/zkServer.sh' \"\$1/usr/local/bin/zkServer.sh\" && install -D -m 0644 -t \"\$1/usr/share/java/zookeeper-prometheus\" '$jars'/*.jar && ln -s usr/local/bin/docker-entrypoint.sh \"\$1/docker-entrypoint.sh\" && mkdir -p \"\$1/conf\" \"\$1/logs\" \"\$1/datalog\" && chown 1000:1000 \"\$1/conf\" \"\$1/logs\" \"\$1/datalog\"" \
        IMAGE_CMD='["zkServer.sh", "start-foreground"]' \
        debian_image zookeeper 3.8 1000 /data libzookeeper-java default-jre-headless
      ;;
    # The official apache/kafka image: user appuser (1000), /etc/kafka/docker/run writing
    # server.properties from KAFKA_* variables, the scripts in /opt/kafka/bin. Debian's headless
    # Java runtime, Kafka's jars from Maven Central (kafka/pom.xml), stand-ins for the run script
    # (entrypoints/kafka.sh) and for the bin/ scripts the preset and the tests use (kafka/).
    kafka)
      jars="$(maven_jars kafka-jars "$here/kafka/pom.xml")"
      tools="kafka-server-start kafka-storage kafka-broker-api-versions kafka-topics kafka-console-producer kafka-console-consumer kafka-configs"
      IMAGE_FILES="$here/kafka/pom.xml $here/kafka/kafka-tool.sh $here/kafka/log4j.properties $here/kafka/tools-log4j.properties" \
        IMAGE_SETUP="echo 'appuser:x:1000:1000::/home/appuser:/usr/sbin/nologin' >>\"\$1/etc/passwd\" && echo 'appuser:x:1000:' >>\"\$1/etc/group\" && install -D -m 0644 -t \"\$1/opt/kafka/libs\" '$jars'/*.jar && for tool in $tools; do install -D -m 0755 '$here/kafka/kafka-tool.sh' \"\$1/opt/kafka/bin/\$tool.sh\"; done && install -D -m 0644 -t \"\$1/opt/kafka/config\" '$here/kafka/log4j.properties' '$here/kafka/tools-log4j.properties' && chown 1000:1000 \"\$1/opt/kafka/config\" && mkdir -p \"\$1/etc/kafka/docker\" && ln -s /usr/local/bin/docker-entrypoint.sh \"\$1/etc/kafka/docker/run\"" \
        IMAGE_CMD='["/etc/kafka/docker/run"]' \
        debian_image kafka 3.9.1 1000 /var/lib/kafka/data default-jre-headless
      ;;
    # The official cassandra image: user cassandra (999), data in /var/lib/cassandra, the
    # configuration in /etc/cassandra (writable: its docker-entrypoint.sh edits cassandra.yaml in
    # place), cassandra, nodetool and cqlsh in /opt/cassandra/bin on PATH. Debian's headless Java 17
    # runtime and Python, Cassandra's jars from Maven Central (cassandra/pom.xml), stand-ins for
    # bin/cassandra and nodetool (cassandra/cassandra-tool.sh) and for the distribution's
    # configuration files (cassandra/), cqlsh from PyPI (pinned) in a virtual environment.
    cassandra)
      jars="$(maven_jars cassandra-jars "$here/cassandra/pom.xml")"
      wheels="$(python_wheels cqlsh-wheels-6.2.2 'cqlsh==6.2.2' 'cassandra-driver==3.30.1')"
      c="$here/cassandra"
      IMAGE_FILES="$c/pom.xml $c/cassandra-tool.sh $c/cassandra.yaml $c/cassandra-rackdc.properties $c/logback.xml $c/logback-tools.xml" \
        IMAGE_SETUP="echo 'cassandra:x:999:999::/var/lib/cassandra:/usr/sbin/nologin' >>\"\$1/etc/passwd\" && echo 'cassandra:x:999:' >>\"\$1/etc/group\" && install -D -m 0644 -t \"\$1/opt/cassandra/lib\" '$jars'/*.jar && for tool in cassandra nodetool; do install -D -m 0755 '$c/cassandra-tool.sh' \"\$1/opt/cassandra/bin/\$tool\"; done && install -D -m 0644 -o 999 -g 999 -t \"\$1/etc/cassandra\" '$c/cassandra.yaml' '$c/cassandra-rackdc.properties' '$c/logback.xml' '$c/logback-tools.xml' && chown 999:999 \"\$1/etc/cassandra\" && mkdir \"\$1/tmp/wheels\" && cp '$wheels'/*.whl \"\$1/tmp/wheels/\" && chroot \"\$1\" python3 -m venv /opt/cassandra/cqlsh && chroot \"\$1\" /opt/cassandra/cqlsh/bin/pip install --quiet --no-index --find-links /tmp/wheels 'cqlsh==6.2.2' && rm -r \"\$1/tmp/wheels\" && ln -s ../cqlsh/bin/cqlsh \"\$1/opt/cassandra/bin/cqlsh\"" \
        IMAGE_PATH=/opt/cassandra/bin IMAGE_CMD='["cassandra", "-f"]' \
        debian_image cassandra 5.0 999 /var/lib/cassandra default-jre-headless python3 python3-venv hostname
      ;;
    # The official rclone/rclone image (rclone as the entrypoint), for backup.s3's copy: Debian's
    # rclone 1.60 (the preset pins 1.68).
    rclone)
      debian_image rclone 1 65534 /tmp rclone ca-certificates
      ;;
    # An S3-compatible server for the backup.s3 test: moto (from PyPI, pinned) in server mode; pip
    # in the image installs the wheels from the cache's directory only.
    s3)
      wheels="$(python_wheels moto-wheels-5.2.5 'moto[server]==5.2.5')"
      IMAGE_SETUP="mkdir \"\$1/tmp/wheels\" && cp '$wheels'/*.whl \"\$1/tmp/wheels/\" && chroot \"\$1\" python3 -m venv /opt/moto && chroot \"\$1\" /opt/moto/bin/pip install --quiet --no-index --find-links /tmp/wheels 'moto[server]==5.2.5' && rm -r \"\$1/tmp/wheels\"" \
        debian_image s3 1 65534 /tmp python3 python3-venv
      ;;
    # The official mariadb image: user mysql (999), data in /var/lib/mysql, listening on every address.
    mariadb)
      IMAGE_USER=mysql IMAGE_CMD='["mariadbd"]' \
        IMAGE_SETUP='sed -i "s/^bind-address.*/bind-address = 0.0.0.0/" "$1/etc/mysql/mariadb.conf.d/50-server.cnf" && rm -rf "$1"/var/lib/mysql/* && mkdir -p "$1/run/mysqld" && chown 999:999 "$1/run/mysqld"' \
        debian_image mariadb 10.11 999 /var/lib/mysql mariadb-server mariadb-client
      ;;
    # nginxinc/nginx-unprivileged: UID 101, port 8080, its nginx.conf (test/pods/nginx.conf); curl
    # for the tests' requests from inside the pods.
    nginx)
      IMAGE_USER=www-data IMAGE_CMD='["nginx", "-g", "daemon off;"]' \
        IMAGE_FILES="$here/nginx.conf" IMAGE_SETUP="install -m 0644 '$here/nginx.conf' \"\$1/etc/nginx/nginx.conf\"" \
        debian_image nginx 1 101 /usr/share/nginx/html nginx-light curl
      ;;
    *)
      echo "images.sh: unknown image $image" >&2
      exit 1
      ;;
  esac
done
