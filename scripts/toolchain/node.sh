#!/usr/bin/env bash
# Builds the node-side binaries of the process node (pods run as plain Linux
# processes): CNI plugins, CoreDNS, kube-proxy and scripts/process-node, from Go
# modules fetched through the Go module proxy, into the same versioned cache as
# build.sh (lib.sh):
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/<name>-<version>/
#
# $CACHE/bin/ gets symlinks to coredns, kube-proxy and process-node. The CNI
# plugins stay out of bin/: the runtime finds them through CNI_PATH=$CACHE/cni-bin.
#
# Usage: scripts/toolchain/node.sh             # build what is missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...     # rebuild everything
set -euo pipefail

# ---------------------------------------------------------------- versions --
CNI_PLUGINS_VERSION=1.10.0             # declares go 1.26.8: needs Go >= 1.26.8
COREDNS_VERSION=1.15.0                 # declares go 1.26.0
KUBERNETES_VERSION=1.34.12             # kube-proxy; same release as build.sh's control plane

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=node
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROCESS_NODE_DIR=$(cd "$HERE/.." && pwd)/process-node

# ----------------------------------------------------------- CNI plugins ----
build_cni_plugins() {
  local out=$1 v=$CNI_PLUGINS_VERSION m=github.com/containernetworking/plugins
  local w; w=$(new_wrapper cni-plugins)
  # No replace directives upstream. go 1.26.8: the module's own minimum.
  printf 'module lakehouse.local/toolchain/cni-plugins\n\ngo 1.26.8\n\nrequire %s v%s\n' "$m" "$v" > "$w/go.mod"
  # bridge + host-local give pods an address on a node bridge, loopback their lo;
  # portmap (hostPort) shares nearly all their packages, so it costs little.
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath \
    -ldflags "$LDFLAGS_BASE -X $m/pkg/utils/buildversion.BuildVersion=v$v" -o "$out/" \
    $m/plugins/main/bridge $m/plugins/ipam/host-local $m/plugins/main/loopback $m/plugins/meta/portmap)
}

# --------------------------------------------------------------- CoreDNS ----
build_coredns() {
  local out=$1 v=$COREDNS_VERSION
  local w; w=$(new_wrapper coredns)
  # The module root is CoreDNS's main package; its plugin list (core/plugin/
  # zplugin.go, generated from plugin.cfg) ships in the module: the default set.
  # Its go.mod has no replace directives.
  printf 'module lakehouse.local/toolchain/coredns\n\ngo 1.26.0\n\nrequire github.com/coredns/coredns v%s\n' "$v" > "$w/go.mod"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$LDFLAGS_BASE" \
    -o "$out/coredns" github.com/coredns/coredns)
}

# ------------------------------------------------------------ kube-proxy ----
build_kube_proxy() {
  local out=$1 v=$KUBERNETES_VERSION
  local w; w=$(new_wrapper kube-proxy)
  k8s_wrapper_gomod kube-proxy "$v" > "$w/go.mod"   # lib.sh, as build.sh's kubernetes
  local ld; ld=$(k8s_ldflags "$v")
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/kube-proxy" \
    k8s.io/kubernetes/cmd/kube-proxy)
}

# ---------------------------------------------------------- process-node ----
# Our own module: its go.sum lives beside it, so no gosum/ pin. The cache key
# hashes every Go source, go.mod and go.sum (names and contents), so an edit
# means a rebuild; widen the find if it ever //go:embed's other files.
process_node_build() {
  (cd "$PROCESS_NODE_DIR" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
}
build_process_node() {
  local out=$1
  (cd "$PROCESS_NODE_DIR" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$LDFLAGS_BASE" \
    -o "$out/process-node" .)
}

# ------------------------------------------------------------------ main ----
# link_bin ITEM...: bin/ symlinks to each executable of the versioned dirs.
link_bin() {
  local item f
  for item in "$@"; do
    for f in "$CACHE/$item"/*; do
      if [ -f "$f" ] && [ -x "$f" ]; then ln -sfn "$f" "$BIN/$(basename "$f")"; fi
    done
  done
}

# (one function, parsed before it runs: editing this file mid-build is safe)
main() {
  log "cache: $CACHE ($(go version))"
  build_item cni-plugins "$CNI_PLUGINS_VERSION" build_cni_plugins
  build_item coredns "$COREDNS_VERSION" build_coredns
  build_item kube-proxy "$KUBERNETES_VERSION" build_kube_proxy
  link_bin "coredns-$COREDNS_VERSION" "kube-proxy-$KUBERNETES_VERSION"
  # CNI_PATH target at a version-independent path.
  ln -sfn "$CACHE/cni-plugins-$CNI_PLUGINS_VERSION" "$CACHE/cni-bin"

  # Last, so a process-node that does not compile yet leaves the rest in place.
  # The lead's module may not exist yet; build it only once it has a go.mod.
  if [ -f "$PROCESS_NODE_DIR/go.mod" ]; then
    local pn; pn=0.1.0-$(process_node_build)
    build_item process-node "$pn" build_process_node
    link_bin "process-node-$pn"
  else
    log "skipped process-node: no $PROCESS_NODE_DIR/go.mod"
  fi

  for t in "${TIMINGS[@]}"; do log "time: $t"; done
  log "total: $((SECONDS / 60))m$((SECONDS % 60))s"
}

main "$@"
