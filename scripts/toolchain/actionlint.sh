#!/usr/bin/env bash
# actionlint (github.com/rhysd/actionlint), built from the pinned wrapper module beside this script
# into the toolchain cache; prints the binary's path. About 30 s cold, instant when cached.
# Usage: scripts/toolchain/actionlint.sh
set -euo pipefail
LOG_PREFIX=actionlint
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
module=$HERE/actionlint
version=$(sed -n 's/^require github.com\/rhysd\/actionlint \(v[0-9.]*\)$/\1/p' "$module/go.mod")
dest=$CACHE/actionlint-$version
if [[ ! -x $dest/actionlint ]]; then
  command -v go >/dev/null || { echo "actionlint: go is not on PATH" >&2; exit 1; }
  mkdir -p "$dest"
  (cd "$module" && "${NICE[@]}" go build -mod=readonly -trimpath -ldflags "$LDFLAGS_BASE" -o "$dest/actionlint.tmp" github.com/rhysd/actionlint/cmd/actionlint) >&2
  mv "$dest/actionlint.tmp" "$dest/actionlint"
fi
echo "$dest/actionlint"
