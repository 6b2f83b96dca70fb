#!/usr/bin/env bash
# npm run bench:policy: lint throughput (objects per second, peak memory) on a generated corpus of
# 10,000 objects, and in the same run kube-linter (pinned wrapper module), kube-score (go install)
# and checkov (PyPI) on the same files. Our CLI runs as it ships: compiled (tsc -p policy) first.
# Polaris is not served by the Go module proxy this machine reaches (403), so it is reported as
# unavailable. Prints figures; asserts nothing about them.
#
# --quick (CI): 500 objects, and the other linters only if already built; the run still fails when
# our CLI or the corpus generator breaks (a usage or read error, exit code 2 or more).
set -euo pipefail
quick=false
[ "${1:-}" = --quick ] && quick=true
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tools=${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/bench-tools
total=${BENCH_OBJECTS:-10000}
$quick && total=500
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$tools"

node "$here/bench-policy-corpus.js" "$corpus" "$total"

# time one command: wall seconds and peak RSS (MiB) via GNU time. Findings (exit code 1) are
# expected; MAX_STATUS (default: any) is the highest exit code that still counts as a run.
measure() {
  local name=$1; shift
  local out status=0; out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || status=$?
  if [ -n "${MAX_STATUS:-}" ] && [ "$status" -gt "$MAX_STATUS" ]; then
    echo "bench:policy: $name failed (exit code $status)" >&2 && return 1
  fi
  # GNU time writes "Command exited with non-zero status N" first when the linter reports findings.
  read -r secs kib < <(tail -n 1 "$out"); rm -f "$out"
  printf '%s %s %s\n' "$name" "$secs" "$((kib / 1024))"
}

(cd "$root" && npx tsc -p policy)
results=()
own=$(MAX_STATUS=1 measure lakehouse-contract node "$root/policy/cli/bin.js" lint --format json "$corpus")
results+=("$own")

kube_linter=""
if ! $quick || compgen -G "${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/kube-linter-*/kube-linter" >/dev/null; then
  kube_linter=$(bash "$here/toolchain/go-tool.sh" kube-linter) || echo "kube-linter: build failed"
fi
if [ -n "$kube_linter" ]; then results+=("$(measure kube-linter "$kube_linter" lint --format json "$corpus")"); fi

if [ ! -x "$tools/kube-score" ] && ! $quick; then
  echo "building kube-score v1.20.0 (go install) ..."
  (cd /tmp && GOBIN=$tools GOFLAGS=-buildvcs=false go install github.com/zegl/kube-score/cmd/kube-score@v1.20.0) || echo "kube-score: build failed"
fi
if [ -x "$tools/kube-score" ]; then results+=("$(measure kube-score "$tools/kube-score" score --output-format ci "$corpus"/*.yaml)"); fi

if [ ! -x "$tools/checkov/bin/checkov" ] && ! $quick; then
  echo "installing checkov 3.3.30 (PyPI) ..."
  python3 -m venv "$tools/checkov" && "$tools/checkov/bin/pip" install --quiet checkov==3.3.30 || echo "checkov: install failed"
fi
if [ -x "$tools/checkov/bin/checkov" ]; then results+=("$(measure checkov "$tools/checkov/bin/checkov" -d "$corpus" --framework kubernetes --quiet --compact)"); fi

ours=$(echo "${results[0]}" | awk '{print $2}')
echo
echo "bench:policy: $total objects"
printf '  %-20s %9s %12s %10s %14s\n' tool seconds objects/s "peak MiB" "time vs ours"
for row in "${results[@]}"; do
  read -r name secs mib <<< "$row"
  awk -v n="$name" -v s="$secs" -v m="$mib" -v t="$total" -v o="$ours" 'BEGIN { printf "  %-20s %9.2f %12.0f %10d %13.1fx\n", n, s, (s > 0 ? t / s : 0), m, (o > 0 ? s / o : 0) }'
done
echo "  polaris: unavailable (the Go module proxy here answers 403 for github.com/fairwindsops/polaris)"
