#!/usr/bin/env bash
# Builds, once, the real Pulumi toolchain the `test:pulumi` suite (test/pulumi-up/) runs, into a cache outside the
# repository (see versions.sh): the `pulumi` CLI, the Node and Python language hosts
# (`pulumi-language-nodejs`, `pulumi-language-python`, for the Python program of the component
# package) and the Kubernetes provider (`pulumi-resource-kubernetes`).
# A second run finds them and returns at once.
#
#   PULUMI_SRC_GIT=<git dir of pulumi/pulumi> \
#   PULUMI_KUBERNETES_SRC_GIT=<git dir of pulumi/pulumi-kubernetes> test/pulumi/build.sh
#
# Exit status: 0 when the binaries are ready; 3 when they are missing and cannot be built because
# a source checkout is not given (one line on stderr says which); anything else is a failed build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=versions.sh
. "$here/versions.sh"

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
# The checksum database reachable here has no entry for pulumi's own modules at these versions.
export GONOSUMDB=github.com/pulumi
# From pulumi/pulumi pkg/go.mod: the only replace that is not a local path.
CLIPBOARD_REPLACE='github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e'
started=$SECONDS

cli_ready() { [ -x "$PULUMI_BIN/pulumi" ] && [ -x "$PULUMI_BIN/pulumi-language-nodejs" ] && [ -x "$PULUMI_BIN/pulumi-language-python" ] && [ -x "$PULUMI_BIN/pulumi-language-python-exec" ]; }
ready() { cli_ready && [ -x "$PULUMI_BIN/pulumi-resource-kubernetes" ]; }
if ready; then
  echo "pulumi binaries ready in $PULUMI_BIN"
  exit 0
fi

# Extracts <paths> of <commit> from the git directory named by <variable> into <dest>, once
# (the marker file holds the paths, so a longer list extracts again).
extract() { # variable commit dest paths...
  local variable="$1" commit="$2" dest="$3"
  shift 3
  [ "$(cat "$dest/.extracted" 2>/dev/null)" = "$commit $*" ] && return 0
  local git_dir="${!variable:-}"
  if [ -z "$git_dir" ] || ! git --git-dir "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "test:pulumi skipped: set $variable to a git checkout (or mirror) of the public repository that has commit $commit (see README, 'Real pulumi up')" >&2
    exit 3
  fi
  rm -rf "$dest" && mkdir -p "$dest"
  # Mirrors may lack large blobs (a provider schema, test data) outside these paths; git still
  # names them ("invalid object") while archiving the rest, and exits 0. Those lines are dropped.
  git --git-dir "$git_dir" archive "$commit" -- "$@" 2> >(grep -v '^error: invalid object' >&2 || true) | tar -x -C "$dest"
  echo "$commit $*" >"$dest/.extracted"
}

# The CLI and the language hosts in one wrapper module: the CLI from the module proxy, the language
# hosts from their source at the same commit (local replaces, since the proxy refuses their pseudo-versions).
build_cli() {
  local src="$PULUMI_CACHE/src/pulumi" work="$PULUMI_CACHE/build/cli" none=v3.0.0-00010101000000-000000000000
  local nodejs=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 python=github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
  extract PULUMI_SRC_GIT "$PULUMI_COMMIT" "$src" sdk/nodejs/cmd/pulumi-language-nodejs sdk/python/cmd/pulumi-language-python \
    sdk/python/cmd/pulumi-language-python-exec
  rm -rf "$work" && mkdir -p "$work" && cd "$work"
  go mod init kube-patterns.local/pulumi-cli >/dev/null 2>&1
  go mod edit -go=1.26 -replace="$CLIPBOARD_REPLACE" \
    -require="$nodejs@$none" -replace="$nodejs=$src/sdk/nodejs/cmd/pulumi-language-nodejs" \
    -require="$python@$none" -replace="$python=$src/sdk/python/cmd/pulumi-language-python"
  go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" \
    "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION" "$nodejs@$none" "$python@$none"
  # The language hosts may ask for a newer sdk/v3; the CLI and hosts must run the same one.
  go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$PULUMI_BIN/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$nodejs" "$python"
  # The Python host runs programs through this script, which it expects beside itself.
  install -m 0755 "$src/sdk/python/cmd/pulumi-language-python-exec" "$PULUMI_BIN/"
}

# fluxcd/pkg/ssa at the served tag still has a case for autoscaling/v2beta2, which the k8s.io/api the
# provider uses no longer has (Kubernetes stopped serving it in 1.26): a copy without that case.
prepare_flux_ssa() {
  local dest="$PULUMI_CACHE/src/fluxcd-ssa"
  [ -e "$dest/.patched" ] && return 0
  local download="$PULUMI_CACHE/build/ssa-download"
  rm -rf "$download" "$dest" && mkdir -p "$download"
  (cd "$download" && go mod init kube-patterns.local/ssa-download >/dev/null 2>&1 && go mod download "github.com/fluxcd/pkg/ssa@$FLUX_SSA_VERSION")
  cp -r "$(go env GOMODCACHE)/github.com/fluxcd/pkg/ssa@$FLUX_SSA_VERSION" "$dest"
  chmod -R u+w "$dest"
  # Drop the import and the `case *hpav2beta2...` block (up to the next case).
  perl -0pi -e 's/\n\s*hpav2beta2 "k8s.io\/api\/autoscaling\/v2beta2"//; s/\n\t\tcase \*hpav2beta2\.HorizontalPodAutoscaler:.*?(?=\n\t\tcase )//s' "$dest/normalize/normalize.go"
  if grep -q v2beta2 "$dest/normalize/normalize.go"; then
    echo "build.sh: could not remove autoscaling/v2beta2 from fluxcd/pkg/ssa $FLUX_SSA_VERSION" >&2
    exit 1
  fi
  touch "$dest/.patched"
}

# The provider from its provider/ tree at the tag, with its own main package (the module's command
# embeds schema.json, a large file the checkouts reachable here lack; a stub serves only GetSchema
# and reads of resources with no inputs, `.get()` and import, which these programs do not use).
build_provider() {
  local src="$PULUMI_CACHE/src/pulumi-kubernetes" work="$PULUMI_CACHE/build/provider"
  extract PULUMI_KUBERNETES_SRC_GIT "$KUBERNETES_PROVIDER_COMMIT" "$src" provider \
    ':(exclude)provider/cmd/pulumi-gen-kubernetes/terraform.json' ':(exclude)provider/cmd/pulumi-resource-kubernetes/schema.json'
  prepare_flux_ssa
  # pkg/v3 v3.248.0 made schema.PackageSpec.Provider a pointer (the provider was written for v3.243.0,
  # which the proxy refuses).
  sed -i 's|^\t\tProvider: pschema.ResourceSpec{|\t\tProvider: \&pschema.ResourceSpec{|' "$src/provider/pkg/gen/schema.go"
  rm -rf "$work" && mkdir -p "$work" && cd "$work"
  go mod init kube-patterns.local/pulumi-kubernetes-provider >/dev/null 2>&1
  go mod edit -go=1.26.0 -replace="$CLIPBOARD_REPLACE" \
    -require=github.com/pulumi/pulumi-kubernetes/provider/v4@v4.0.0-00010101000000-000000000000 \
    -replace=github.com/pulumi/pulumi-kubernetes/provider/v4="$src/provider" \
    -replace=github.com/fluxcd/pkg/ssa="$PULUMI_CACHE/src/fluxcd-ssa" \
    -require="github.com/pulumi/pulumi-kubernetes/sdk/v4@v$KUBERNETES_PROVIDER_VERSION" \
    -require="github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" -require="github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  cat >main.go <<'GO'
// pulumi-resource-kubernetes, served from the provider package with the mappings of its release.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema.json
var schema []byte

//go:embed terraform-mapping.json
var terraformMapping []byte

//go:embed helm-mapping.json
var helmMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping, helmMapping)
}
GO
  printf '{"name":"kubernetes","version":"%s"}' "$KUBERNETES_PROVIDER_VERSION" >schema.json
  cp "$src/provider/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$src/provider/cmd/pulumi-resource-kubernetes/helm-mapping.json" .
  go mod tidy
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" \
    -o "$PULUMI_BIN/pulumi-resource-kubernetes" .
}

mkdir -p "$PULUMI_BIN"
if ! cli_ready; then
  echo "building the Pulumi CLI and the Node and Python language hosts $PULUMI_VERSION (slow the first time)"
  t=$SECONDS
  build_cli
  echo "pulumi CLI and language hosts built in $((SECONDS - t)) s"
fi
if ! [ -x "$PULUMI_BIN/pulumi-resource-kubernetes" ]; then
  echo "building the Kubernetes provider $KUBERNETES_PROVIDER_VERSION (slow the first time)"
  t=$SECONDS
  build_provider
  echo "Kubernetes provider built in $((SECONDS - t)) s"
fi
ready
echo "pulumi binaries ready in $PULUMI_BIN ($((SECONDS - started)) s)"
