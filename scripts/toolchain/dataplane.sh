#!/usr/bin/env bash
# Everything the local control plane with its process node needs, built or fetched into the cache
# when missing: Debian packages, the control plane (build.sh), the node and its network
# (node.sh), the servers its pods run (servers.sh, nessie-role.sh, airflow.sh, dagster.sh), and the edge:
# the charts (charts.sh), Traefik (traefik.sh) and cert-manager (cert-manager.sh), and
# observability: the Prometheus operator, Prometheus and kube-state-metrics (prometheus.sh). The one list
# `npm run local` and `npm run test:dataplane` share.
#
# Usage: dataplane.sh             # all of it
#        dataplane.sh --background  # all but the control plane (build.sh), for CI to build while
#                                   # the kwok suites run: downloads first, the node last, so that
#                                   # kube-proxy and CoreDNS find the Kubernetes packages build.sh
#                                   # compiled in the Go build cache instead of compiling them
#                                   # beside it
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
steps=(packages build node servers nessie-role airflow dagster charts traefik cert-manager prometheus)
if [[ ${1:-} == --background ]]; then steps=(packages airflow dagster servers nessie-role charts traefik cert-manager prometheus node); fi
for step in "${steps[@]}"; do
  bash "$here/$step.sh"
done
