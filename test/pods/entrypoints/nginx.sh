#!/bin/sh
# Stand-in for the nginxinc/nginx-unprivileged image's docker-entrypoint.sh: runs its arguments
# (the official one also runs /docker-entrypoint.d scripts, which StatelessWeb does not use).
set -e
exec "$@"
