#!/usr/bin/env bash
# `npm run local:down`: destroys the `local` stack's objects, then stops the control plane and
# its process node (no process of the platform is left), and forgets the stack's state.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LOCAL_DIR=${LAKEHOUSE_LOCAL_DIR:-$HOME/.cache/lakehouse-local}
# shellcheck source=scripts/toolchain/env.sh
source "$REPO/scripts/toolchain/env.sh"
export KUBECONFIG=${LAKEHOUSE_CLUSTER_DIR:-$HOME/.cache/lakehouse-cluster}/kubeconfig
if [ -d "$LOCAL_DIR/workspace" ] && kubectl get --raw /readyz >/dev/null 2>&1; then
  # shellcheck source=scripts/local/workspace.sh
  source "$HERE/workspace.sh"
  (cd "$WORKSPACE" && pulumi destroy --yes --stack local --suppress-progress) || echo "[local] destroy failed; stopping the cluster anyway" >&2
fi
bash "$REPO/scripts/cluster/down.sh"
rm -rf "$LOCAL_DIR"
