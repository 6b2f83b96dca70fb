#!/usr/bin/env bash
# npm run test:e2e: builds the toolchain if the cache lacks it, starts the local control plane,
# runs the real-engine suite, and always stops the cluster again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/toolchain/build.sh"
bash "$here/cluster/up.sh"
trap 'bash "$here/cluster/down.sh"' EXIT
cd "$here/.."
npx jest --config jest.e2e.config.js "$@"
