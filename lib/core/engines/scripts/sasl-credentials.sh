#!/bin/sh
# Sourced by the start scripts of the engines that authenticate with SASL through a JAAS
# configuration (ZooKeeper, Kafka): reads the credentials Secret's files and sets
#   sasl_username  the user name (KP_USERNAME_FILE), letters, digits, '.', '_' and '-' only: it
#                  also names a JAAS option (user_{name}="{password}")
#   sasl_password  the password (KP_PASSWORD_FILE) as the inside of a JAAS double-quoted string:
#                  '\' and '"' escaped; trailing line breaks dropped, as the official images do
#                  with their *_FILE variables
# or exits with a message naming the Secret key. `script`: the calling script's name.

sasl_fail() {
  echo "${script:-sasl-credentials}: $*" >&2
  exit 1
}

[ -r "$KP_USERNAME_FILE" ] || sasl_fail "cannot read the credentials Secret's key 'username' ($KP_USERNAME_FILE)"
[ -r "$KP_PASSWORD_FILE" ] || sasl_fail "cannot read the credentials Secret's key 'password' ($KP_PASSWORD_FILE)"
sasl_username="$(cat "$KP_USERNAME_FILE")"
case "$sasl_username" in
  '' | *[!A-Za-z0-9._-]*) sasl_fail "the credentials Secret's key 'username' must be letters, digits, '.', '_' or '-' (it names a JAAS option)" ;;
esac
sasl_password="$(sed 's/[\\"]/\\&/g' "$KP_PASSWORD_FILE")"
[ -n "$sasl_password" ] || sasl_fail "the credentials Secret's key 'password' is empty"
case "$sasl_password" in
  *'
'*) sasl_fail "the credentials Secret's key 'password' contains a line break, which a JAAS configuration cannot hold" ;;
esac
