#!/usr/bin/env bash
# Installs Dagster 1.11.9 into a virtualenv in the toolchain cache: the process node's stand-in for
# the image docker.io/dagster/dagster-celery-k8s:1.11.9 (pods there are plain Linux processes).
#
#   $CACHE/dagster-1.11.9-py<XY>-<key>/        the venv (bin/dagster, bin/dagster-webserver, ...)
#   $CACHE/dagster-1.11.9 -> dagster-1.11.9-...  stable symlink to the current one
#
# The image is python:3.x-slim with Dagster pip-installed into the system site, so `python`,
# `dagster`, `dagster-webserver` and `dagster-daemon` are in /usr/local/bin. The venv is built for
# /usr/local (image-venv.sh says how) from the committed lock dagster-requirements.txt, and a pod
# gets it there; the platform runs every Dagster container as uid 10001 (components/workflows/dagster.ts).
#
# Differences from the image: Debian's Python 3.11; only the libraries the platform uses
# (dagster, its webserver and GraphQL, dagster-postgres for storage, dagster-k8s for the run
# launcher), not the image's Celery, AWS, Azure and GCP integrations.
#
# Usage: scripts/toolchain/dagster.sh            # build the venv if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...       # rebuild it
#        scripts/toolchain/dagster.sh lock       # re-resolve dagster-requirements.txt
set -euo pipefail

DAGSTER_VERSION=1.11.9
# Dagster's libraries version as 0.<minor + 16>.<patch> beside the core's 1.<minor>.<patch>.
DAGSTER_LIBRARIES_VERSION=0.27.9
# PyPI as it stood after 1.11.9's release (2025-09-04 22:50 UTC): what its image installed.
LOCK_CUTOFF=2025-09-05T00:00:00Z

LOG_PREFIX=dagster
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VENV_NAME=dagster
VENV_VERSION=$DAGSTER_VERSION
VENV_LOCK=$HERE/dagster-requirements.txt
VENV_PREFIX=/usr/local
VENV_UID=10001
VENV_GID=10001
VENV_LAYOUT=1
# shellcheck source=scripts/toolchain/image-venv.sh
source "$HERE/image-venv.sh"

requirements_in() {
  echo "dagster==$DAGSTER_VERSION"
  echo "dagster-webserver==$DAGSTER_VERSION"
  echo "dagster-graphql==$DAGSTER_VERSION"
  echo "dagster-postgres==$DAGSTER_LIBRARIES_VERSION"
  echo "dagster-k8s==$DAGSTER_LIBRARIES_VERSION"
}

venv_smoke() {
  dagster --version
  dagster-webserver --version
  dagster-daemon --help >/dev/null
  python -c 'import dagster_k8s, dagster_postgres, dagster_graphql'
}

if [ "${1:-}" = lock ]; then
  venv_relock "$LOCK_CUTOFF"
  exit 0
fi
install_venv
