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
mkdir -p "$work/logs" "$work/certs"
: >"$work/pids"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
start() { # name command...
  local name="$1"
  shift
  "$@" >"$work/logs/$name.log" 2>&1 &
  echo "$! $name" >>"$work/pids"
}
wait_for() { # description seconds command...
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "start.sh: $what did not come up within $seconds s; logs in $work/logs" >&2
  return 1
}

etcd_port=$(free_port)
peer_port=$(free_port)
api_port=$(free_port)

start etcd "$BIN/etcd" --data-dir "$work/etcd" --name it \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "it=http://127.0.0.1:$peer_port" --unsafe-no-fsync
wait_for etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
openssl rsa -in "$work/sa.key" -pubout -out "$work/sa.pub" 2>/dev/null
token="$(openssl rand -hex 24)"
echo "$token,admin,admin,system:masters" >"$work/tokens.csv"

start kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --cert-dir "$work/certs" \
  --token-auth-file "$work/tokens.csv" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$work/sa.pub" --service-account-signing-key-file "$work/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --endpoint-reconciler-type none \
  --allow-privileged=false
cat >"$work/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: it
    cluster: { server: "https://127.0.0.1:$api_port", insecure-skip-tls-verify: true }
users:
  - name: admin
    user: { token: "$token" }
contexts:
  - name: it
    context: { cluster: it, user: admin }
current-context: it
KUBECONFIG
kubectl() { "$KUBECTL" --kubeconfig "$work/kubeconfig" "$@"; }
wait_for kube-apiserver 90 kubectl get --raw /readyz

start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig "$work/kubeconfig" --authentication-kubeconfig "$work/kubeconfig" --authorization-kubeconfig "$work/kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
  --service-account-private-key-file "$work/sa.key" --root-ca-file "$work/certs/apiserver.crt" \
  --controllers '*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service-lb-controller,-route'
start kube-scheduler "$BIN/kube-scheduler" \
  --kubeconfig "$work/kubeconfig" --authentication-kubeconfig "$work/kubeconfig" --authorization-kubeconfig "$work/kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false
start kwok "$BIN/kwok" --kubeconfig "$work/kubeconfig" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 10.0.0.1 --server-address "127.0.0.1:$(free_port)"
  

kubectl apply --server-side -f "$here/fixtures.yaml" >/dev/null
wait_for "the fake node" 60 sh -c "\"$KUBECTL\" --kubeconfig \"$work/kubeconfig\" get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -q True"
# Node admission taints a new Node not-ready; the node lifecycle controller would lift it, but it
# is off (kwok renews no leases, so it would evict every pod). Lift it here.
kubectl taint node kwok-node-0 node.kubernetes.io/not-ready:NoSchedule- >/dev/null 2>&1 || true
echo "cluster up: KUBECONFIG=$work/kubeconfig"
