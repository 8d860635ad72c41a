#!/bin/sh
# Stand-in for quay.io/prometheuscommunity/postgres-exporter, whose entrypoint is the exporter
# itself (listening on :9187, configured by DATA_SOURCE_* variables): Debian's build of it.
exec prometheus-postgres-exporter "$@"
