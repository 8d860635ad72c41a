#!/bin/sh
# Sourced by the start scripts of the engines that authenticate with SASL through a JAAS
# configuration (ZooKeeper, Kafka): reads the credentials Secret's files (secret-login.sh) and sets
#   sasl_username  the user name (KP_USERNAME_FILE), letters, digits, '.', '_' and '-' only: it
#                  also names a JAAS option (user_{name}="{password}")
#   sasl_password  the password (KP_PASSWORD_FILE) as the inside of a JAAS double-quoted string:
#                  '\' and '"' escaped; trailing line breaks dropped, as the official images do
#                  with their *_FILE variables
# or exits with a message naming the Secret key. `script`: the calling script's name.

login_username_use='it names a JAAS option'
login_password_holder='a JAAS configuration'
# shellcheck source-path=SCRIPTDIR source=secret-login.sh
. "$(dirname "$0")/secret-login.sh"
# shellcheck disable=SC2034 # read by the start scripts that source this one
sasl_username="$login_username"
# shellcheck disable=SC2034
sasl_password="$(printf '%s' "$login_password" | sed 's/[\\"]/\\&/g')"
