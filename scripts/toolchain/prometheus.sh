#!/usr/bin/env bash
# Builds the servers the observability layer's chart (kube-prometheus-stack 88.6.1) runs with
# Prometheus in the cluster, for the process node, into the versioned cache of lib.sh:
#
#   $CACHE/prometheus-<version>/prometheus                          quay.io/prometheus/prometheus
#   $CACHE/prometheus-operator-<version>/operator                   .../prometheus-operator
#   $CACHE/prometheus-operator-<version>/prometheus-config-reloader .../prometheus-config-reloader
#   $CACHE/kube-state-metrics-<version>/kube-state-metrics          registry.k8s.io/kube-state-metrics
#
# each linked as $CACHE/<name>, for the image table. Each is built from the Go module proxy in a
# wrapper module whose go.sum is gosum/<name>.sum, the way upstream's release builds it
# (CGO_ENABLED=0 and the prometheus/common version stamps of its Makefile or .promu.yml, with the
# release's commit time from the proxy as the build date, so a rebuild gives the same binary).
# After changing a version: delete gosum/<name>.sum, build, and copy $SRC/<name>/go.sum back.
#
# What differs from the images (scripts/process-node/images.yaml says it per row):
#   - Prometheus is built without the `builtinassets` tag: its React UI is built with pnpm by
#     upstream's release and is not in the module zip, so this binary serves the HTTP API
#     (queries, targets, rules, readiness) but no web pages. promtool is not built (the chart
#     never runs it).
#   - Prometheus has only the Kubernetes service discovery (the operator configures no other).
#   - The images' busybox/distroless userland is absent; none of the four runs a shell.
#
# Usage: scripts/toolchain/prometheus.sh   # build what is missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...  # rebuild
set -euo pipefail

# ---------------------------------------------------------------- versions --
# The image tags kube-prometheus-stack 88.6.1 renders (its appVersion is the operator's).
PROMETHEUS_VERSION=3.14.0                 # module v0.314.0: Prometheus 3.x is published as v0.3xx
PROMETHEUS_OPERATOR_VERSION=0.93.1
KUBE_STATE_METRICS_VERSION=2.20.0         # kube-state-metrics chart 8.4.1's appVersion

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=prometheus
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# What the proxy says of MODULE@VERSION: its Time, and its commit Hash when it has one.
mod_info() {
  { go list -m -json "$1"; go mod download -json "$1"; } |
    awk -v k="\"$2\":" '$1 == k && !n++ { gsub(/[",]/, "", $2); print $2 }'
}
# The -X flags of prometheus/common/version every one of the three projects stamps.
version_ldflags() {
  local m=$1 mv=$2 shown=$3 p=github.com/prometheus/common/version
  local t; t=$(mod_info "$m@$mv" Time)
  local rev; rev=$(mod_info "$m@$mv" Hash)
  echo "-X $p.Version=$shown -X $p.Revision=${rev:-unknown} -X $p.Branch=HEAD" \
    "-X $p.BuildUser=lakehouse@toolchain -X $p.BuildDate=$(date -u -d "${t:-@0}" +%Y%m%d-%H:%M:%S)"
}
# wrapper NAME GO_VERSION REQUIRES...: a wrapper module requiring module@version pairs.
wrapper() {
  local name=$1 gov=$2; shift 2
  local w; w=$(new_wrapper "$name")
  { printf 'module lakehouse.local/toolchain/%s\n\ngo %s\n\nrequire (\n' "$name" "$gov"
    local r; for r in "$@"; do printf '\t%s %s\n' "${r%@*}" "${r#*@}"; done
    printf ')\n'; } > "$w/go.mod"
  echo "$w"
}
go_version_of() { awk '$1 == "go" { print $2; exit }' "$(modfile "$1")"; }

# ----------------------------------------------------------------- build ----
build_prometheus() {
  local out=$1 m=github.com/prometheus/prometheus v=$PROMETHEUS_VERSION
  local mv; mv=v0.$(( ${v%%.*} * 100 + $(cut -d. -f2 <<<"$v") )).$(cut -d. -f3 <<<"$v")
  local w; w=$(wrapper prometheus "$(go_version_of "$m@$mv")" "$m@$mv")
  # Upstream's one replace (cloud.google.com/go), carried over: only the main module's count.
  remote_replaces "$(modfile "$m@$mv")" >> "$w/go.mod"
  # (outside the wrapper: go list there would want go.sum entries it has not written yet)
  local ld; ld="$LDFLAGS_BASE $(version_ldflags $m "$mv" "$v")"
  # .promu.yml: tags netgo (and builtinassets, left out: see the header). Of the service
  # discoveries, only Kubernetes' is compiled in (plugins/plugin_kubernetes.go's own build tags):
  # the operator writes kubernetes_sd_configs only, and the cloud SDKs of the other 25 would
  # roughly triple a cold build, which runs inside CI's time.
  (cd "$w" && CGO_ENABLED=0 "${NICE[@]}" go build -mod=mod -trimpath -tags netgo,remove_all_sd,enable_kubernetes_sd \
    -ldflags "$ld" -o "$out/prometheus" "$m/cmd/prometheus")
  # The image's /etc/prometheus/prometheus.yml (its CMD's default; the operator passes its own).
  cp "$(moddir "$m@$mv")/documentation/examples/prometheus.yml" "$out/prometheus.yml"
  "$out/prometheus" --version 2>&1 | grep "prometheus, version $v " >/dev/null ||
    { log "prometheus --version does not say $v" >&2; return 1; }
}

build_prometheus_operator() {
  local out=$1 m=github.com/prometheus-operator/prometheus-operator v=v$PROMETHEUS_OPERATOR_VERSION
  # Upstream replaces its two nested modules by their directories; the proxy serves both at the
  # same tag, which is what those directories hold.
  local w; w=$(wrapper prometheus-operator "$(go_version_of "$m@$v")" "$m@$v" "$m/pkg/apis/monitoring@$v" "$m/pkg/client@$v")
  # The Makefile's VERSION is the VERSION file: the tag without its "v".
  local ld; ld="$LDFLAGS_BASE $(version_ldflags $m "$v" "${v#v}")"
  local cmd
  for cmd in operator prometheus-config-reloader; do
    (cd "$w" && CGO_ENABLED=0 "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/$cmd" "$m/cmd/$cmd")
  done
  "$out/operator" --version 2>&1 | grep "version ${v#v}" >/dev/null || { log "operator --version does not say ${v#v}" >&2; return 1; }
  "$out/prometheus-config-reloader" --version 2>&1 | grep "version ${v#v}" >/dev/null ||
    { log "prometheus-config-reloader --version does not say ${v#v}" >&2; return 1; }
}

build_kube_state_metrics() {
  local out=$1 m=k8s.io/kube-state-metrics/v2 v=v$KUBE_STATE_METRICS_VERSION
  local w; w=$(wrapper kube-state-metrics "$(go_version_of "$m@$v")" "$m@$v")
  # Makefile build-local: version = the tag (TAG_PREFIX "v"), and the client-go it was built with.
  local cg; cg=$(awk '$1 == "k8s.io/client-go" { print $2; exit }' "$(modfile "$m@$v")")
  local ld; ld="$LDFLAGS_BASE $(version_ldflags $m "$v" "$v") -X $m/pkg/app.ClientGoVersion=$cg"
  (cd "$w" && CGO_ENABLED=0 "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/kube-state-metrics" "$m")
  "$out/kube-state-metrics" version 2>&1 | grep "version $v " >/dev/null || { log "kube-state-metrics version does not say $v" >&2; return 1; }
}

# ------------------------------------------------------------------ main ----
main() {
  build_item prometheus "$PROMETHEUS_VERSION" build_prometheus
  build_item prometheus-operator "$PROMETHEUS_OPERATOR_VERSION" build_prometheus_operator
  build_item kube-state-metrics "$KUBE_STATE_METRICS_VERSION" build_kube_state_metrics
  local name
  for name in prometheus prometheus-operator kube-state-metrics; do
    local version=PROMETHEUS_VERSION
    case $name in prometheus-operator) version=PROMETHEUS_OPERATOR_VERSION ;; kube-state-metrics) version=KUBE_STATE_METRICS_VERSION ;; esac
    ln -sfn "$name-${!version}" "$CACHE/$name"
    [ -f "$SUMS/$name.sum" ] || log "no gosum/$name.sum yet: cp $SRC/$name/go.sum $SUMS/$name.sum" >&2
  done
  local t
  for t in "${TIMINGS[@]}"; do log "time: $t"; done
}

main "$@"
