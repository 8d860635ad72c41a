#!/usr/bin/env bash
# Versions of the real Pulumi toolchain the `test:pulumi` suite (test/pulumi-up/) runs; the cache is keyed by them.
# The Pulumi CLI builds from the Go module proxy alone. The Node language host (an untagged nested
# module) and the Kubernetes provider (provider/v4 is untagged) are not served by the module proxy
# reachable here, so they build from git checkouts of the public repositories, at these commits.
# shellcheck disable=SC2034 # sourced by build.sh and the jest global setup's shell steps
PULUMI_VERSION=v3.248.0
PULUMI_COMMIT=dc7edd58bc13179f81b80983aab4eb7f74a01b41 # tag pkg/v3.248.0 of pulumi/pulumi
# 4.32.0 is the newest tag of pulumi/pulumi-kubernetes whose source is reachable here; the npm
# package @pulumi/kubernetes is pinned to the same version in package.json.
KUBERNETES_PROVIDER_VERSION=4.32.0
KUBERNETES_PROVIDER_COMMIT=a03ff6ba58d2f1ea68319dda4b2c982119489c71 # tag v4.32.0
# fluxcd/pkg/ssa: the provider pins a pseudo-version the proxy refuses; v0.71.0 is the nearest served tag.
FLUX_SSA_VERSION=v0.71.0
PULUMI_CACHE_ROOT="${KUBE_PATTERNS_PULUMI_CACHE:-$HOME/.cache/kube-patterns-pulumi}"
PULUMI_CACHE="$PULUMI_CACHE_ROOT/pulumi-$PULUMI_VERSION-kubernetes-$KUBERNETES_PROVIDER_VERSION"
PULUMI_BIN="$PULUMI_CACHE/bin"
