#!/usr/bin/env bash
# Builds, once, the real control plane and its helpers from their Go modules into the cache
# (outside the repository): kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok
# and kube-score. A second run finds them and returns at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=versions.sh
. "$here/versions.sh"

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
mkdir -p "$BIN"
started=$SECONDS

# k8s.io/kubernetes replaces its k8s.io/* staging modules with local paths, which a module
# download does not have: a wrapper module requires it and points each staging module at its
# published version.
build_kubernetes() {
  local src="$CACHE/src/kubernetes"
  mkdir -p "$src"
  local staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
    cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
    cri-client csi-translation-lib dynamic-resource-allocation endpointslice kms kube-aggregator
    kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils
    pod-security-admission sample-apiserver sample-cli-plugin sample-controller)
  {
    echo "module kube-patterns.local/kubernetes"
    echo "go 1.22"
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    for module in "${staging[@]}"; do
      echo "replace k8s.io/$module => k8s.io/$module $STAGING_VERSION"
    done
  } >"$src/go.mod"
  cat >"$src/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=31 -X k8s.io/component-base/version.gitTreeState=clean"
  (cd "$src" && { go mod tidy -e >/dev/null 2>&1 || true; } && go build -trimpath -ldflags "$ldflags" -o "$BIN/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}

build_etcd() {
  local src="$CACHE/src/etcd"
  mkdir -p "$src"
  cat >"$src/go.mod" <<MOD
module kube-patterns.local/etcd
go 1.22
require go.etcd.io/etcd/server/v3 $ETCD_VERSION
MOD
  cat >"$src/main.go" <<'GO'
// etcd, built from its server module (the repository root module replaces its sub-modules
// with local paths and cannot be built from the module proxy).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$src" && go mod tidy >/dev/null && go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" .)
}

build_tool() { # name module version
  local src="$CACHE/src/$1"
  mkdir -p "$src"
  (cd "$src" && GOBIN="$BIN" go install -trimpath -ldflags "-s -w" "$2@$3")
}

[ -x "$BIN/etcd" ] || { echo "building etcd $ETCD_VERSION"; build_etcd; }
[ -x "$BIN/kwok" ] || { echo "building kwok $KWOK_VERSION"; build_tool kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION"; }
if ! [ -x "$BIN/kube-apiserver" ] || ! [ -x "$BIN/kube-controller-manager" ] || ! [ -x "$BIN/kube-scheduler" ]; then
  echo "building Kubernetes $KUBERNETES_VERSION control plane (slow the first time)"
  build_kubernetes
fi
# kube-linter is not built: its module path (golang.stackrox.io/kube-linter) is refused by the Go
# module proxy reachable here (403), and its GitHub path is not a module path it answers to.
[ -x "$BIN/kube-score" ] || { echo "building kube-score $KUBE_SCORE_VERSION"; build_tool kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION"; }
echo "cluster binaries ready in $BIN ($((SECONDS - started)) s)"
