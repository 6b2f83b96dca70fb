#!/usr/bin/env bash
# Runs a command against the local control plane with its process node: builds what the cache
# lacks (control plane, node, servers), starts the cluster with LAKEHOUSE_PROCESS_NODE=1, runs the
# command from the repository root, and always stops the cluster (no pod process outlives it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/toolchain/dataplane.sh"
export LAKEHOUSE_PROCESS_NODE=1
bash "$here/cluster/up.sh"
trap 'bash "$here/cluster/down.sh"' EXIT
cd "$here/.."
"$@"
