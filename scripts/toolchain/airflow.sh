#!/usr/bin/env bash
# Installs Apache Airflow 3.0.6 into a virtualenv in the toolchain cache: the process node's
# stand-in for the image docker.io/apache/airflow:3.0.6 (pods there are plain Linux processes).
#
#   $CACHE/airflow-3.0.6-py<XY>-<key>/        the venv (bin/airflow, bin/python, ...)
#   $CACHE/airflow-3.0.6 -> airflow-3.0.6-...  stable symlink to the current one
#
# The image installs Airflow into /home/airflow/.local (its user's `pip install --user` site, on
# PATH as ~/.local/bin) and runs as uid 50000; the venv is built for that path (image-venv.sh says
# how) from the committed lock airflow-requirements.txt.
#
# Differences from the image: the interpreter is Debian's Python 3.11 (the image has 3.12;
# Airflow 3.0.6 supports both), and only the extras below are installed (the image has ~35).
#
# Usage: scripts/toolchain/airflow.sh            # build the venv if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...       # rebuild it
#        scripts/toolchain/airflow.sh lock       # re-resolve airflow-requirements.txt
#        VENV_PYTHON=/path/to/python3.12 ...     # another interpreter (the lock targets 3.11); it
#                                                # must be runnable by uid 50000 (not under /root)
set -euo pipefail

AIRFLOW_VERSION=3.0.6
AIRFLOW_EXTRAS=celery,postgres,redis,amazon,cncf.kubernetes,fab,statsd
# The lock is resolved as PyPI stood when 3.0.6's constraints were frozen (its rc2, 2025-08-26),
# airflow's own three distributions excepted (published 2025-08-29): this reproduces the
# provider versions the 3.0.6 image ships (amazon 9.12.0, cncf.kubernetes 10.7.0, postgres 6.2.3,
# celery 3.12.2, fab 2.4.1, redis 4.2.0, ...).
LOCK_CUTOFF=2025-08-26T14:00:00Z
LOCK_AIRFLOW_CUTOFF=2025-08-30T00:00:00Z

LOG_PREFIX=airflow
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VENV_NAME=airflow
VENV_VERSION=$AIRFLOW_VERSION
VENV_LOCK=$HERE/airflow-requirements.txt
VENV_PREFIX=/home/airflow/.local
VENV_UID=50000
VENV_GID=0
VENV_LAYOUT=2
# shellcheck source=scripts/toolchain/image-venv.sh
source "$HERE/image-venv.sh"

# The image's providers for our use, and psycopg2 (psycopg2-binary, as the image and the postgres
# provider have it). The celery provider already requires celery[redis] (redis-py) and flower,
# which is all a worker with a redis broker needs.
requirements_in() {
  echo "apache-airflow[$AIRFLOW_EXTRAS]==$AIRFLOW_VERSION"
  echo "psycopg2-binary"
}

venv_smoke() {
  USER=airflow AIRFLOW_HOME="$HOME" airflow version
}

if [ "${1:-}" = lock ]; then
  newer=()
  for p in apache-airflow apache-airflow-core apache-airflow-task-sdk; do
    newer+=(--exclude-newer-package "$p=$LOCK_AIRFLOW_CUTOFF")
  done
  venv_relock "$LOCK_CUTOFF" "${newer[@]}"
  exit 0
fi
install_venv
