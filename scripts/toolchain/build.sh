#!/usr/bin/env bash
# Builds the lakehouse toolchain (pulumi CLI + plugins, a Kubernetes control
# plane, etcd and kwok) from Go modules fetched through the Go module proxy,
# into a machine-local cache keyed by version:
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/<name>-<version>/
#
# Nothing is written into the repository: every Go "wrapper" module (a tiny main
# module that requires the upstream module and repeats its replace directives)
# is generated under $CACHE/src/<name>/ at build time. Finished items are kept
# and skipped on the next run; $CACHE/bin/ gets symlinks to every binary.
#
# Usage: scripts/toolchain/build.sh            # build what is missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...     # rebuild everything
set -euo pipefail

# ---------------------------------------------------------------- versions --
PULUMI_VERSION=3.248.0                 # matches @pulumi/pulumi in package.json

# The proxy reachable here serves only versions it already holds. The language
# host module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no tags and its
# 3.248.0 release commit (pseudo-version v3.0.0-20260624180030-dc7edd58bc13) is
# refused, so we build the last host that still lived inside sdk/v3: 3.68.0.
# The 3.248 CLI talks to it through its documented fallbacks (GetRequiredPlugins
# instead of GetRequiredPackages, no Handshake).
NODEJS_HOST_VERSION=3.68.0

# pulumi-kubernetes: the plugin is registered as the version the npm SDK asks
# for (4.32.0); its code comes from the newest provider/v4 pseudo-version the
# proxy serves (the 4.32.0 release commit a03ff6ba58d2 is refused).
K8S_PROVIDER_VERSION=4.32.0
K8S_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199

# pulumi-random: provider/v4 is not served at all, so the provider is assembled
# here from the same parts upstream uses: pulumi-terraform-bridge (Plugin
# Framework bridge) + terraform-provider-random, schema generated with tfgen.
RANDOM_PROVIDER_VERSION=4.21.1         # matches @pulumi/random in package.json
RANDOM_TF_VERSION=v1.3.2-0.20260513075824-f8d869dc98d9  # upstream at 4.21.1 time
RANDOM_BRIDGE_VERSION=v3.134.0   # first bridge release whose dependencies are all served
RANDOM_PLUGIN_SDK_FORK=v2.0.0-20260318212141-5525259d096b  # bridge's own replace
RANDOM_PULUMI_JAVA_VERSION=v1.32.0     # as the bridge requires; v1.30.0 (bridge v3.133) is refused

KUBERNETES_VERSION=1.34.12             # newest 1.34.x whose staging modules are all served
ETCD_VERSION=3.5.35                    # newest 3.5.x
KWOK_VERSION=0.8.0                     # newest kwok

# ------------------------------------------------------------------ setup ---
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The host is patched (nodejs-host/): its cache entry is keyed by the patch too.
NODEJS_HOST_BUILD=$NODEJS_HOST_VERSION-runplugin.$(sha256sum "$HERE/nodejs-host/run_plugin.go" | cut -c1-8)

# ------------------------------------------------------------ kubernetes ----
build_kubernetes() {
  local out=$1 v=$KUBERNETES_VERSION
  local w; w=$(new_wrapper kubernetes)
  k8s_wrapper_gomod kubernetes "$v" > "$w/go.mod"   # lib.sh: staging modules at v0.<minor>.<patch>
  # One go build for all four commands so shared packages compile once.
  local ld; ld=$(k8s_ldflags "$v")
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

# ------------------------------------------------------------------ etcd ----
build_etcd() {
  local out=$1 v=$ETCD_VERSION
  local w; w=$(new_wrapper etcd)
  # go.etcd.io/etcd/server/v3 is itself the etcd main package (main.go -> etcdmain);
  # its replaces are all local (../api, ...), the required v3.5.x modules are used.
  printf 'module lakehouse.local/toolchain/etcd\n\ngo 1.25.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$v" > "$w/go.mod"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$LDFLAGS_BASE" -o "$out/etcd" go.etcd.io/etcd/server/v3)
}

# ------------------------------------------------------------------ kwok ----
build_kwok() {
  local out=$1 v=$KWOK_VERSION
  local w; w=$(new_wrapper kwok)
  local kmod; kmod=$(modfile "sigs.k8s.io/kwok@v$v")
  { printf 'module lakehouse.local/toolchain/kwok\n\ngo 1.26.0\n\nrequire sigs.k8s.io/kwok v%s\n\n' "$v"; remote_replaces "$kmod"; } > "$w/go.mod"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath \
    -ldflags "$LDFLAGS_BASE -X sigs.k8s.io/kwok/pkg/consts.Version=$v" -o "$out/kwok" sigs.k8s.io/kwok/cmd/kwok)
  # kwok's default stage configs (node heartbeat, pod lifecycle, ...) live in the module.
  local d; d=$(moddir "sigs.k8s.io/kwok@v$v")
  mkdir -p "$out/stage" && cp -r "$d/kustomize/stage/." "$out/stage/" && chmod -R u+w "$out/stage"
}

# ---------------------------------------------------------------- pulumi ----
build_pulumi() {
  local out=$1 v=$PULUMI_VERSION
  local w; w=$(new_wrapper pulumi)
  local pmod; pmod=$(modfile "github.com/pulumi/pulumi/pkg/v3@v$v")
  # pkg/v3 replaces github.com/atotto/clipboard; repeat its non-local replaces.
  { printf 'module lakehouse.local/toolchain/pulumi\n\ngo 1.25.0\n\nrequire (\n'
    printf '\tgithub.com/pulumi/pulumi/pkg/v3 v%s\n\tgithub.com/pulumi/pulumi/sdk/v3 v%s\n)\n\n' "$v" "$v"
    remote_replaces "$pmod"; } > "$w/go.mod"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath \
    -ldflags "$LDFLAGS_BASE -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$v" \
    -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
}

build_nodejs_host() {
  local out=$1 v=$NODEJS_HOST_VERSION
  local w; w=$(new_wrapper pulumi-language-nodejs)
  printf 'module lakehouse.local/toolchain/pulumi-language-nodejs\n\ngo 1.25.0\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$v" > "$w/go.mod"
  # The host's main package, with its RunPlugin stub ("not supported") replaced by
  # nodejs-host/run_plugin.go: today's engines start Node.js policy packs through it.
  local d; d=$(moddir "github.com/pulumi/pulumi/sdk/v3@v$v")
  cp "$d"/nodejs/cmd/pulumi-language-nodejs/*.go "$w/" && rm -f "$w"/*_test.go && chmod u+w "$w"/*.go
  perl -0pi -e 's/func \(host \*nodeLanguageHost\) RunPlugin\(\n.*?\n\) error \{\n\treturn errors\.New\("not supported"\)\n\}\n//s' "$w/main.go"
  if grep -q 'errors.New("not supported")' "$w/main.go"; then echo "[toolchain] could not remove the RunPlugin stub" >&2; return 1; fi
  cp "$HERE/nodejs-host/run_plugin.go" "$w/"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath \
    -ldflags "$LDFLAGS_BASE -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$v" \
    -o "$out/pulumi-language-nodejs" .)
}

# ---------------------------------------------------- pulumi-kubernetes -----
build_kubernetes_provider() {
  local out=$1 v=$K8S_PROVIDER_VERSION m=github.com/pulumi/pulumi-kubernetes/provider/v4
  local w; w=$(new_wrapper pulumi-resource-kubernetes)
  local pmod; pmod=$(modfile "$m@$K8S_PROVIDER_MODULE_VERSION")
  # Dependencies exactly as the provider's go.mod pins them (sdk/v4 v4.24.0 for its
  # own ../sdk, pulumi pkg/sdk v3.215.0): newer sdk/v4 (v4.32.0) drags sdk/v3 to
  # 3.243, which pkg/v3 3.215 does not compile against, and the provider's code
  # does not compile against pkg/v3 3.248 (codegen/schema API changes).
  { printf 'module lakehouse.local/toolchain/pulumi-resource-kubernetes\n\ngo 1.25.0\n\n'
    printf 'require %s %s\n\n' "$m" "$K8S_PROVIDER_MODULE_VERSION"
    remote_replaces "$pmod"; } > "$w/go.mod"
  # The main package embeds schema-embed.json / terraform-mapping-embed.json, which
  # upstream makes with `go generate` (generate.go: set the schema version, re-marshal
  # both files compactly). They are not in the module zip: copy the package and run it.
  local d; d=$(moddir "$m@$K8S_PROVIDER_MODULE_VERSION")/cmd/pulumi-resource-kubernetes
  install -m 644 "$d"/*.go "$d/schema.json" "$d/terraform-mapping.json" "$w/"
  (cd "$w" && VERSION=$v "${NICE[@]}" go run -mod=mod generate.go)
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath \
    -ldflags "$LDFLAGS_BASE -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$v" \
    -o "$out/pulumi-resource-kubernetes" .)
  echo "$m $K8S_PROVIDER_MODULE_VERSION (registered as $v)" > "$out/SOURCE"
}

# -------------------------------------------------------- pulumi-random -----
build_random_provider() {
  local out=$1 v=$RANDOM_PROVIDER_VERSION
  local w; w=$(new_wrapper pulumi-resource-random)
  local tf=github.com/terraform-providers/terraform-provider-random
  mkdir -p "$w/shim" "$w/info" "$w/cmd/pulumi-tfgen-random" "$w/cmd/pulumi-resource-random" "$w/cmd/schema-embed"

  # The Terraform provider keeps its implementation in internal/provider. A module
  # whose path lies under the provider's path may import it, hence the shim module.
  cat > "$w/shim/go.mod" <<EOF
module $tf/shim

go 1.25.0

require $tf $RANDOM_TF_VERSION
EOF
  cat > "$w/shim/shim.go" <<'EOF'
// Package shim exposes the Terraform random provider (an internal package).
package shim

import (
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// NewProvider returns the Plugin Framework provider of terraform-provider-random.
func NewProvider() fwprovider.Provider { return provider.New() }
EOF

  cat > "$w/go.mod" <<EOF
module lakehouse.local/toolchain/pulumi-resource-random

go 1.25.0

require (
	github.com/pulumi/pulumi-terraform-bridge/v3 $RANDOM_BRIDGE_VERSION
	github.com/pulumi/pulumi-java $RANDOM_PULUMI_JAVA_VERSION
	$tf $RANDOM_TF_VERSION
	$tf/shim v0.0.0
)

replace $tf/shim => ./shim

replace github.com/hashicorp/terraform-plugin-sdk/v2 => github.com/pulumi/terraform-plugin-sdk/v2 $RANDOM_PLUGIN_SDK_FORK
EOF

  # Bridge configuration: every random_<name> becomes random:index/random<Name>:Random<Name>,
  # the token scheme of the published @pulumi/random SDK.
  cat > "$w/info/info.go" <<'EOF'
// Package info describes how terraform-provider-random is bridged to Pulumi.
package info

import (
	"context"
	_ "embed"
	"errors"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/terraform-providers/terraform-provider-random/shim"
)

// Version is stamped at link time with -X; the bridge needs a real version.
var Version string

// Written by tfgen next to schema.json (alias history); "{}" on a first run.
//
//go:embed bridge-metadata.json
var metadata []byte

// Provider returns the bridge configuration of the random package.
func Provider() tfbridge.ProviderInfo {
	if Version == "" {
		panic("info.Version is empty: build with -ldflags -X .../info.Version=<version>")
	}
	prov := tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "random",
		Version:      Version,
		Description:  "A Pulumi package to safely use randomness in Pulumi programs.",
		Keywords:     []string{"pulumi", "random"},
		License:      "Apache-2.0",
		Homepage:     "https://pulumi.io",
		Repository:   "https://github.com/pulumi/pulumi-random",
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		Resources: map[string]*tfbridge.ResourceInfo{
			// random_bytes has no "id" attribute: use its base64 value as the ID.
			"random_bytes": {ComputeID: idFromBase64},
		},
		EnableAccurateBridgePreview: true,
		EnableRawStateDelta:         true,
	}
	prov.MustComputeTokens(tokens.SingleModule("random_", "index",
		func(module, name string) (string, error) { return tokens.MakeStandard("random")(module, "Random"+name) }))
	prov.MustApplyAutoAliases()
	return prov
}

func idFromBase64(_ context.Context, state resource.PropertyMap) (resource.ID, error) {
	v, ok := state["base64"]
	if !ok {
		return "", errors.New("random_bytes: no base64 property in state")
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		return "", errors.New("random_bytes: base64 property is not a string")
	}
	return resource.ID(v.StringValue()), nil
}
EOF
  echo '{}' > "$w/info/bridge-metadata.json"

  cat > "$w/cmd/pulumi-tfgen-random/main.go" <<'EOF'
// Command pulumi-tfgen-random generates the Pulumi schema of the random provider.
package main

import (
	pftfgen "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"lakehouse.local/toolchain/pulumi-resource-random/info"
)

func main() { pftfgen.Main("random", info.Provider()) }
EOF

  cat > "$w/cmd/pulumi-resource-random/main.go" <<'EOF'
// Command pulumi-resource-random is the Pulumi resource provider for random values.
package main

import (
	"context"
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"lakehouse.local/toolchain/pulumi-resource-random/info"
)

//go:embed schema-embed.json
var schema []byte

func main() {
	pf.Main(context.Background(), "random", info.Provider(), pf.ProviderMetadata{PackageSchema: schema})
}
EOF

  # Like upstream's generate step: stamp the version into the schema, compacted.
  cat > "$w/cmd/schema-embed/main.go" <<'EOF'
// Command schema-embed writes schema-embed.json: schema.json with "version" set.
package main

import (
	"encoding/json"
	"log"
	"os"
)

func main() {
	in, out, version := os.Args[1], os.Args[2], os.Args[3]
	raw, err := os.ReadFile(in)
	if err != nil {
		log.Fatal(err)
	}
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &spec); err != nil {
		log.Fatal(err)
	}
	spec["version"], _ = json.Marshal(version)
	b, err := json.Marshal(spec)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
EOF

  local ld="$LDFLAGS_BASE -X lakehouse.local/toolchain/pulumi-resource-random/info.Version=$v"
  local gen=$w/cmd/pulumi-resource-random
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$w/.bin/" ./cmd/pulumi-tfgen-random ./cmd/schema-embed)
  # tfgen writes schema.json and bridge-metadata.json into --out. For the upstream
  # docs (schema descriptions) it runs `go mod download` in ./provider, upstream's
  # layout: give it a provider/ that is this wrapper module. --skip-examples: the
  # HCL example conversion needs `pulumi convert` plus a converter plugin download.
  mkdir -p "$w/.tfgen" && ln -sfn "$w" "$w/.tfgen/provider"
  (cd "$w/.tfgen" && PULUMI_SKIP_UPDATE_CHECK=true "$w/.bin/pulumi-tfgen-random" schema --skip-examples --out "$gen")
  cp "$gen/bridge-metadata.json" "$w/info/bridge-metadata.json"
  "$w/.bin/schema-embed" "$gen/schema.json" "$gen/schema-embed.json" "$v"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$ld" -o "$out/pulumi-resource-random" ./cmd/pulumi-resource-random)
  cp "$gen/schema.json" "$out/schema.json"
  echo "pulumi-terraform-bridge $RANDOM_BRIDGE_VERSION + $tf $RANDOM_TF_VERSION (registered as $v)" > "$out/SOURCE"
}

# ------------------------------------------------------------------ main ----
# (one function, parsed before it runs: editing this file mid-build is safe)
main() {
  log "cache: $CACHE ($(go version))"
  build_item kubernetes "$KUBERNETES_VERSION" build_kubernetes
  build_item etcd "$ETCD_VERSION" build_etcd
  build_item kwok "$KWOK_VERSION" build_kwok
  build_item pulumi "$PULUMI_VERSION" build_pulumi
  build_item pulumi-language-nodejs "$NODEJS_HOST_BUILD" build_nodejs_host
  build_item pulumi-resource-kubernetes "$K8S_PROVIDER_VERSION" build_kubernetes_provider
  build_item pulumi-resource-random "$RANDOM_PROVIDER_VERSION" build_random_provider

  # bin/: one symlink per binary, pointing into the versioned directories.
  for item in "kubernetes-$KUBERNETES_VERSION" "etcd-$ETCD_VERSION" "kwok-$KWOK_VERSION" \
    "pulumi-$PULUMI_VERSION" "pulumi-language-nodejs-$NODEJS_HOST_BUILD" \
    "pulumi-resource-kubernetes-$K8S_PROVIDER_VERSION" "pulumi-resource-random-$RANDOM_PROVIDER_VERSION"; do
    for f in "$CACHE/$item"/*; do
      if [ -f "$f" ] && [ -x "$f" ]; then ln -sfn "$f" "$BIN/$(basename "$f")"; fi
    done
  done
  # The CLI finds language hosts "bundled" next to its own (symlink-resolved)
  # executable without the "using ... from $PATH" warning; put the host there.
  ln -sfn "$CACHE/pulumi-language-nodejs-$NODEJS_HOST_BUILD/pulumi-language-nodejs" \
    "$CACHE/pulumi-$PULUMI_VERSION/pulumi-language-nodejs"
  # Pulumi's release archives ship the dynamic-provider script beside the CLI; so do we.
  install -m 0755 "$HERE/pulumi-resource-pulumi-nodejs" "$CACHE/pulumi-$PULUMI_VERSION/pulumi-resource-pulumi-nodejs"
  ln -sfn "$CACHE/pulumi-$PULUMI_VERSION/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
  # kwok's stage configs, at a version-independent path for scripts/cluster.
  ln -sfn "$CACHE/kwok-$KWOK_VERSION/stage" "$CACHE/kwok-stage"

  # Register the providers as installed plugins (PULUMI_HOME under the cache), so
  # the engine finds resource-<name>-v<version> without downloading anything.
  # shellcheck source=scripts/toolchain/env.sh
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
  install_plugin() {
    local name=$1 version=$2 file=$3
    # (Re)register when missing or when the built binary changed.
    if ! cmp -s "$file" "$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name"; then
      log "registering plugin resource $name $version"
      pulumi plugin install resource "$name" "$version" --file "$file" --reinstall >/dev/null
    fi
  }
  install_plugin kubernetes "$K8S_PROVIDER_VERSION" "$CACHE/pulumi-resource-kubernetes-$K8S_PROVIDER_VERSION/pulumi-resource-kubernetes"
  install_plugin random "$RANDOM_PROVIDER_VERSION" "$CACHE/pulumi-resource-random-$RANDOM_PROVIDER_VERSION/pulumi-resource-random"

  for t in "${TIMINGS[@]}"; do log "time: $t"; done
  log "done: $(du -sh "$CACHE" --exclude=src 2>/dev/null | cut -f1) in $CACHE; binaries in $BIN"
  log "total: $((SECONDS / 60))m$((SECONDS % 60))s"
}

main "$@"
