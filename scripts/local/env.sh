# Sourced by the local scripts: where the repository, the local stack's state and the cluster's
# kubeconfig are, and the toolchain's tools on PATH.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL_DIR=${LAKEHOUSE_LOCAL_DIR:-$HOME/.cache/lakehouse-local}
# shellcheck source=scripts/toolchain/env.sh
source "$REPO/scripts/toolchain/env.sh"
export KUBECONFIG=${LAKEHOUSE_CLUSTER_DIR:-$HOME/.cache/lakehouse-cluster}/kubeconfig
