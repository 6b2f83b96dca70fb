#!/usr/bin/env bash
# A kind CLI stand-in for the e2e suite: "creating" a cluster records its name and config, and its
# kubeconfig is the local control plane's ($LAKEHOUSE_LOCAL_KUBECONFIG), flattened so it stands alone.
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
    mkdir "$state/$name" && cp "$config" "$state/$name/config.json" && echo "created $name" >> "$state/log" ;;
  "get clusters") ls "$state" | grep -v '^log$' || true ;;
  "get kubeconfig")
    [ -d "$state/$name" ] || { echo "ERROR: could not locate any control plane nodes for cluster named '$name'" >&2; exit 1; }
    kubectl config view --kubeconfig "${LAKEHOUSE_LOCAL_KUBECONFIG:?}" --flatten --raw ;;
  "delete cluster") rm -rf "${state:?}/$name" && echo "deleted $name" >> "$state/log" ;;
  *) echo "fake kind: unsupported: $*" >&2; exit 2 ;;
esac
