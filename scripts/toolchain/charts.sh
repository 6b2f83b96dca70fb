#!/usr/bin/env bash
# Builds `helm` and assembles the upstream charts the edge and observability layers install, so
# tests can render them with our values (test/e2e/charts.e2e.test.ts). No Helm repository is
# reachable here, but the Go module proxy serves the charts' source repositories as modules: each
# is fetched with `go mod download` (hashes pinned in gosum/charts.sum) and laid out as Helm would
# install it from a packaged chart, in the toolchain's cache:
#
#   $CACHE/helm-<version>/helm, linked as $CACHE/bin/helm
#   $CACHE/chart-<name>-<version>-<source hash>/<name>/, linked as $CACHE/charts/<name>
#
# Idempotent: finished items are skipped (LAKEHOUSE_TOOLCHAIN_REBUILD=1 redoes them).
# Usage: scripts/toolchain/charts.sh
set -euo pipefail

# ---------------------------------------------------------------- versions --
# The pins of components/edge/charts.ts and components/observability/charts.ts, as the proxy
# serves them (the render test checks that the two agree).

# The helm library pulumi-kubernetes 4.32 (build.sh) renders Chart v4 with: the same template
# engine, and its dependencies are already in the module cache.
HELM_VERSION=3.18.6
HELM_K8S_MINOR=33                      # helm 3.18.6 builds against client-go v0.33 (as its Makefile stamps)

TRAEFIK_CHART_VERSION=41.6.0           # appVersion v3.7.13; the only version the proxy serves
TRAEFIK_MODULE=github.com/traefik/traefik-helm-chart@v41.6.0+incompatible

CERT_MANAGER_VERSION=v1.21.2           # chart and app version are the release tag
CERT_MANAGER_MODULE=github.com/cert-manager/cert-manager@v1.21.2

KUBE_PROMETHEUS_STACK_VERSION=88.6.1
# charts/kube-prometheus-stack with its in-tree charts/crds, and kube-state-metrics 8.4.1,
# prometheus-node-exporter 4.56.1, prometheus-windows-exporter 0.12.8 at the same commit.
PROMETHEUS_COMMUNITY_MODULE=github.com/prometheus-community/helm-charts@v0.0.0-20260828105119-ed5d7d9b5933
KUBE_PROMETHEUS_STACK_DEPENDENCIES=(kube-state-metrics:8.4.1 prometheus-node-exporter:4.56.1 prometheus-windows-exporter:0.12.8)
# kube-prometheus-stack 88.6.1 asks for grafana 12.11.2, which the proxy does not serve; 13.0.1
# is the grafana-community chart at the nearest commit. Helm installing from a directory checks
# dependencies by name only; the render test asserts what we rely on.
GRAFANA_CHART_VERSION=13.0.1
GRAFANA_COMMUNITY_MODULE=github.com/grafana-community/helm-charts@v0.0.0-20260829030558-dbf9f4fb5fa1

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=charts
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CHARTS=$CACHE/charts
mkdir -p "$CHARTS"
# A chart's cache entry changes with any of its sources.
source_key() { printf '%s\n' "$@" | sha256sum | cut -c1-8; }

# Fetch the chart modules in a wrapper module whose go.sum is gosum/charts.sum: go refuses a
# download whose hash differs. Sets DIR[module@version] to each module's directory.
declare -A DIR
fetch_sources() {
  local w; w=$(new_wrapper charts)
  { printf 'module lakehouse.local/toolchain/charts\n\ngo 1.25.0\n\nrequire (\n'
    for m in "$@"; do printf '\t%s %s\n' "${m%@*}" "${m#*@}"; done
    printf ')\n'; } > "$w/go.mod"
  local json
  json=$(cd "$w" && go mod download -json "$@")
  if grep -q '"Error"' <<<"$json"; then echo "$json" >&2; return 1; fi
  local path version dir
  while read -r path version dir; do DIR[$path@$version]=$dir; done < <(
    sed -n 's/^[[:space:]]*"\(Path\|Version\|Dir\)": "\(.*\)",$/\2/p' <<<"$json" | paste - - -)
}

# copy_chart SRC DEST NAME VERSION: a chart directory, writable, after checking it is NAME VERSION.
copy_chart() {
  local src=$1 dest=$2 name=$3 version=$4
  local found; found=$(sed -n 's/^version:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$src/Chart.yaml")
  if [ "$found" != "$version" ]; then echo "[charts] $src is $name $found, expected $version" >&2; return 1; fi
  mkdir -p "$dest" && cp -r "$src/." "$dest/" && chmod -R u+w "$dest"
}

# ------------------------------------------------------------------- helm ---
build_helm() {
  local out=$1 v=$HELM_VERSION
  local w; w=$(new_wrapper helm)
  local hmod; hmod=$(modfile "helm.sh/helm/v3@v$v")
  { printf 'module lakehouse.local/toolchain/helm\n\ngo 1.25.0\n\nrequire helm.sh/helm/v3 v%s\n\n' "$v"; remote_replaces "$hmod"; } > "$w/go.mod"
  # The link flags of helm's Makefile for a release tag.
  local ld="$LDFLAGS_BASE -X helm.sh/helm/v3/internal/version.version=v$v -X helm.sh/helm/v3/internal/version.metadata="
  ld+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR"
  ld+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/helm" helm.sh/helm/v3/cmd/helm)
}

# ----------------------------------------------------------------- charts ---
build_traefik() {
  copy_chart "${DIR[$TRAEFIK_MODULE]}/traefik" "$1/traefik" traefik "$TRAEFIK_CHART_VERSION"
}

# The repository keeps version and appVersion at v0.0.0; its release (make/manifests.mk) sets both
# to the tag, which the chart uses as the default image tag.
build_cert_manager() {
  local out=$1/cert-manager
  copy_chart "${DIR[$CERT_MANAGER_MODULE]}/deploy/charts/cert-manager" "$out" cert-manager v0.0.0
  sed -i -e "s/^version: v0\.0\.0$/version: $CERT_MANAGER_VERSION/" -e "s/^appVersion: v0\.0\.0$/appVersion: $CERT_MANAGER_VERSION/" "$out/Chart.yaml"
  sed -e "s:{{RELEASE_VERSION}}:$CERT_MANAGER_VERSION:g" "$out/README.template.md" > "$out/README.md"
  rm "$out/README.template.md"
  if [ "$(grep -c "^\(app\)\{0,1\}[vV]ersion: $CERT_MANAGER_VERSION$" "$out/Chart.yaml")" != 2 ]; then
    echo "[charts] could not set cert-manager's version in Chart.yaml" >&2; return 1
  fi
}

# As `helm dependency build` would leave it: every dependency unpacked under charts/.
build_kube_prometheus_stack() {
  local repo=${DIR[$PROMETHEUS_COMMUNITY_MODULE]}/charts out=$1/kube-prometheus-stack
  copy_chart "$repo/kube-prometheus-stack" "$out" kube-prometheus-stack "$KUBE_PROMETHEUS_STACK_VERSION"
  local dependency
  for dependency in "${KUBE_PROMETHEUS_STACK_DEPENDENCIES[@]}"; do
    copy_chart "$repo/${dependency%:*}" "$out/charts/${dependency%:*}" "${dependency%:*}" "${dependency#*:}"
  done
  copy_chart "${DIR[$GRAFANA_COMMUNITY_MODULE]}/charts/grafana" "$out/charts/grafana" grafana "$GRAFANA_CHART_VERSION"
  # A lock would pin the dependencies' repository versions; the unpacked charts are what counts.
  rm -f "$out/Chart.lock"
}

# ------------------------------------------------------------------ main ----
main() {
  log "cache: $CACHE ($(go version))"
  build_item helm "$HELM_VERSION" build_helm
  ln -sfn "$CACHE/helm-$HELM_VERSION/helm" "$BIN/helm"

  local started=$SECONDS
  fetch_sources "$TRAEFIK_MODULE" "$CERT_MANAGER_MODULE" "$PROMETHEUS_COMMUNITY_MODULE" "$GRAFANA_COMMUNITY_MODULE"
  log "sources fetched and verified in $((SECONDS - started))s"
  local traefik cert_manager kps
  traefik=$TRAEFIK_CHART_VERSION-$(source_key "$TRAEFIK_MODULE")
  cert_manager=$CERT_MANAGER_VERSION-$(source_key "$CERT_MANAGER_MODULE")
  kps=$KUBE_PROMETHEUS_STACK_VERSION-$(source_key "$PROMETHEUS_COMMUNITY_MODULE" "${KUBE_PROMETHEUS_STACK_DEPENDENCIES[@]}" "$GRAFANA_COMMUNITY_MODULE")
  build_item chart-traefik "$traefik" build_traefik
  build_item chart-cert-manager "$cert_manager" build_cert_manager
  build_item chart-kube-prometheus-stack "$kps" build_kube_prometheus_stack
  ln -sfn "$CACHE/chart-traefik-$traefik/traefik" "$CHARTS/traefik"
  ln -sfn "$CACHE/chart-cert-manager-$cert_manager/cert-manager" "$CHARTS/cert-manager"
  ln -sfn "$CACHE/chart-kube-prometheus-stack-$kps/kube-prometheus-stack" "$CHARTS/kube-prometheus-stack"

  for t in "${TIMINGS[@]}"; do log "time: $t"; done
  log "done: $("$BIN/helm" version --short) in $BIN; charts in $CHARTS ($((SECONDS / 60))m$((SECONDS % 60))s)"
}

main "$@"
