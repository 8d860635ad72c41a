#!/usr/bin/env bash
# Builds, once, what the real-pods suite adds to the integration cluster, into the same cache as
# test/cluster/build.sh (outside the repository): the kubelet and kube-proxy from the same
# Kubernetes wrapper module as the control plane, and a minimal CoreDNS from its Go module.
# A second run finds them and returns at once. (The container images are built by images.sh.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../cluster/versions.sh
. "$here/../cluster/versions.sh"
COREDNS_VERSION=v1.11.4

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
mkdir -p "$BIN"
started=$SECONDS

# The control plane's wrapper module (test/cluster/build.sh writes it) also builds the node
# components; build.sh runs first so that the module exists.
build_node() {
  bash "$here/../cluster/build.sh" >/dev/null
  local src="$CACHE/src/kubernetes"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=31 -X k8s.io/component-base/version.gitTreeState=clean"
  (cd "$src" && go build -trimpath -ldflags "$ldflags" -o "$BIN/" k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy)
}

# CoreDNS with only the plugins cluster DNS needs (its default build links every plugin).
build_coredns() {
  local src="$CACHE/src/coredns"
  mkdir -p "$src"
  cat >"$src/go.mod" <<MOD
module kube-patterns.local/coredns
go 1.22.0
require github.com/coredns/coredns $COREDNS_VERSION
MOD
  cat >"$src/main.go" <<'GO'
// CoreDNS for the test cluster: the kubernetes plugin answers the cluster domain; nothing else
// is resolved (pods cannot leave the machine).
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

func init() {
	dnsserver.Directives = []string{"bind", "ready", "health", "errors", "log", "cache", "kubernetes"}
}

func main() { coremain.Run() }
GO
  (cd "$src" && go mod tidy && go build -trimpath -ldflags "-s -w" -o "$BIN/coredns" .)
}

if ! [ -x "$BIN/kubelet" ] || ! [ -x "$BIN/kube-proxy" ]; then
  echo "building the Kubernetes $KUBERNETES_VERSION kubelet and kube-proxy (slow the first time)"
  t=$SECONDS
  build_node
  echo "kubelet and kube-proxy built in $((SECONDS - t)) s"
fi
if ! [ -x "$BIN/coredns" ]; then
  echo "building CoreDNS $COREDNS_VERSION"
  t=$SECONDS
  build_coredns
  echo "CoreDNS built in $((SECONDS - t)) s"
fi
echo "node binaries ready in $BIN ($((SECONDS - started)) s)"
