#!/bin/sh
# Stand-in for prom/mysqld-exporter, whose entrypoint is the exporter itself (listening on :9104):
# Debian's build of it.
exec prometheus-mysqld-exporter "$@"
