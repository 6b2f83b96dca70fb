#!/usr/bin/env bash
# Runs a command against the local control plane: builds the toolchain (and helm with the charts the
# render test uses) if the cache lacks it, starts the cluster, runs the command from the repository
# root, and always stops the cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/toolchain/build.sh"
bash "$here/toolchain/charts.sh"
bash "$here/cluster/up.sh"
trap 'bash "$here/cluster/down.sh"' EXIT
cd "$here/.."
"$@"
