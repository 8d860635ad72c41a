#!/bin/sh
# Stand-in for the official redis image's docker-entrypoint.sh, for what the Redis preset uses:
# started as a non-root user, the official entrypoint runs redis-server when the first argument is
# an option, and otherwise runs its arguments as given. (As root it would also chown the data
# directory and drop to the redis user; the preset never runs as root.)
set -e
case "${1:-}" in
  -*) set -- redis-server "$@" ;;
esac
exec "$@"
