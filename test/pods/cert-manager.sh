#!/usr/bin/env bash
# Builds, once, cert-manager's controller and keeps its CRDs beside it, into the real-pods cache:
# the tls tests issue the database's Certificate with a real cert-manager CA issuer. From a git
# checkout of cert-manager/cert-manager (CERT_MANAGER_SRC_GIT: the Go module proxy serves the main
# module, but not the controller's own module, cmd/controller). The Venafi issuer is left out of
# the build (its registrations deleted): the proxy refuses its client library,
# github.com/Venafi/vcert (403); the tests use the CA issuer.
#
#   test/pods/cert-manager.sh     prints the directory holding cert-manager-controller and crds/,
#                                 or the reason, and exits 3, when there is no checkout
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../cluster/versions.sh
. "$here/../cluster/versions.sh"
CERT_MANAGER_VERSION=v1.21.1
out="$CACHE_ROOT/cert-manager-$CERT_MANAGER_VERSION"
if [ -x "$out/cert-manager-controller" ] && [ -d "$out/crds" ]; then
  echo "$out"
  exit 0
fi
git_dir="${CERT_MANAGER_SRC_GIT:-}"
if [ -z "$git_dir" ] || ! git --git-dir "$git_dir" rev-parse -q --verify "$CERT_MANAGER_VERSION^{commit}" >/dev/null; then
  echo "cert-manager not built: set CERT_MANAGER_SRC_GIT to a git checkout (or mirror) of cert-manager/cert-manager that has tag $CERT_MANAGER_VERSION (README, 'Real pods')"
  exit 3
fi
started=$SECONDS
src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
git --git-dir "$git_dir" archive "$CERT_MANAGER_VERSION" | tar -x -C "$src"
sed -i '/venafi/d' "$src/cmd/controller/app/start.go" "$src/internal/apis/config/controller/v1alpha1/defaults.go"
mkdir -p "$out.part/crds"
(cd "$src/cmd/controller" && GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$out.part/cert-manager-controller" .) >&2
cp "$src"/deploy/crds/*.yaml "$out.part/crds/"
rm -rf "$out"
mv "$out.part" "$out"
echo "cert-manager $CERT_MANAGER_VERSION built in $((SECONDS - started)) s" >&2
echo "$out"
