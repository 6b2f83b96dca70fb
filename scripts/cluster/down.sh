#!/usr/bin/env bash
# Stops the local cluster started by up.sh and deletes its data directory
# ($LAKEHOUSE_CLUSTER_DIR: certs, kubeconfig, etcd data, logs). Idempotent.
# Only processes recorded in the pid dir are signalled (by pid, never by name).
set -euo pipefail

CLUSTER_DIR=${LAKEHOUSE_CLUSTER_DIR:-$HOME/.cache/lakehouse-cluster}
PIDS=$CLUSTER_DIR/pids

# Clients first, etcd last, so nothing logs errors about a vanished backend.
# The process node first: it stops its pods (preStop, SIGTERM, SIGKILL after 10 s) on SIGTERM.
order=(process-node coredns kube-proxy fake-provisioner kwok kube-scheduler kube-controller-manager kube-apiserver egress-guard etcd)
stopped=()
for name in "${order[@]}"; do
  f=$PIDS/$name.pid
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    stopped+=("$name:$pid")
  fi
done
# Give them up to 10 s to exit (the process node 30 s), then SIGKILL whatever is left.
for entry in "${stopped[@]}"; do
  pid=${entry#*:}
  tries=20; [ "${entry%%:*}" = process-node ] && tries=60
  for _ in $(seq 1 "$tries"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  echo "[cluster] stopped ${entry%%:*} (pid $pid)"
done

bash "$(dirname "${BASH_SOURCE[0]}")/dataplane-down.sh" "$CLUSTER_DIR"

case "$CLUSTER_DIR" in
  "" | "/" | "$HOME") echo "[cluster] refusing to delete '$CLUSTER_DIR'" >&2; exit 1 ;;
esac
rm -rf "$CLUSTER_DIR"
echo "[cluster] removed $CLUSTER_DIR"
