#!/usr/bin/env bash
# Builds Traefik Proxy, the edge router the Traefik chart deploys, for the process node, into
# the versioned cache of lib.sh:
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/traefik-<version>/traefik
#
# and points $CACHE/traefik at it, for the image table. The image the chart renders,
# docker.io/traefik:v<version> (Docker's official image, from traefik/traefik-library-image
# <minor>/alpine/Dockerfile), is alpine with the release binary at /usr/local/bin/traefik,
# ENTRYPOINT ["/entrypoint.sh"], CMD ["traefik"], no USER, no WORKDIR, EXPOSE 80.
#
# From the Go module proxy: github.com/traefik/traefik/v3, main package cmd/traefik, in a wrapper
# module $SRC/traefik whose go.sum is gosum/traefik.sum, built the way upstream's release is
# (.github/workflows/release.yaml + .goreleaser.yml.tmpl: CGO_ENABLED=0, -trimpath,
# -ldflags "-s -w -X .../pkg/version.Version={{.Version}} -X ...Codename=$CODENAME
# -X ...BuildDate={{.Date}}"). goreleaser's {{.Version}} is the tag without its "v", so
# `traefik version` says "Version: 3.7.13" as the image's binary does; {{.Date}} is the build
# time in RFC 3339, for which we take the release's commit time as the proxy reports it, so
# rebuilding the same version gives the same binary. After changing the version: delete
# gosum/traefik.sum, build, and copy $SRC/traefik/go.sum back to it.
#
# What the wrapper has to carry over from upstream's go.mod (directives of a dependency's go.mod
# are ignored, only the main module's count):
#   - the replaces to other modules (containous forks of go-http-auth and gorilla/mux);
#   - the excludes (a tencentcloud-sdk-go version that makes an import ambiguous);
#   - github.com/traefik/traefik/dynamic/ext, required at v0.0.0 and replaced by the nested
#     module ./pkg/config/dynamic/ext. The proxy serves it neither inside the v3 zip (a directory
#     with its own go.mod is left out of a module zip) nor as a module of its own, so the wrapper
#     holds it: upstream's two empty struct types ext.HTTP and ext.Router (all 3.7.13 uses of
#     it), embedded inline in dynamic.HTTP and dynamic.Router, as upstream's own build has them.
#
# The web UI: webui/embed.go has `//go:embed static`. The release build first unpacks the
# dashboard built with yarn into webui/static; the module zip has only the placeholder
# webui/static/DONT-EDIT-FILES-IN-THIS-DIRECTORY.md, which satisfies the directive, so the
# module builds as it is, with no dashboard assets. The platform runs the chart with
# api.dashboard=false, and the assets are read only when the dashboard is on (with it on, this
# binary would log "Error appending dashboard to API router" and serve no dashboard).
#
# Usage: scripts/toolchain/traefik.sh     # build if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ... # rebuild
set -euo pipefail

# ---------------------------------------------------------------- versions --
# The appVersion of the Traefik chart (41.6.0) that components renders: the image's tag.
TRAEFIK_VERSION=3.7.13
TRAEFIK_MODULE=github.com/traefik/traefik/v3
# release.yaml's CODENAME for the v3.7 branch.
TRAEFIK_CODENAME=langres

# The proxy reachable here serves only versions it already holds, and refuses these that 3.7.13
# requires: each is replaced by the nearest version it serves. All but one are SDKs of lego's
# DNS-01 challenge providers (Akamai Edge DNS, Huawei Cloud, Oracle Cloud, Sakura Cloud, UCloud,
# Yandex Cloud), which the platform does not use (no ACME here: cert-manager issues the
# certificates); they only have to compile. The other is the containous fork of go-http-auth
# behind the basicAuth/digestAuth middlewares: its b975dcaa8c48 (2026-08-04, traefik #13636) is
# refused, so this is the fork's previous commit a37a7636d23e, which Traefik used up to 3.7.10.
# The platform defines no such middleware (Ingresses only, no Traefik CRDs); the smoke test
# of this build found basicAuth working with it. Each line replaces upstream's own replace of
# the same module, if it has one; every other module is at the version 3.7.13's go.mod names.
# The cache key is the version only: after changing this list, LAKEHOUSE_TOOLCHAIN_REBUILD=1.
SUBSTITUTES=(
  "github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e"
  "github.com/akamai/AkamaiOPEN-edgegrid-golang/v13 => github.com/akamai/AkamaiOPEN-edgegrid-golang/v13 v13.3.0"
  "github.com/huaweicloud/huaweicloud-sdk-go-v3 => github.com/huaweicloud/huaweicloud-sdk-go-v3 v0.1.215"
  "github.com/nrdcg/oci-go-sdk/common/v1065 => github.com/nrdcg/oci-go-sdk/common/v1065 v1065.120.0"
  "github.com/nrdcg/oci-go-sdk/dns/v1065 => github.com/nrdcg/oci-go-sdk/dns/v1065 v1065.120.0"
  "github.com/sacloud/sacloud-sdk-go => github.com/sacloud/sacloud-sdk-go v0.2.0"
  "github.com/ucloud/ucloud-sdk-go => github.com/ucloud/ucloud-sdk-go v0.22.123"
  "github.com/yandex-cloud/go-sdk/services/dns => github.com/yandex-cloud/go-sdk/services/dns v0.0.96"
)

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=traefik
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Print the exclude directives of a go.mod (single-line and block forms).
module_excludes() {
  awk '
    /^exclude[[:space:]]*\($/ { inblock = 1; next }
    inblock && /^\)/          { inblock = 0; next }
    inblock && NF             { line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]*\/\/.*$/, "", line); if (line != "") print "exclude " line }
    !inblock && /^exclude /   { line = $0; sub(/[[:space:]]*\/\/.*$/, "", line); print line }' "$1"
}

# ----------------------------------------------------------------- build ----
build_traefik() {
  local out=$1 m=$TRAEFIK_MODULE v=$TRAEFIK_VERSION
  local w; w=$(new_wrapper traefik)   # lib.sh: go.sum from gosum/traefik.sum
  local tmod; tmod=$(modfile "$m@v$v")
  local gov; gov=$(awk '$1 == "go" { print $2; exit }' "$tmod")

  # The nested module upstream replaces by ./pkg/config/dynamic/ext (its ext.go and go.mod).
  mkdir -p "$w/dynamic-ext"
  printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24.0\n' > "$w/dynamic-ext/go.mod"
  cat > "$w/dynamic-ext/ext.go" <<'EOF'
package ext

// HTTP is a dynamic.HTTP extension.
type HTTP struct{}

// Router is a dynamic.Router extension.
type Router struct{}
EOF

  {
    printf 'module lakehouse.local/toolchain/traefik\n\ngo %s\n\nrequire %s v%s\n\n' "$gov" "$m" "$v"
    printf 'replace github.com/traefik/traefik/dynamic/ext => ./dynamic-ext\n'
    local r subst=" "
    for r in "${SUBSTITUTES[@]}"; do printf 'replace %s\n' "$r"; subst+="${r%% *} "; done
    remote_replaces "$tmod" | while read -r _ left rest; do
      case $subst in *" $left "*) ;; *) echo "replace $left $rest" ;; esac
    done
    module_excludes "$tmod"
  } > "$w/go.mod"

  local t; t=$(go list -m -json "$m@v$v" | sed -n 's/^[[:space:]]*"Time": "\(.*\)",*$/\1/p')
  local p=$m/pkg/version
  local ld="$LDFLAGS_BASE -X $p.Version=$v -X $p.Codename=$TRAEFIK_CODENAME -X $p.BuildDate=${t:-1970-01-01T00:00:00Z}"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/traefik" "$m/cmd/traefik")

  # `traefik version` prints "Version:      3.7.13", "Codename:     langres", ...
  local said; said=$("$out/traefik" version 2>&1) || { log "traefik version failed: $said" >&2; return 1; }
  printf '%s\n' "$said" | awk -v v="$v" '$1 == "Version:" && $2 == v { ok = 1 } END { exit !ok }' ||
    { log "traefik version does not say $v:" >&2; printf '%s\n' "$said" >&2; return 1; }
}

# ------------------------------------------------------------------ main ----
main() {
  build_item traefik "$TRAEFIK_VERSION" build_traefik
  ln -sfn "traefik-$TRAEFIK_VERSION" "$CACHE/traefik"
  if [ ! -f "$SUMS/traefik.sum" ]; then
    log "no gosum/traefik.sum yet: cp $SRC/traefik/go.sum $SUMS/traefik.sum" >&2
  fi
  local t
  for t in "${TIMINGS[@]}"; do log "time: $t"; done
}

main "$@"
