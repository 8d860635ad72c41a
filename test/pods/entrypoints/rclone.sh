#!/bin/sh
# Stand-in for the official rclone/rclone image's entrypoint: rclone with the container's args.
exec rclone "$@"
