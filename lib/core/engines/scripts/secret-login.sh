#!/bin/sh
# Sourced by the scripts that log in as the credentials Secret's user (sasl-credentials.sh for
# ZooKeeper and Kafka, cassandra-auth.sh): reads the Secret's files and sets
#   login_username  KP_USERNAME_FILE's content: letters, digits, '.', '_' and '-' only, since the
#                   callers write it unquoted into configuration files
#   login_password  KP_PASSWORD_FILE's content, trailing line breaks dropped (as the official
#                   images do with their *_FILE variables); never empty, never several lines
# or exits with a message naming the Secret key. Set by the caller: `script` (its name, for the
# messages), `login_username_use` (what the name is used for, said when it is refused) and
# `login_password_holder` (what must hold the password on one line).

login_fail() {
  echo "${script:-secret-login}: $*" >&2
  exit 1
}

[ -r "$KP_USERNAME_FILE" ] || login_fail "cannot read the credentials Secret's key 'username' ($KP_USERNAME_FILE)"
[ -r "$KP_PASSWORD_FILE" ] || login_fail "cannot read the credentials Secret's key 'password' ($KP_PASSWORD_FILE)"
login_username="$(cat "$KP_USERNAME_FILE")"
case "$login_username" in
  '' | *[!A-Za-z0-9._-]*) login_fail "the credentials Secret's key 'username' must be letters, digits, '.', '_' or '-'${login_username_use:+ ($login_username_use)}" ;;
esac
login_password="$(cat "$KP_PASSWORD_FILE")"
[ -n "$login_password" ] || login_fail "the credentials Secret's key 'password' is empty"
case "$login_password" in
  *'
'*) login_fail "the credentials Secret's key 'password' contains a line break, which ${login_password_holder:-a one-line setting} cannot hold" ;;
esac
