#!/usr/bin/env bash
# Undoes dataplane-up.sh once its processes are stopped (down.sh stops them): any pod namespace
# left behind, kube-proxy's rules, the containment chain, the bridge, the
# pods' tmpfs, and the mount targets the process node had to create on this machine.
# Usage: dataplane-down.sh CLUSTER_DIR
set -uo pipefail
CLUSTER_DIR=${1:?cluster dir}
STATE=$CLUSTER_DIR/process-node

# Processes of pods whose node died without stopping them: each runs in a namespace lhpod-*.
for ns in $(ip netns list 2>/dev/null | awk '/^lhpod-/ {print $1}'); do
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
  ip netns delete "$ns" 2>/dev/null
done
command -v kube-proxy >/dev/null && kube-proxy --cleanup >/dev/null 2>&1
iptables -D FORWARD -j LAKEHOUSE-CONTAIN 2>/dev/null
iptables -F LAKEHOUSE-CONTAIN 2>/dev/null && iptables -X LAKEHOUSE-CONTAIN 2>/dev/null
ip link delete lh0 2>/dev/null
mountpoint -q "$STATE/pods" && umount "$STATE/pods"

# Mount targets, deepest first, and only while empty: never anything that held data before.
if [ -f "$STATE/mountpoints.list" ]; then
  sort -r "$STATE/mountpoints.list" | while read -r path; do
    if [ -d "$path" ]; then rmdir "$path" 2>/dev/null; elif [ -f "$path" ] && [ ! -s "$path" ]; then rm -f "$path"; fi
  done
fi
exit 0
