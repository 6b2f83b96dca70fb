#!/usr/bin/env bash
# A stand-in for the kind CLI: keeps "clusters" as directories under $FAKE_KIND_STATE and logs
# creates and deletes to $FAKE_KIND_STATE/log. A cluster's kubeconfig is the local control plane's
# when $LAKEHOUSE_LOCAL_KUBECONFIG names one (the e2e suite), else a stub.
set -euo pipefail
state="${FAKE_KIND_STATE:?}"
mkdir -p "$state/clusters"
name=""; config=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --name) name="${args[$((i + 1))]}" ;;
    --config) config="${args[$((i + 1))]}" ;;
  esac
done
case "$1 $2" in
  "create cluster")
    [ -d "$state/clusters/$name" ] && { echo "ERROR: node(s) already exist for a cluster with the name \"$name\"" >&2; exit 1; }
    mkdir "$state/clusters/$name" && cp "$config" "$state/clusters/$name/config.json" && echo "created $name" >> "$state/log" ;;
  "get clusters") ls "$state/clusters" ;;
  "get kubeconfig")
    [ -d "$state/clusters/$name" ] || { echo "ERROR: could not locate any control plane nodes for cluster named '$name'" >&2; exit 1; }
    if [ -n "${LAKEHOUSE_LOCAL_KUBECONFIG:-}" ]; then
      kubectl config view --kubeconfig "$LAKEHOUSE_LOCAL_KUBECONFIG" --flatten --raw
    else
      printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: kind-%s\n  cluster:\n    server: https://localhost:6443\n' "$name"
    fi ;;
  "delete cluster") rm -rf "${state:?}/clusters/$name" && echo "deleted $name" >> "$state/log" ;;
  *) echo "fake kind: unsupported: $*" >&2; exit 2 ;;
esac
