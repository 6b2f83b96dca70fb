#!/usr/bin/env bash
# Everything the local control plane with its process node needs, built or fetched into the cache
# when missing: Debian packages, the control plane (build.sh), the node and its network
# (node.sh), and the servers its pods run (servers.sh, nessie-role.sh, airflow.sh). The one list
# `npm run local` and `npm run test:dataplane` share.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for step in packages build node servers nessie-role airflow; do
  bash "$here/$step.sh"
done
