#!/usr/bin/env bash
# Builds cert-manager's controller, webhook, cainjector and startupapicheck for the process node,
# into the versioned cache of lib.sh:
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/cert-manager-<version>-<hash>/
#
# and points $CACHE/cert-manager at it, for the image table. Each binary has the name it has in
# its image (upstream's hack/containers/Containerfile.*, FROM gcr.io/distroless/static-debian13
# :nonroot, so uid 65532):
#
#   controller       quay.io/jetstack/cert-manager-controller       /app/cmd/controller/controller
#   webhook          quay.io/jetstack/cert-manager-webhook          /app/cmd/webhook/webhook
#   cainjector       quay.io/jetstack/cert-manager-cainjector       /app/cmd/cainjector/cainjector
#   startupapicheck  quay.io/jetstack/cert-manager-startupapicheck  /startupapicheck
#
# The proxy serves the root module github.com/cert-manager/cert-manager (pkg/, internal/) but not
# upstream's per-binary modules under cmd/, so their main packages are ours: scripts/cert-manager/
# (upstream's cmd/ files, see its go.mod). They are copied into a wrapper module $SRC/cert-manager
# whose go.sum is gosum/cert-manager.sum, and built the way upstream's make does (make/00_mod.mk:
# CGO_ENABLED=0, -trimpath, -ldflags "-w -s -X .../pkg/util.AppVersion=<tag>
# -X .../pkg/util.AppGitCommit=<commit>"). The commit is the one the proxy reports for the tag,
# "unknown" when it reports none (proxy.golang.org gives no Origin for cert-manager).
# <hash>: of scripts/cert-manager/ (go.mod and every .go file, names and contents) and of the
# pinned go.sum, so an edit to either rebuilds. After changing a requirement: delete
# gosum/cert-manager.sum, build, and copy $SRC/cert-manager/go.sum back to it.
#
# None of the four has a --version flag: the controller, webhook and cainjector log
# `version="<tag>"` when they start, which the smoke test checks.
#
# Usage: scripts/toolchain/cert-manager.sh     # build if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...     # rebuild
set -euo pipefail

# ---------------------------------------------------------------- versions --
# The tag of components/edge/charts.ts's chart (appVersion = the images' tag); it must be the
# version scripts/cert-manager/go.mod requires.
CERT_MANAGER_VERSION=v1.21.2
CERT_MANAGER_MODULE=github.com/cert-manager/cert-manager
BINARIES=(controller webhook cainjector startupapicheck)

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=cert-manager
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MODULE_DIR=$(cd "$HERE/.." && pwd)/cert-manager

required=$(awk -v m="$CERT_MANAGER_MODULE" '$1 == m { print $2 } $1 == "require" && $2 == m { print $3 }' "$MODULE_DIR/go.mod")
if [ "$required" != "$CERT_MANAGER_VERSION" ]; then
  log "scripts/cert-manager/go.mod requires $CERT_MANAGER_MODULE ${required:-(nothing)}, not $CERT_MANAGER_VERSION" >&2
  exit 1
fi

sources_hash() {
  { (cd "$MODULE_DIR" && find . -type f \( -name '*.go' -o -name go.mod \) -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum)
    if [ -f "$SUMS/cert-manager.sum" ]; then sha256sum < "$SUMS/cert-manager.sum"; else echo "no go.sum"; fi
  } | sha256sum | cut -c1-12
}
BUILD=$CERT_MANAGER_VERSION-$(sources_hash)

# ----------------------------------------------------------------- build ----
build_cert_manager() {
  local out=$1 m=$CERT_MANAGER_MODULE v=$CERT_MANAGER_VERSION
  local w; w=$(new_wrapper cert-manager)   # lib.sh: go.sum from gosum/cert-manager.sum
  # Our module as it is in the repository (it has no go.sum of its own: the pinned one is used).
  tar -C "$MODULE_DIR" --exclude=go.sum -cf - . | tar -C "$w" -xf -
  # Upstream's cmd modules replace only the root module, by a local path (../../); a replace
  # of the root module's pointing at another module would apply to its binaries too.
  local rmod; rmod=$(modfile "$m@$v")
  remote_replaces "$rmod" >> "$w/go.mod"

  local commit; commit=$(go mod download -json "$m@$v" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",*$/\1/p' | head -1)
  local p=$m/pkg/util
  local ld="$LDFLAGS_BASE -X $p.AppVersion=$v -X $p.AppGitCommit=${commit:-unknown}"
  # One go build for all four: the packages they share compile once.
  local pkgs=() b
  for b in "${BINARIES[@]}"; do pkgs+=("./$b"); done
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/" "${pkgs[@]}")

  # Smoke test, offline: each binary parses its flags, and those that log their version at
  # start do so before failing on a kubeconfig that does not exist.
  local dir; dir=$(mktemp -d)
  for b in "${BINARIES[@]}"; do
    "$out/$b" --help > "$dir/$b.help" 2>&1 || { log "$b --help failed:" >&2; cat "$dir/$b.help" >&2; return 1; }
  done
  "$out/startupapicheck" check api --help 2>&1 | grep -- '--wait duration' >/dev/null ||
    { log "startupapicheck check api has no --wait" >&2; return 1; }
  for b in controller webhook cainjector; do
    if (cd "$dir" && env -u KUBERNETES_SERVICE_HOST -u KUBERNETES_SERVICE_PORT KUBECONFIG="$dir/none" \
        "$out/$b" --kubeconfig="$dir/none" > "$dir/$b.log" 2>&1); then
      log "$b: expected an error without a kubeconfig" >&2; return 1
    fi
    grep "version=\"$v\"" "$dir/$b.log" >/dev/null ||
      { log "$b does not log version=\"$v\":" >&2; cat "$dir/$b.log" >&2; return 1; }
  done
  rm -rf "$dir"
}

# ------------------------------------------------------------------ main ----
main() {
  build_item cert-manager "$BUILD" build_cert_manager
  ln -sfn "cert-manager-$BUILD" "$CACHE/cert-manager"
  # Builds of older sources are no longer referenced.
  local old
  for old in "$CACHE"/cert-manager-v*; do
    if [ -d "$old" ] && [ "$old" != "$CACHE/cert-manager-$BUILD" ]; then
      log "removing stale $old"
      rm -rf "$old"
    fi
  done
  if [ ! -f "$SUMS/cert-manager.sum" ]; then
    log "no gosum/cert-manager.sum yet: cp $SRC/cert-manager/go.sum $SUMS/cert-manager.sum" >&2
  fi
  local t
  for t in "${TIMINGS[@]}"; do log "time: $t"; done
}

main "$@"
