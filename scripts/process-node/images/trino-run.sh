#!/bin/bash
# The trino image's /usr/lib/trino/bin/run-trino (core/docker/bin/run-trino upstream), unchanged
# but for this comment: a node without node.id in node.properties takes its hostname.
set -xeuo pipefail

launcher_opts=(--etc-dir /etc/trino)
if ! grep -s -q 'node.id' /etc/trino/node.properties; then
    launcher_opts+=("-Dnode.id=${HOSTNAME}")
fi

exec /usr/lib/trino/bin/launcher run "${launcher_opts[@]}" "$@"
