#!/usr/bin/env bash
# npm run ci:lint: renders every stack (npm run render) and lints the objects with the policy pack's
# CLI, as SARIF for code scanning (.ci-out/lint.sarif). Exit 1 on a mandatory finding.
# LAKEHOUSE_CHARTS: a chart directory for clusters with no route to the charts' repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.ci-out
mkdir -p "$out"
charts=()
if [[ -n ${LAKEHOUSE_CHARTS:-} ]]; then charts=(--charts "$LAKEHOUSE_CHARTS"); fi
for stack in ${LAKEHOUSE_STACKS:-dev staging prod}; do
  node .build/scripts/render.js --stack "$stack" --out "$out/render/$stack" "${charts[@]}"
done
status=0
node policy/cli/bin.js lint --format sarif "$out/render" >"$out/lint.sarif" || status=$?
node policy/cli/bin.js lint "$out/render" | tail -n 1
exit "$status"
