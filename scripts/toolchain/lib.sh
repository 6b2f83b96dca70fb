# Shared by build.sh (the toolchain) and charts.sh (helm and the charts we render): the cache
# layout, the Go environment, and the helpers that build one versioned item at a time. Source it;
# it sets `log`'s prefix from LOG_PREFIX (default "toolchain").
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/<name>-<version>/

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}
SRC=$CACHE/src
BIN=$CACHE/bin
REBUILD=${LAKEHOUSE_TOOLCHAIN_REBUILD:-0}
mkdir -p "$SRC" "$BIN"

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH=/usr/local/go/bin:$PATH
fi
export GOFLAGS=-buildvcs=false
export GOTOOLCHAIN=local        # never download another Go toolchain
export CGO_ENABLED=0            # static binaries, no C toolchain needed
# The checksum database reachable here lacks many of these versions (404), so
# it is off; integrity comes from the go.sum files pinned in gosum/ instead.
export GOSUMDB=off
NICE=(nice -n 10)               # leave CPU for the other engineer's tests
LDFLAGS_BASE="-s -w"

log() { echo "[${LOG_PREFIX:-toolchain}] $*"; }

# Directory of module@version in the module cache (downloads it if needed).
moddir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }
# Path of module@version's go.mod file in the module cache.
modfile() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p'; }

# Print the replace directives of a go.mod that point at other modules (local
# directory replaces like "=> ../sdk" only make sense inside upstream's repo).
remote_replaces() {
  awk '
    /^replace[[:space:]]*\($/ { inblock = 1; next }
    inblock && /^\)/          { inblock = 0; next }
    inblock                   { line = $0 }
    !inblock && /^replace /   { line = $0; sub(/^replace[[:space:]]+/, "", line) }
    line ~ /=>/ {
      split(line, parts, "=>"); target = parts[2]; gsub(/^[[:space:]]+/, "", target)
      if (target !~ /^\.\.?\// && target !~ /^\//) { gsub(/^[[:space:]]+/, "", line); print "replace " line }
      line = ""
    }' "$1"
}

# build_item NAME VERSION FUNCTION: run FUNCTION OUTDIR unless NAME-VERSION is
# already complete; outputs land in a temp dir that is renamed when done.
TIMINGS=()
build_item() {
  local name=$1 version=$2 fn=$3
  local dest=$CACHE/$name-$version tmp=$CACHE/.tmp-$name-$version
  if [ "$REBUILD" != 1 ] && [ -f "$dest/.complete" ]; then
    log "cached: $name $version ($dest)"
    return
  fi
  log "building $name $version ..."
  local start=$SECONDS
  rm -rf "$tmp" && mkdir -p "$tmp"
  "$fn" "$tmp"
  echo "$name $version built $(date -u +%FT%TZ) with $(go env GOVERSION)" > "$tmp/.complete"
  rm -rf "$dest" && mv "$tmp" "$dest"
  local took=$((SECONDS - start))
  TIMINGS+=("$name $version: ${took}s")
  log "built $name $version in $((took / 60))m$((took % 60))s"
}

# new_wrapper NAME: fresh wrapper module dir $SRC/NAME (go.mod written by caller).
# gosum/NAME.sum pins the hash of every module the build used: go refuses any
# download that differs. After changing a version, delete that file, build, and
# copy the new $SRC/NAME/go.sum back to gosum/NAME.sum.
SUMS=$HERE/gosum
new_wrapper() {
  rm -rf "${SRC:?}/$1" && mkdir -p "$SRC/$1"
  if [ -f "$SUMS/$1.sum" ]; then cp "$SUMS/$1.sum" "$SRC/$1/go.sum"; fi
  echo "$SRC/$1"
}

# k8s_wrapper_gomod NAME VERSION: the go.mod of wrapper NAME for k8s.io/kubernetes
# vVERSION (used by build.sh for the control plane and node.sh for kube-proxy).
# k8s.io/kubernetes requires its staging repos at v0.0.0 and replaces them with
# ./staging/...; point each one the release actually requires at v0.<minor>.<patch>.
k8s_wrapper_gomod() {
  local name=$1 v=$2 kmod; kmod=$(modfile "k8s.io/kubernetes@v$v")
  printf 'module lakehouse.local/toolchain/%s\n\ngo 1.25.0\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$name" "$v"
  awk '/^require \(/ { r = 1; next } r && /^\)/ { r = 0 } r && $1 ~ /^k8s\.io\// && $2 == "v0.0.0" { print $1 }' "$kmod" |
    sort -u | while read -r m; do printf '\t%s => %s v0.%s\n' "$m" "$m" "${v#1.}"; done
  printf ')\n'
}

# k8s_ldflags VERSION: the version stamp `kubectl version` / `--version` report.
k8s_ldflags() {
  local v=$1 minor; minor=$(echo "$v" | cut -d. -f2)
  local ld="$LDFLAGS_BASE -X k8s.io/component-base/version.gitVersion=v$v"
  ld+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  ld+=" -X k8s.io/component-base/version.gitTreeState=clean"
  # buildDate: the release's commit time (as the proxy reports it), not "now",
  # so rebuilding the same version gives the same binaries.
  local released; released=$(go list -m -json "k8s.io/kubernetes@v$v" | sed -n 's/^[[:space:]]*"Time": "\(.*\)",*$/\1/p')
  echo "$ld -X k8s.io/component-base/version.buildDate=${released:-1970-01-01T00:00:00Z}"
}
