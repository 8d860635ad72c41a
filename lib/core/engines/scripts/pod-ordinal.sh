#!/bin/sh
# Sourced by the other scripts: sets `ordinal` to the StatefulSet ordinal at the end of
# KP_POD_NAME ({statefulset}-{ordinal}, from the downward API), or exits when there is none.
# `script`: the calling script's name, for the error message.

ordinal="${KP_POD_NAME##*-}"
case "$ordinal" in
  '' | *[!0-9]*)
    echo "${script:-pod-ordinal}: cannot read a pod ordinal from pod name '$KP_POD_NAME'" >&2
    exit 1
    ;;
esac
