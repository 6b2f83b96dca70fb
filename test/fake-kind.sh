#!/usr/bin/env bash
# A stand-in for the kind CLI: keeps "clusters" as directories under $FAKE_KIND_STATE.
set -euo pipefail
state="${FAKE_KIND_STATE:?}"
mkdir -p "$state"
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
    [ -d "$state/$name" ] && { echo "ERROR: node(s) already exist for a cluster with the name \"$name\"" >&2; exit 1; }
    mkdir "$state/$name" && cp "$config" "$state/$name/config.json" ;;
  "get clusters") ls "$state" ;;
  "get kubeconfig")
    [ -d "$state/$name" ] || { echo "ERROR: could not locate any control plane nodes for cluster named '$name'" >&2; exit 1; }
    printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: kind-%s\n  cluster:\n    server: https://localhost:6443\n' "$name" ;;
  "delete cluster") rm -rf "${state:?}/$name" ;;
  *) echo "fake kind: unsupported: $*" >&2; exit 2 ;;
esac
