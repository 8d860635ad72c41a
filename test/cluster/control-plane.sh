#!/usr/bin/env bash
# Sourced by start.sh (kwok plays the kubelet) and test/pods/start.sh (a real kubelet): helpers,
# and start_control_plane, which starts etcd, kube-apiserver, kube-controller-manager and
# kube-scheduler on 127.0.0.1 with free ports and writes "$work/kubeconfig".
# Needs: $work (with logs/ and pids), $BIN and $KUBECTL (versions.sh).
# shellcheck disable=SC2154 # $work is the caller's

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
start() { # name command...
  local name="$1"
  shift
  "$@" >"$work/logs/$name.log" 2>&1 </dev/null &
  echo "$! $name" >>"$work/pids"
}
wait_for() { # description seconds command...
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$(basename "$0"): $what did not come up within $seconds s; logs in $work/logs" >&2
  return 1
}
kubectl() { "$KUBECTL" --kubeconfig "$work/kubeconfig" "$@"; }

# start_control_plane <controllers> [extra kube-apiserver flags...]
start_control_plane() {
  local controllers="$1"
  shift
  local etcd_port peer_port api_port token
  etcd_port=$(free_port)
  peer_port=$(free_port)
  api_port=$(free_port)
  start etcd "$BIN/etcd" --data-dir "$work/etcd" --name it \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "it=http://127.0.0.1:$peer_port" --unsafe-no-fsync
  wait_for etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

  mkdir -p "$work/certs"
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
    --allow-privileged=false "$@"
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
  wait_for kube-apiserver 90 kubectl get --raw /readyz

  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$work/kubeconfig" --authentication-kubeconfig "$work/kubeconfig" --authorization-kubeconfig "$work/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    --service-account-private-key-file "$work/sa.key" --root-ca-file "$work/certs/apiserver.crt" \
    --controllers "$controllers"
  start kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$work/kubeconfig" --authentication-kubeconfig "$work/kubeconfig" --authorization-kubeconfig "$work/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false
}
