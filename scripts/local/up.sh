#!/usr/bin/env bash
# `npm run local`: the whole lakehouse on this machine, with no Docker and no cloud account.
# Builds what the cache lacks (the Pulumi CLI and a Kubernetes control plane, the process node
# and its network, the servers the pods run), starts the control plane with the process node,
# runs `pulumi up` of the `local` stack (Pulumi.local.yaml) and prints how to reach everything.
# Stop it all with `npm run local:down`.
#
# State: a file backend and a generated passphrase under $LAKEHOUSE_LOCAL_DIR
# (default ~/.cache/lakehouse-local); the workspace there points back at this repository.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/local/env.sh
source "$HERE/env.sh"
log() { echo "[local] $*"; }

started=$SECONDS
bash "$REPO/scripts/toolchain/dataplane.sh"
log "toolchain ready in $((SECONDS - started)) s"

export LAKEHOUSE_PROCESS_NODE=1
bash "$REPO/scripts/cluster/up.sh" >/dev/null

# shellcheck source=scripts/local/workspace.sh
source "$HERE/workspace.sh"
cd "$WORKSPACE"
pulumi stack select --create local >/dev/null
up_started=$SECONDS
pulumi up --yes --stack local --suppress-progress
log "pulumi up took $((SECONDS - up_started)) s"

bash "$HERE/status.sh"
