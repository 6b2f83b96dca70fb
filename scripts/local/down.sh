#!/usr/bin/env bash
# `npm run local:down`: destroys the `local` stack's objects, then stops the control plane and
# its process node (no process of the platform is left), and forgets the stack's state.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/local/env.sh
source "$HERE/env.sh"
if [ -d "$LOCAL_DIR/workspace" ] && kubectl get --raw /readyz >/dev/null 2>&1; then
  # shellcheck source=scripts/local/workspace.sh
  source "$HERE/workspace.sh"
  (cd "$WORKSPACE" && pulumi destroy --yes --stack local --suppress-progress) || echo "[local] destroy failed; stopping the cluster anyway" >&2
fi
bash "$REPO/scripts/cluster/down.sh"
rm -rf "$LOCAL_DIR"
