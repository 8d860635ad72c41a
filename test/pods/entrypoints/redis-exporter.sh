#!/bin/sh
# Stand-in for oliver006/redis_exporter, whose entrypoint is the exporter itself (listening on
# :9121, configured by REDIS_* variables and flags): Debian's build of it.
exec prometheus-redis-exporter "$@"
