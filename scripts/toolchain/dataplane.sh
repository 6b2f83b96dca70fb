#!/usr/bin/env bash
# Everything the local control plane with its process node needs, built or fetched into the cache
# when missing: Debian packages, the control plane (build.sh), the node and its network
# (node.sh), and the servers its pods run (servers.sh, nessie-role.sh, airflow.sh). The one list
# `npm run local` and `npm run test:dataplane` share.
#
# Usage: dataplane.sh            # all of it
#        dataplane.sh --servers    # the Debian packages and the servers only: what shares no Go
#                                  # build with the control plane, which CI builds in the
#                                  # background while the kwok suites run (node.sh's kube-proxy
#                                  # and CoreDNS compile much of the Kubernetes module again when
#                                  # built beside build.sh, and take seconds after it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
steps=(packages build node servers nessie-role airflow)
if [[ ${1:-} == --servers ]]; then steps=(packages airflow servers nessie-role); fi
for step in "${steps[@]}"; do
  bash "$here/$step.sh"
done
