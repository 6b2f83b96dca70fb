#!/usr/bin/env bash
# Builds a Go command from its pinned wrapper module (scripts/toolchain/<name>/: go.mod, go.sum and
# tools.go naming the command's package) into the toolchain cache, and prints the binary's path.
# Cold: the module downloads and a build (actionlint ~10 s, kube-linter ~1 min); then instant.
# Usage: scripts/toolchain/go-tool.sh <actionlint|kube-linter|promtool|amtool>
set -euo pipefail
name=${1:?usage: go-tool.sh <name>}
LOG_PREFIX=$name
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
module=$HERE/$name
[[ -f $module/tools.go ]] || { echo "go-tool: no wrapper module $module" >&2; exit 2; }
package=$(sed -n 's/^import _ "\(.*\)"$/\1/p' "$module/tools.go")
# The version of the required module the package belongs to.
version=$(awk -v pkg="$package" '$1 != "//" && NF >= 2 && index(pkg, $1) == 1 && $2 ~ /^v/ { print $2; exit }' <(sed -e 's/^require //' -e 's/^[[:space:]]*//' "$module/go.mod"))
dest=$CACHE/$name-$version
if [[ ! -x $dest/$name ]]; then
  command -v go >/dev/null || { echo "go-tool: go is not on PATH" >&2; exit 1; }
  mkdir -p "$dest"
  # Build tags, where the wrapper names some (file `tags`: one comma-separated line).
  tags=$(cat "$module/tags" 2>/dev/null || true)
  (cd "$module" && "${NICE[@]}" go build -mod=readonly -trimpath ${tags:+-tags "$tags"} -ldflags "$LDFLAGS_BASE" -o "$dest/$name.tmp" "$package") >&2
  mv "$dest/$name.tmp" "$dest/$name"
fi
echo "$dest/$name"
