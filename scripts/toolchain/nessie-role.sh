#!/usr/bin/env bash
# Builds Nessie's stand-in for the process node (scripts/process-node/images/nessie-role/
# NessieRole.java: Apache Iceberg's REST catalog server configured from Nessie's own settings)
# into the versioned cache of lib.sh:
#
#   ${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}/nessie-role-<hash>/classes/
#
# and points $CACHE/nessie-role at it, for the image table (images.yaml mounts classes/ at
# /deployments/app). <hash>: of the source and of the iceberg-rest build it compiles against, so
# a change to either rebuilds. Needs a JDK 17+ (javac) and scripts/toolchain/servers.sh iceberg-rest.
#
# Usage: scripts/toolchain/nessie-role.sh      # build if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...     # rebuild
set -euo pipefail

LOG_PREFIX=nessie-role
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SOURCE=$(cd "$HERE/.." && pwd)/process-node/images/nessie-role/NessieRole.java
ICEBERG_REST=$CACHE/iceberg-rest

if [ ! -d "$ICEBERG_REST/lib" ]; then
  log "$ICEBERG_REST/lib is missing: run scripts/toolchain/servers.sh iceberg-rest first" >&2
  exit 1
fi
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
command -v "$JAVAC" >/dev/null || { log "no javac (a JDK 17+; Debian: openjdk-17-jdk-headless)" >&2; exit 1; }

# The iceberg-rest symlink's target names its version (iceberg-rest-1.11.0).
HASH=$({ sha256sum < "$SOURCE"; readlink "$ICEBERG_REST"; } | sha256sum | cut -c1-12)

build_nessie_role() {
  local out=$1
  "${NICE[@]}" "$JAVAC" --release 17 -nowarn -encoding UTF-8 -d "$out/classes" \
    -cp "$ICEBERG_REST/lib/*" "$SOURCE"
  # Smoke test: the classes load against the lib (the config check exits 1 without a config).
  local dir; dir=$(mktemp -d)
  if (cd "$dir" && "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$out/classes:$ICEBERG_REST/lib/*" NessieRole --print-mapping \
      > "$dir/out.txt" 2>&1); then
    log "smoke test: expected a configuration error without a config" >&2; cat "$dir/out.txt" >&2; rm -rf "$dir"; return 1
  fi
  grep -q 'nessie.version.store.type is IN_MEMORY' "$dir/out.txt" ||
    { log "smoke test failed:" >&2; cat "$dir/out.txt" >&2; rm -rf "$dir"; return 1; }
  rm -rf "$dir"
}

build_item nessie-role "$HASH" build_nessie_role
ln -sfn "nessie-role-$HASH" "$CACHE/nessie-role"
# Builds of older sources are no longer referenced.
for old in "$CACHE"/nessie-role-*; do
  if [ -d "$old" ] && [ "$old" != "$CACHE/nessie-role-$HASH" ]; then
    log "removing stale $old"
    rm -rf "$old"
  fi
done
for t in "${TIMINGS[@]}"; do log "time: $t"; done
