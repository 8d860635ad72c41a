#!/usr/bin/env bash
# Versions of the integration cluster's components; the cache is keyed by them.
# Kubernetes v1.31.4 is the newest 1.31 patch whose k8s.io staging modules the Go module proxy
# reachable here serves (v0.31.5 and later answer 403 for kube-scheduler, endpointslice and others).
# shellcheck disable=SC2034 # sourced by build.sh and start.sh
KUBERNETES_VERSION=v1.31.4
STAGING_VERSION=v0.31.4
ETCD_VERSION=v3.5.17
KWOK_VERSION=v0.7.0
KUBE_SCORE_VERSION=v1.20.0
CACHE_ROOT="${KUBE_PATTERNS_IT_CACHE:-$HOME/.cache/kube-patterns-it}"
CACHE="$CACHE_ROOT/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
BIN="$CACHE/bin"
KUBECTL="${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.31}"
