#!/usr/bin/env bash
# npm run bench:e2e: engine timings of the e2e stack against a kubectl baseline, on the local cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/toolchain/build.sh"
bash "$here/cluster/up.sh"
trap 'bash "$here/cluster/down.sh"' EXIT
cd "$here/.."
npx tsc -p . --outDir .build
node .build/test/e2e/bench.js
