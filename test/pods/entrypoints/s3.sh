#!/bin/sh
# An S3-compatible server for the backup tests: moto's server mode (its S3 API in memory), on
# port 5000 of every address of the pod. Not a stand-in for any image of the presets.
exec /opt/moto/bin/moto_server -H 0.0.0.0 -p 5000
