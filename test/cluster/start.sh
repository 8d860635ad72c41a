#!/usr/bin/env bash
# Starts a real control plane on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, and kwok playing the kubelet of one fake Node, so pods become Running and Ready.
# Creates a default StorageClass (kubernetes.io/no-provisioner) with pre-created hostPath
# PersistentVolumes (ReadWriteOnce for StatefulSet claims, ReadWriteMany for shared claims).
#
#   test/cluster/start.sh <work dir>
# Writes <work dir>/kubeconfig and <work dir>/pids (what stop.sh kills). Logs in <work dir>/logs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=versions.sh
. "$here/versions.sh"
work="${1:?usage: start.sh <work dir>}"
mkdir -p "$work/logs"
: >"$work/pids"

# shellcheck source-path=SCRIPTDIR source=control-plane.sh
. "$here/control-plane.sh"
# The node lifecycle controller stays off: kwok renews no leases, so it would evict every pod.
start_control_plane '*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service-lb-controller,-route'
start kwok "$BIN/kwok" --kubeconfig "$work/kubeconfig" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 10.0.0.1 --server-address "127.0.0.1:$(free_port)"

kubectl apply --server-side -f "$here/fixtures.yaml" >/dev/null
wait_for "the fake node" 60 sh -c "\"$KUBECTL\" --kubeconfig \"$work/kubeconfig\" get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -q True"
# Node admission taints a new Node not-ready; the node lifecycle controller would lift it, but it
# is off (kwok renews no leases, so it would evict every pod). Lift it here.
kubectl taint node kwok-node-0 node.kubernetes.io/not-ready:NoSchedule- >/dev/null 2>&1 || true
echo "cluster up: KUBECONFIG=$work/kubeconfig"
