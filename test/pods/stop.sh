#!/usr/bin/env bash
# Tears down what start.sh set up, and only that: the recorded processes (the kubelet first, then
# the containers it left, then the rest in reverse order), mounts under the work directory, the
# bridge, kube-proxy's and the kubelet's iptables chains, the FORWARD guards, the host settings
# recorded in <work dir>/host-state, and the work directory's image store and volume data.
#   test/pods/stop.sh <work dir>
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../cluster/versions.sh
. "$here/../cluster/versions.sh"
work="${1:?usage: stop.sh <work dir>}"
BRIDGE=kp-pods0
RUN=/run/kube-patterns-pods
SOCK="$RUN/containerd.sock"

stop_pid() { # pid name
  if kill "$1" 2>/dev/null; then
    for _ in $(seq 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done
    kill -9 "$1" 2>/dev/null && echo "stop.sh: $2 ($1) needed SIGKILL" >&2
  fi
}
if [ -f "$work/pids" ]; then
  grep ' kubelet$' "$work/pids" | while read -r pid name; do stop_pid "$pid" "$name"; done
  if ctr -a "$SOCK" version >/dev/null 2>&1; then
    for task in $(ctr -a "$SOCK" -n k8s.io tasks ls -q); do ctr -a "$SOCK" -n k8s.io tasks kill -s SIGKILL "$task" >/dev/null 2>&1; done
    sleep 1
    for task in $(ctr -a "$SOCK" -n k8s.io tasks ls -q); do ctr -a "$SOCK" -n k8s.io tasks delete -f "$task" >/dev/null 2>&1; done
    for container in $(ctr -a "$SOCK" -n k8s.io containers ls -q); do ctr -a "$SOCK" -n k8s.io containers delete "$container" >/dev/null 2>&1; done
  fi
  tac "$work/pids" | grep -v ' kubelet$' | while read -r pid name; do stop_pid "$pid" "$name"; done
  : >"$work/pids"
fi
# Mounts left by pods and containerd (deepest first), then their network namespaces.
grep -E " ($work|$RUN)[ /]" /proc/mounts | awk '{print $2}' | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null; done
for netns in $(ip netns list 2>/dev/null | awk '/^cni-/ {print $1}'); do ip netns delete "$netns" 2>/dev/null; done
ip link delete "$BRIDGE" 2>/dev/null
[ -x "$BIN/kube-proxy" ] && "$BIN/kube-proxy" --cleanup >/dev/null 2>&1
for table in mangle nat filter; do
  for chain in KUBE-KUBELET-CANARY KUBE-PROXY-CANARY KUBE-IPTABLES-HINT KUBE-FIREWALL KUBE-MARK-MASQ KUBE-MARK-DROP KUBE-POSTROUTING; do
    iptables -t "$table" -S 2>/dev/null | grep -- "-j $chain\$" | sed 's/^-A/-D/' | while read -r rule; do
      # shellcheck disable=SC2086 # a rule is several words
      iptables -t "$table" $rule 2>/dev/null
    done
    iptables -t "$table" -F "$chain" 2>/dev/null
    iptables -t "$table" -X "$chain" 2>/dev/null
  done
done
while iptables -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP 2>/dev/null; do :; done
while iptables -D FORWARD -o "$BRIDGE" ! -i "$BRIDGE" -j DROP 2>/dev/null; do :; done
if [ -f "$work/host-state" ]; then
  while read -r setting; do sysctl -q -w "$setting"; done <"$work/host-state"
fi
rm -rf "$RUN"
# The image store (about 5 GB: every imported archive, unpacked) and the local volumes' data: left
# behind, each run would take that much more disk until the kubelet of a later run evicts its
# pods for disk pressure (seen). The logs stay, for the diagnosis of a failed run.
rm -rf "$work/containerd" "$work/pv"
echo "real-pods cluster down"
