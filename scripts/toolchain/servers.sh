#!/usr/bin/env bash
# Builds the server software that the process node's pods run in place of
# container images, from package registries only (crates.io, the Go module
# proxy, Maven Central), into the versioned cache of lib.sh:
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/<name>-<version>/
#
# and points a stable symlink $CACHE/<name> at each, for the node's image table:
#
#   garage             bin/garage                     (dxflrs/garage, there /garage)
#   postgres_exporter  postgres_exporter              (prometheuscommunity/postgres-exporter)
#   redis_exporter     redis_exporter                 (oliver006/redis_exporter)
#   statsd_exporter    statsd_exporter                (prom/statsd-exporter)
#   trino-server       bin/launcher, lib/, plugin/    (trinodb/trino; needs Java 24+)
#   trino-cli          trino-cli                      (class files for Java 11+; runs `java` from PATH)
#   iceberg-rest       bin/iceberg-rest, lib/         (apache/iceberg-rest-fixture)
#
# Usage: scripts/toolchain/servers.sh [ITEM...]   # build what is missing (default: all)
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...        # rebuild
set -euo pipefail

# ---------------------------------------------------------------- versions --
GARAGE_VERSION=2.1.0
# The crate's default features: bundled-libs, metrics, lmdb, sqlite, k2v. The
# release binaries (so the dxflrs/garage image) add consul-discovery,
# kubernetes-discovery, telemetry-otlp, syslog and journald (nix/compile.nix);
# the platform's garage.toml uses none of them, and they triple the cold build
# (kube-rs and OpenTelemetry), so the process node runs the default set.
GARAGE_FEATURES=
GARAGE_BUILD=$GARAGE_VERSION-default-features

POSTGRES_EXPORTER_VERSION=0.17.1
REDIS_EXPORTER_VERSION=1.74.0
STATSD_EXPORTER_VERSION=0.31.0

TRINO_VERSION=476
# Plugins kept from the 821 MB server tarball. Each plugin directory is
# self-contained (iceberg bundles its own trino-hive jars: hive is optional) and
# the server starts with any subset. The cache key is the version only: after
# changing this list, LAKEHOUSE_TOOLCHAIN_REBUILD=1 servers.sh trino-server.
# password-authenticators: the coordinator's file password login (the program's
# password-authenticator.properties); Trino refuses to start without it.
TRINO_PLUGINS=(iceberg hive tpch memory password-authenticators)

# Newest iceberg-open-api on Maven Central (1.12.0 is not published for it).
# The library versions in iceberg_rest_pom are this release's: update them with it.
ICEBERG_VERSION=1.11.0
POSTGRESQL_JDBC_VERSION=42.7.14

MVN_DEP=org.apache.maven.plugins:maven-dependency-plugin:3.8.1   # pinned, not Maven 3.8's default 2.8

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=servers
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Maven 3.8 prints stray colour resets even with -B: drop them from the log.
mvn_q() { "${NICE[@]}" mvn -B -q "$@" 2>&1 | sed 's/\x1b\[0m//g'; }

# ---------------------------------------------------------------- garage ----
build_garage() {
  local out=$1 v=$GARAGE_VERSION
  # --locked: the crate's own Cargo.lock. The target dir outlives a failed try.
  # GIT_VERSION: what upstream's release build stamps (the tag); without it
  # `garage --version` says "cargo:2.1.0".
  GIT_VERSION=v$v CARGO_TARGET_DIR=$SRC/garage-target "${NICE[@]}" cargo install garage --version "$v" \
    --locked ${GARAGE_FEATURES:+--features "$GARAGE_FEATURES"} --root "$out" --quiet
  rm -f "$out/.crates.toml" "$out/.crates2.json"
  # The workspace's release profile (lto, opt-level "s", strip) does not travel
  # with the published crate; stripping is the cheap part of it (68 -> 52 MB).
  # (to a new file: cargo hard-links the installed binary to the one in the target dir)
  strip -o "$out/bin/garage.stripped" "$out/bin/garage" && mv -f "$out/bin/garage.stripped" "$out/bin/garage"
  # (grep without -q: an early exit would SIGPIPE the writer and fail the pipe)
  "$out/bin/garage" --version | grep "^garage v$v " >/dev/null || { log "garage --version is not v$v" >&2; return 1; }
}

# ------------------------------------------------------------- exporters ----
# go_exporter OUT NAME MODULE VERSION PACKAGE LDFLAGS: go build PACKAGE of MODULE
# in its own wrapper module (no replace directives upstream in any of the three).
go_exporter() {
  local out=$1 name=$2 m=$3 v=$4 pkg=$5 ld=$6
  local w; w=$(new_wrapper "$name")
  printf 'module lakehouse.local/toolchain/%s\n\ngo 1.25.0\n\nrequire %s v%s\n' "$name" "$m" "$v" > "$w/go.mod"
  (cd "$w" && "${NICE[@]}" go build -mod=mod -trimpath -ldflags "$LDFLAGS_BASE $ld" -o "$out/$name" "$pkg")
  "$out/$name" --version 2>&1 | grep "$v" >/dev/null || { log "$name --version does not say $v" >&2; return 1; }
}
# What the proxy says of MODULE@VERSION: its Time, and its commit Hash when it has one.
mod_info() {
  { go list -m -json "$1"; go mod download -json "$1"; } |
    awk -v k="\"$2\":" '$1 == k && !n++ { gsub(/[",]/, "", $2); print $2 }'
}
# The -X flags of upstream's .promu.yml; date and revision from the proxy, so
# rebuilding one version gives the same binary.
promu_ldflags() {
  local m=$1 v=$2 p=github.com/prometheus/common/version
  local t; t=$(mod_info "$m@v$v" Time)
  local rev; rev=$(mod_info "$m@v$v" Hash)
  echo "-X $p.Version=$v -X $p.Revision=${rev:-unknown} -X $p.Branch=HEAD" \
    "-X $p.BuildUser=lakehouse@toolchain -X $p.BuildDate=$(date -u -d "${t:-@0}" +%Y%m%d-%H:%M:%S)"
}

build_postgres_exporter() {
  local m=github.com/prometheus-community/postgres_exporter v=$POSTGRES_EXPORTER_VERSION
  go_exporter "$1" postgres_exporter $m "$v" $m/cmd/postgres_exporter "$(promu_ldflags $m "$v")"
}
build_statsd_exporter() {
  local m=github.com/prometheus/statsd_exporter v=$STATSD_EXPORTER_VERSION
  go_exporter "$1" statsd_exporter $m "$v" $m "$(promu_ldflags $m "$v")"
}
build_redis_exporter() {
  # Not promu: its Dockerfile sets main.Build* (version = the tag, with "v").
  local m=github.com/oliver006/redis_exporter v=$REDIS_EXPORTER_VERSION
  local t; t=$(mod_info "$m@v$v" Time)
  local rev; rev=$(mod_info "$m@v$v" Hash)
  go_exporter "$1" redis_exporter $m "$v" $m \
    "-X main.BuildVersion=v$v -X main.BuildCommitSha=${rev:-unknown} -X main.BuildDate=$(date -u -d "${t:-@0}" +%F-%T)"
}

# ----------------------------------------------------------------- trino ----
build_trino_server() {
  local out=$1 v=$TRINO_VERSION dl=$SRC/trino-server
  mvn_q "$MVN_DEP:copy" -Dartifact="io.trino:trino-server:$v:tar.gz" -DoutputDirectory="$dl"
  # --no-same-owner: as root, tar would keep the archive's uid/gid.
  tar -xzf "$dl/trino-server-$v.tar.gz" -C "$out" --strip-components=1 --no-same-owner
  rm -rf "$dl"   # Maven's local repository keeps the tarball for a rebuild
  local p keep=" ${TRINO_PLUGINS[*]} "
  for p in "$out"/plugin/*; do
    case $keep in *" $(basename "$p") "*) ;; *) rm -rf "$p" ;; esac
  done
}

build_trino_cli() {
  local out=$1 v=$TRINO_VERSION
  mvn_q "$MVN_DEP:copy" -Dartifact="io.trino:trino-cli:$v:jar:executable" -DoutputDirectory="$out"
  # A self-running jar (shell stub + zip): runs with whatever `java` is on PATH.
  mv "$out/trino-cli-$v-executable.jar" "$out/trino-cli" && chmod +x "$out/trino-cli"
}

# ---------------------------------------------------------- iceberg-rest ----
# org.apache.iceberg.rest.RESTCatalogServer lives in iceberg-open-api's
# test-fixtures jar, whose pom lists no dependencies. Its runtime classpath as
# upstream's build.gradle gives it to the iceberg-rest-fixture image's shadow jar
# (testFixturesImplementation/RuntimeOnly, versions from gradle/libs.versions.toml
# at the release), minus junit (only the test extension uses it) and the GCP and
# Azure bundles (SDKs for storage we do not use; azure-bundle is not served
# past 1.10.0), plus the PostgreSQL JDBC driver for a Postgres-backed JdbcCatalog.
iceberg_rest_pom() {
  local v=$ICEBERG_VERSION
  dep() { printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>%s%s</dependency>\n' \
    "$1" "$2" "$3" "${4:+<classifier>$4</classifier>}" "${5:-}"; }
  local ig=org.apache.iceberg
  # hadoop-common: upstream's exclusions (what the fixture jar leaves out).
  local hx='<exclusions>' e
  for e in org.slf4j:'*' ch.qos.reload4j:'*' org.apache.avro:avro com.google.guava:'*' com.google.protobuf:'*' \
    org.apache.curator:'*' org.apache.zookeeper:'*' org.apache.kerby:'*' \
    org.apache.hadoop.thirdparty:hadoop-shaded-protobuf_3_7 org.eclipse.jetty:'*' com.google.re2j:re2j \
    com.google.code.gson:gson com.jcraft:jsch com.google.code.findbugs:jsr305 io.dropwizard.metrics:metrics-core \
    dnsjava:dnsjava org.xerial.snappy:snappy-java commons-cli:commons-cli com.github.pjfanning:jersey-json; do
    hx+="<exclusion><groupId>${e%%:*}</groupId><artifactId>${e#*:}</artifactId></exclusion>"
  done
  hx+='</exclusions>'
  cat <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lakehouse.local</groupId>
  <artifactId>iceberg-rest-runtime</artifactId>
  <version>$v</version>
  <packaging>pom</packaging>
  <dependencies>
$(dep $ig iceberg-open-api "$v" test-fixtures
  dep $ig iceberg-api "$v"
  dep $ig iceberg-core "$v"
  dep $ig iceberg-core "$v" tests
  dep $ig iceberg-aws "$v"
  dep $ig iceberg-gcp "$v"
  dep $ig iceberg-azure "$v"
  dep $ig iceberg-bundled-guava "$v"
  dep $ig iceberg-aws-bundle "$v"
  dep org.apache.hadoop hadoop-common 3.4.3 "" "$hx"
  dep org.slf4j slf4j-api 2.0.17
  dep org.slf4j slf4j-simple 2.0.17
  dep org.eclipse.jetty.ee10 jetty-ee10-servlet 12.1.8
  dep org.eclipse.jetty.compression jetty-compression-server 12.1.8
  dep org.eclipse.jetty.compression jetty-compression-gzip 12.1.8
  dep org.xerial sqlite-jdbc 3.53.0.0
  dep org.postgresql postgresql "$POSTGRESQL_JDBC_VERSION")
  </dependencies>
</project>
EOF
}

build_iceberg_rest() {
  local out=$1 v=$ICEBERG_VERSION w=$SRC/iceberg-rest
  rm -rf "$w" && mkdir -p "$w"
  iceberg_rest_pom > "$w/pom.xml"
  mvn_q -f "$w/pom.xml" "$MVN_DEP:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$out/lib"
  mkdir -p "$out/bin"
  # The image's ENV as defaults (a pod's env overrides them, as with the image).
  # Note: the server reads only CATALOG_* variables; the port is CATALOG_REST_PORT
  # (-> rest.port). The image's REST_PORT is used by its healthcheck only.
  cat > "$out/bin/iceberg-rest" <<'EOF'
#!/bin/sh
# Apache Iceberg REST catalog (RESTCatalogServer), as apache/iceberg-rest-fixture runs it.
# Java 17+: $JAVA_HOME/bin/java, else java on PATH.
export CATALOG_CATALOG__IMPL="${CATALOG_CATALOG__IMPL-org.apache.iceberg.jdbc.JdbcCatalog}"
export CATALOG_URI="${CATALOG_URI-jdbc:sqlite:/tmp/iceberg_catalog.db}"
export CATALOG_JDBC_USER="${CATALOG_JDBC_USER-user}"
export CATALOG_JDBC_PASSWORD="${CATALOG_JDBC_PASSWORD-password}"
export CATALOG_JDBC_STRICT__MODE="${CATALOG_JDBC_STRICT__MODE-true}"
export LANG="${LANG:-en_US.UTF-8}"
dir=$(cd "$(dirname "$0")/.." && pwd)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JAVA_OPTS:-} -cp "$dir/lib/*" org.apache.iceberg.rest.RESTCatalogServer "$@"
EOF
  chmod +x "$out/bin/iceberg-rest"
}

# ------------------------------------------------------------------ main ----
# Downloads first, then builds: in CI's background build the downloads overlap other work sooner.
ALL_ITEMS=(trino-server trino-cli iceberg-rest postgres_exporter redis_exporter statsd_exporter garage)
item_version() {
  case $1 in
    garage) echo "$GARAGE_BUILD" ;;
    postgres_exporter) echo "$POSTGRES_EXPORTER_VERSION" ;;
    redis_exporter) echo "$REDIS_EXPORTER_VERSION" ;;
    statsd_exporter) echo "$STATSD_EXPORTER_VERSION" ;;
    trino-server | trino-cli) echo "$TRINO_VERSION" ;;
    iceberg-rest) echo "$ICEBERG_VERSION" ;;
    *) log "unknown item: $1 (items: ${ALL_ITEMS[*]})" >&2; return 1 ;;
  esac
}

# (one function, parsed before it runs: editing this file mid-build is safe)
main() {
  local items=("$@"); [ $# -gt 0 ] || items=("${ALL_ITEMS[@]}")
  local item v
  for item in "${items[@]}"; do
    v=$(item_version "$item")
    build_item "$item" "$v" "build_${item//-/_}"
    ln -sfn "$item-$v" "$CACHE/$item"
  done
  for t in "${TIMINGS[@]}"; do log "time: $t"; done
}

main "$@"
