#!/bin/sh
# Run by cassandra-start.sh in the background while the server starts, when authentication is on.
# Makes the credentials Secret's user the superuser that clients log in as, and keeps the roles
# readable when a node is down:
# 1. Logs in over loopback as the Secret's user. When Cassandra refuses those credentials, it logs
#    in as the default superuser that Cassandra creates on a ring without roles (`cassandra`,
#    password `cassandra`, about 10 s after the first start), creates the Secret's user as a
#    superuser (or, when the Secret names `cassandra`, sets that role's password), and then drops
#    the default superuser as the new user. A default superuser still there is dropped at the next
#    start (a setup cut short).
# 2. Records that clients can log in: the file KP_AUTH_READY, on the data volume, which
#    cassandra-ready.sh waits for (so no node is Ready before the user exists).
# 3. Replicates system_auth (where roles live; Cassandra reads them at LOCAL_QUORUM) with
#    NetworkTopologyStrategy to min(3, nodes Up/Normal) replicas in this datacenter when it has
#    fewer, then repairs it on this node: as the ring grows, the node that joins raises it.
# While CQL does not answer, or before Cassandra has created its default superuser, it retries
# every KP_AUTH_INTERVAL seconds (default 5), for KP_AUTH_TIMEOUT seconds at most (default 900:
# the startup probe's window). Unusable Secret files end it at once, saying why.
#
# The password goes to cqlsh in a credentials file (mode 0600), and to CQL statements in a file,
# never on a command line. So that the file holds it, the username is letters, digits, '.', '_'
# and '-', and the password one line without leading or trailing blanks.
#
# Env: KP_USERNAME_FILE, KP_PASSWORD_FILE (the Secret's files), CASSANDRA_DC (this node's
# datacenter), KP_TLS_DIR (set with `tls`: cqlsh connects with TLS), KP_AUTH_READY (default
# /var/lib/cassandra/.kube-patterns-auth, as cassandra-ready.sh reads it), KP_AUTH_DIR (its private
# files; default /tmp/kube-patterns-cassandra), KP_AUTH_TIMEOUT, KP_AUTH_INTERVAL.
set -eu

fail() {
  echo "cassandra-auth: $*" >&2
  exit 1
}
say() { echo "cassandra-auth: $*" >&2; }

script=cassandra-auth # read by secret-login.sh
login_password_holder="cqlsh's credentials file"
# shellcheck source-path=SCRIPTDIR source=secret-login.sh
. "$(dirname "$0")/secret-login.sh"
username="$login_username"
password="$login_password"
case "$password" in
  [[:space:]]* | *[[:space:]]) fail "the credentials Secret's key 'password' starts or ends with a blank, which cqlsh's credentials file drops" ;;
esac

dir="${KP_AUTH_DIR:-/tmp/kube-patterns-cassandra}"
ready="${KP_AUTH_READY:-/var/lib/cassandra/.kube-patterns-auth}"
interval="${KP_AUTH_INTERVAL:-5}"
umask 077
mkdir -p "$dir"
# credentials <username> <password> <file>: a cqlsh credentials file (cqlsh reads the password raw).
credentials() { printf '[plain_text_auth]\nusername = %s\npassword = %s\n' "$1" "$2" >"$3"; }
credentials "$username" "$password" "$dir/user"
credentials cassandra cassandra "$dir/default"

# cql <credentials file> <cqlsh arguments>...: cqlsh on this node, both output streams. With
# `tls` (KP_TLS_DIR set), over TLS, not verified: loopback is not a name the certificate holds.
cql() {
  file="$1"
  shift
  if [ -n "${KP_TLS_DIR:-}" ]; then
    SSL_VALIDATE=false cqlsh --ssl --credentials "$file" "$@" 127.0.0.1 9042 2>&1
  else
    cqlsh --credentials "$file" "$@" 127.0.0.1 9042 2>&1
  fi
}

# login <credentials file>: 0 when the login works, 2 when Cassandra refuses the credentials, 1
# when it does not answer yet.
login() {
  if output="$(cql "$1" -e 'SELECT release_version FROM system.local')"; then return 0; fi
  case "$output" in
    *'Bad credentials'* | *AuthenticationFailed*) return 2 ;;
  esac
  return 1
}

# quote <text>: a CQL string literal.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

# The Secret's user, created (or its password set) as the default superuser.
create_user() {
  if [ "$username" = cassandra ]; then
    printf 'ALTER ROLE cassandra WITH PASSWORD = %s;\n' "$(quote "$password")" >"$dir/user.cql"
  else
    printf 'CREATE ROLE IF NOT EXISTS %s WITH PASSWORD = %s AND SUPERUSER = true AND LOGIN = true;\nALTER ROLE %s WITH PASSWORD = %s AND SUPERUSER = true AND LOGIN = true;\n' \
      "$(quote "$username")" "$(quote "$password")" "$(quote "$username")" "$(quote "$password")" >"$dir/user.cql"
  fi
  status=0
  output="$(cql "$dir/default" -f "$dir/user.cql")" || status=$?
  rm -f "$dir/user.cql"
  if [ "$status" -ne 0 ]; then
    say "creating the user '$username' as the default superuser failed: $output"
    return 1
  fi
  say "created the user '$username' (superuser) from the credentials Secret"
}

deadline=$(($(date +%s) + ${KP_AUTH_TIMEOUT:-900}))
said=''
# say_once <message>: the message, unless it was the last one said.
say_once() {
  [ "$said" = "$1" ] || say "$1"
  said="$1"
}
while :; do
  status=0
  login "$dir/user" || status=$?
  [ "$status" -ne 0 ] || break
  if [ "$status" -eq 2 ]; then
    status=0
    login "$dir/default" || status=$?
    # Created: log in as the user at once; failed (said why): try again after the interval.
    if [ "$status" -eq 0 ] && create_user; then continue; fi
    [ "$status" -ne 2 ] ||
      say_once "Cassandra refuses both the credentials Secret's user '$username' and the default superuser (it creates that one about 10 s after the first start): retrying; if '$username' exists with another password, set it with ALTER ROLE or put that password back in the Secret"
  else
    say_once "waiting for CQL on 127.0.0.1:9042"
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail "gave up after ${KP_AUTH_TIMEOUT:-900} s: clients cannot log in as '$username'"
  sleep "$interval"
done

# drop_default: 0 once Cassandra's default superuser is gone (dropped now, or before).
drop_default() {
  status=0
  login "$dir/default" || status=$?
  case "$status" in
    2) return 0 ;;
    1) return 1 ;;
  esac
  output="$(cql "$dir/user" -e 'DROP ROLE IF EXISTS cassandra')" || return 1
  say "dropped the default superuser 'cassandra'"
}
# Not Ready while anyone can log in as cassandra/cassandra: a failed drop (a write the ring cannot
# take yet) is retried until the deadline.
if [ "$username" != cassandra ]; then
  until drop_default; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "gave up after ${KP_AUTH_TIMEOUT:-900} s: the default superuser 'cassandra' could not be dropped: $output"
    sleep "$interval"
  done
fi
touch "$ready"
say "clients can log in as '$username'"

# replicate_auth: system_auth's replicas raised to min(3, nodes Up/Normal) in this datacenter, and
# repaired, when it has fewer.
replicate_auth() {
  up="$(nodetool status | grep -c '^UN' || true)"
  target=$((up < 3 ? up : 3))
  [ "$target" -gt 0 ] || return 1
  replication="$(cql "$dir/user" -e "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'system_auth'")" || return 1
  current="$(printf '%s\n' "$replication" | sed -n "s/.*NetworkTopologyStrategy.*'$CASSANDRA_DC': '\([0-9][0-9]*\)'.*/\1/p")"
  if [ "${current:-0}" -ge "$target" ]; then
    say "system_auth has $current replicas in $CASSANDRA_DC ($up nodes Up/Normal)"
    return 0
  fi
  output="$(cql "$dir/user" -e "ALTER KEYSPACE system_auth WITH replication = {'class': 'NetworkTopologyStrategy', '$CASSANDRA_DC': $target}")" || {
    say "raising system_auth's replicas failed: $output"
    return 1
  }
  nodetool repair --full system_auth >&2 || return 1
  say "system_auth replicated to $target nodes in $CASSANDRA_DC, and repaired"
}
attempts=0
until replicate_auth; do
  attempts=$((attempts + 1))
  [ "$attempts" -lt 10 ] || fail "system_auth's replication was not raised after 10 attempts; the next start tries again"
  sleep "$interval"
done
