#!/usr/bin/env bash
# Starts a one-node cluster whose kubelet runs real containers: containerd (Debian's, with its own
# root, state and socket) and runc; the control plane of test/cluster (control-plane.sh) with the
# node lifecycle controller on; a pod bridge that cannot reach outside the machine; CoreDNS as
# cluster DNS; kube-proxy for ClusterIP Services; local PersistentVolumes.
#
#   test/pods/start.sh <work dir> <image archive>...
# Writes <work dir>/kubeconfig, <work dir>/pids and <work dir>/host-state (what stop.sh restores).
# Refuses to start while another instance runs (its bridge exists). Needs root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../cluster/versions.sh
. "$here/../cluster/versions.sh"
work="${1:?usage: start.sh <work dir> <image archive>...}"
shift
BRIDGE=kp-pods0 BRIDGE_IP=10.244.0.1 POD_CIDR=10.244.0.0/24 NODE=kp-node-0
RUN=/run/kube-patterns-pods
SOCK="$RUN/containerd.sock"

if ip link show "$BRIDGE" >/dev/null 2>&1; then
  echo "start.sh: the bridge $BRIDGE exists: another real-pods cluster is running, or one was not torn down (test/pods/stop.sh <its work dir>)" >&2
  exit 2
fi
mkdir -p "$work/logs" "$work/cni/net.d" "$work/pv" "$RUN"
: >"$work/pids"
# shellcheck source-path=SCRIPTDIR source=../cluster/control-plane.sh
. "$here/../cluster/control-plane.sh"

# Host settings the kubelet and kube-proxy change, recorded for stop.sh.
sysctl -e vm.overcommit_memory kernel.panic kernel.panic_on_oops net.ipv4.ip_forward | sed 's/ = /=/' >"$work/host-state"

# Pod network: a dedicated bridge, no gateway out, no masquerade; Service traffic routed to it.
ip link add "$BRIDGE" type bridge
ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
cat >"$work/cni/net.d/10-kube-patterns.conflist" <<JSON
{ "cniVersion": "0.4.0", "name": "kube-patterns-pods", "plugins": [
  { "type": "bridge", "bridge": "$BRIDGE", "isGateway": false, "ipMasq": false, "hairpinMode": true,
    "ipam": { "type": "host-local", "dataDir": "$work/cni/ipam", "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP" }]],
              "routes": [{ "dst": "10.96.0.0/16", "gw": "$BRIDGE_IP" }] } } ] }
JSON
# Forwarding is needed for ClusterIP Services (kube-proxy's DNAT); these rules keep pod traffic on the bridge.
iptables -I FORWARD 1 -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
iptables -I FORWARD 1 -o "$BRIDGE" ! -i "$BRIDGE" -j DROP
sysctl -q -w net.ipv4.ip_forward=1

# containerd, on its own root, state and socket.
cat >"$work/containerd.toml" <<TOML
version = 2
root = "$work/containerd"
state = "$RUN/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/kube-patterns/pause:1"
  enable_unprivileged_ports = true
  # Root here lacks CAP_SYS_RESOURCE: without this, runc fails to write oom_score_adj for every sandbox.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$work/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
TOML
start containerd containerd --config "$work/containerd.toml"
wait_for containerd 30 ctr -a "$SOCK" version
for archive in "$@"; do ctr -a "$SOCK" -n k8s.io images import "$archive" >/dev/null; done

# The control plane; the node lifecycle controller is on (a real kubelet renews its lease).
start_control_plane '*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-route' --kubelet-preferred-address-types InternalIP

# CoreDNS answers the cluster domain on the bridge address, and nothing else.
cat >"$work/Corefile" <<COREFILE
cluster.local:53 in-addr.arpa:53 {
  bind $BRIDGE_IP
  errors
  kubernetes cluster.local in-addr.arpa {
    kubeconfig $work/kubeconfig it
    pods insecure
  }
  cache 5
}
.:53 {
  bind $BRIDGE_IP
  errors
}
COREFILE
start coredns "$BIN/coredns" -conf "$work/Corefile"
printf 'search .\nnameserver %s\n' "$BRIDGE_IP" >"$work/resolv.conf"

cat >"$work/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $BRIDGE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port)
authentication: { anonymous: { enabled: true }, webhook: { enabled: false } }
authorization: { mode: AlwaysAllow }
cgroupDriver: cgroupfs
failCgroupV1: false
containerRuntimeEndpoint: unix://$SOCK
clusterDomain: cluster.local
clusterDNS: [$BRIDGE_IP]
resolvConf: $work/resolv.conf
failSwapOn: false
podCIDR: $POD_CIDR
maxPods: 60
podLogsDir: $work/pod-logs
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: "200Mi", nodefs.available: "2%", imagefs.available: "2%", nodefs.inodesFree: "2%" }
YAML
mkdir -p "$work/kubelet"
start kubelet "$BIN/kubelet" --config "$work/kubelet.yaml" --kubeconfig "$work/kubeconfig" --root-dir "$work/kubelet" \
  --hostname-override "$NODE" --node-ip "$BRIDGE_IP" --oom-score-adj=0
cat >"$work/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $work/kubeconfig }
hostnameOverride: $NODE
mode: iptables
clusterCIDR: $POD_CIDR
bindAddress: $BRIDGE_IP
healthzBindAddress: 127.0.0.1:$(free_port)
metricsBindAddress: 127.0.0.1:$(free_port)
nodePortAddresses: [$BRIDGE_IP/32]
conntrack: { maxPerCore: 0 }
iptables: { localhostNodePorts: false, masqueradeAll: false }
YAML
start kube-proxy "$BIN/kube-proxy" --config "$work/kube-proxy.yaml"
wait_for "node $NODE Ready" 120 sh -c "\"$KUBECTL\" --kubeconfig \"$work/kubeconfig\" get node $NODE -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -q True"

# Storage: local volumes on this node, bound when a pod is scheduled (so fsGroup applies).
local_volume() { # name access-mode
  mkdir -p "$work/pv/$1"
  cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: $1 }
spec:
  capacity: { storage: 20Gi }
  accessModes: [$2]
  storageClassName: local
  persistentVolumeReclaimPolicy: Retain
  local: { path: $work/pv/$1 }
  nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [$NODE] }] }] } }
YAML
}
{
  cat <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: local, annotations: { storageclass.kubernetes.io/is-default-class: "true" } }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
YAML
  # Retain: a claim's volume is not reused after its namespace is deleted, so there is one per
  # claim of the whole suite (about 30 in 2026-11; 24 ran out when tls.pods.ts was added).
  for i in $(seq -w 0 47); do local_volume "rwo-$i" ReadWriteOnce; done
  # Shared volumes for StatelessWeb: a local volume is ReadWriteMany on its one node.
  for i in 0 1; do local_volume "rwx-$i" ReadWriteMany; done
} >"$work/storage.yaml"
kubectl apply -f "$work/storage.yaml" >/dev/null
echo "real-pods cluster up: KUBECONFIG=$work/kubeconfig"
