#!/usr/bin/env bash
# Installs Apache Airflow 3.0.6 into a virtualenv in the toolchain cache: the process node's
# stand-in for the image docker.io/apache/airflow:3.0.6 (pods there are plain Linux processes).
#
#   $CACHE/airflow-3.0.6-py<XY>-<key>/        the venv (bin/airflow, bin/python, ...)
#   $CACHE/airflow-3.0.6 -> airflow-3.0.6-...  stable symlink to the current one
#
# The venv is made for the image's path, not the cache's: the image installs Airflow into
# /home/airflow/.local (its user's `pip install --user` site, on PATH as ~/.local/bin), and pods
# run as the image's user (uid 50000), which cannot enter /root. So the venv is built under
# `unshare --mount` with its cache directory bind-mounted at /home/airflow/.local: pip writes that
# path into every script's shebang, and pyvenv.cfg and the activate scripts name it. A pod gets the
# venv bind-mounted at the same path (scripts/process-node/images.yaml) and runs it unchanged. The
# interpreter is the system's (bin/python -> /usr/bin/python3.11), which any uid can run; a pyenv
# build under /root would not do. Building needs root (the mount namespace), and creates
# /home/airflow/.local on the host as the mount point if missing (removed again if it was).
#
# Everything comes from PyPI with `pip install --require-hashes --no-deps -r` the committed lock
# airflow-requirements.txt, so the set is fixed (Airflow's own constraints files live on GitHub,
# out of reach here). The directory name's key hashes the lock, the interpreter and the image
# path (and LAYOUT): a change of any of them gives a new directory, hence a rebuild.
#
# Differences from the image: the interpreter is Debian's Python 3.11 (the image has 3.12;
# Airflow 3.0.6 supports both), and only the extras below are installed (the image has ~35).
#
# Usage: scripts/toolchain/airflow.sh            # build the venv if missing
#        LAKEHOUSE_TOOLCHAIN_REBUILD=1 ...       # rebuild it
#        scripts/toolchain/airflow.sh lock       # re-resolve airflow-requirements.txt (see below)
#        AIRFLOW_PYTHON=/path/to/python3.12 ...  # another interpreter (the lock targets 3.11); it
#                                                # must be runnable by uid 50000 (not under /root)
set -euo pipefail

# ---------------------------------------------------------------- versions --
AIRFLOW_VERSION=3.0.6
AIRFLOW_EXTRAS=celery,postgres,redis,amazon,cncf.kubernetes,fab,statsd
# The lock is resolved as PyPI stood when 3.0.6's constraints were frozen (its rc2, 2025-08-26),
# airflow's own three distributions excepted (published 2025-08-29): this reproduces the
# provider versions the 3.0.6 image ships (amazon 9.12.0, cncf.kubernetes 10.7.0, postgres 6.2.3,
# celery 3.12.2, fab 2.4.1, redis 4.2.0, ...). uv's --exclude-newer does the date cut.
LOCK_CUTOFF=2025-08-26T14:00:00Z
LOCK_AIRFLOW_CUTOFF=2025-08-30T00:00:00Z
LOCK_UV_VERSION=0.13.9
LOCK_PYTHON_VERSION=3.11

# ------------------------------------------------------------------ setup ---
LOG_PREFIX=airflow
# shellcheck source=scripts/toolchain/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOCK=$HERE/airflow-requirements.txt
# Debian's python3.11 (package python3.11-venv for the venv module), not a pyenv shim under /root.
PYTHON=$(command -v "${AIRFLOW_PYTHON:-/usr/bin/python3.11}")
# The real interpreter (not a shim), so the venv does not depend on a version manager's state.
PYTHON=$("$PYTHON" -c 'import sys; print(sys.executable)')
PYTAG=$("$PYTHON" -c 'import sys; print("py%d%d" % sys.version_info[:2])')
# Where the image has Airflow, and who runs it there.
IMAGE_PREFIX=/home/airflow/.local
IMAGE_UID=50000
IMAGE_GID=0
# Bump when the way the venv is laid out changes, so existing caches rebuild.
LAYOUT=2

# ------------------------------------------------------------------- lock ---
# Top-level requirements: the image's providers for our use, and psycopg2 (psycopg2-binary, as
# the image and the postgres provider have it). The celery provider already requires
# celery[redis] (redis-py) and flower, which is all a worker with a redis broker needs.
requirements_in() {
  echo "apache-airflow[$AIRFLOW_EXTRAS]==$AIRFLOW_VERSION"
  echo "psycopg2-binary"
}

relock() {
  local scratch; scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' RETURN
  log "resolving $LOCK (uv $LOCK_UV_VERSION in a scratch venv, PyPI as of $LOCK_CUTOFF) ..."
  "$PYTHON" -m venv "$scratch/venv"
  "$scratch/venv/bin/pip" install -q "uv==$LOCK_UV_VERSION"
  requirements_in > "$scratch/requirements.in"
  local p pkgs=()
  for p in apache-airflow apache-airflow-core apache-airflow-task-sdk; do
    pkgs+=(--exclude-newer-package "$p=$LOCK_AIRFLOW_CUTOFF")
  done
  # --system-certs: the system CA store (as pip uses here), not uv's bundled roots.
  (cd "$scratch" && "${NICE[@]}" "$scratch/venv/bin/uv" pip compile --system-certs --quiet \
    --no-config --cache-dir "$scratch/uv-cache" --python "$scratch/venv/bin/python" \
    --python-version "$LOCK_PYTHON_VERSION" --exclude-newer "$LOCK_CUTOFF" "${pkgs[@]}" \
    --generate-hashes --no-header --output-file requirements.txt requirements.in)
  {
    echo "# Lock for scripts/toolchain/airflow.sh: Apache Airflow $AIRFLOW_VERSION, Python $LOCK_PYTHON_VERSION, Linux."
    echo "# Generated by \`scripts/toolchain/airflow.sh lock\` (uv pip compile --generate-hashes,"
    echo "# --exclude-newer $LOCK_CUTOFF; apache-airflow, -core, -task-sdk up to $LOCK_AIRFLOW_CUTOFF)"
    echo "# from:"
    requirements_in | sed 's/^/#   /'
    echo "# Installed with pip install --require-hashes --no-deps -r: change it only through that command."
    cat "$scratch/requirements.txt"
  } > "$LOCK"
  log "wrote $LOCK ($(grep -c '^[a-z0-9]' "$LOCK") packages)"
}

if [ "${1:-}" = lock ]; then
  relock
  exit 0
fi

# ---------------------------------------------------------------- install ---
KEY=$({ cat "$LOCK"; echo "python=$PYTHON prefix=$IMAGE_PREFIX layout=$LAYOUT"; } | sha256sum | cut -c1-12)
NAME=airflow
VERSION=$AIRFLOW_VERSION-$PYTAG-$KEY

# In a private mount namespace with the (empty) output directory bound at the image path: make
# the venv there, so every path pip and venv record is the image's.
build_at_image_path() {
  local out=$1 prefix=$2 python=$3 lock=$4 uid=$5 gid=$6
  mount --bind "$out" "$prefix"
  "$python" -m venv --prompt "airflow-$AIRFLOW_VERSION" "$prefix"
  # The venv's bundled pip is enough for --require-hashes; upgrading it would fetch an unhashed
  # pip. --no-deps: the lock is the complete set. --only-binary: every pin has a wheel, so nothing
  # is built (a build would fetch its build dependencies unhashed).
  "${NICE[@]}" "$prefix/bin/pip" install --quiet --no-input --disable-pip-version-check \
    --require-hashes --no-deps --only-binary :all: --no-compile -r "$lock"
  "$prefix/bin/pip" check
  # Byte-compiled ahead (two processes; pip's own step uses one): pods mount the venv read-only.
  "${NICE[@]}" "$prefix/bin/python" -m compileall -q -j 2 "$prefix/lib" >/dev/null ||
    log "note: some files did not byte-compile (as pip would also ignore)"
  if grep -rlIF -- "$out" "$prefix/bin" "$prefix/pyvenv.cfg"; then
    log "error: the files above name the build directory $out" && return 1
  fi
  # Smoke test before the item counts as complete: as the image's user, with nothing from root's
  # environment, through bin/airflow's shebang.
  local home; home=$(mktemp -d)
  chown "$uid:$gid" "$home"
  setpriv --reuid="$uid" --regid="$gid" --clear-groups -- env -i PATH="$prefix/bin:/usr/bin:/bin" \
    HOME="$home" USER=airflow AIRFLOW_HOME="$home" airflow version
  rm -rf "$home"
}

build_airflow() {
  local out=$1
  if [ "$(id -u)" != 0 ]; then
    log "error: building needs root (a mount namespace binds the venv at $IMAGE_PREFIX)" && return 1
  fi
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
    { log "error: $PYTHON has no venv/ensurepip module (Debian: apt-get install python3.11-venv)"; return 1; }
  # The pods' user must be able to run the interpreter the venv links to.
  setpriv --reuid="$IMAGE_UID" --regid="$IMAGE_GID" --clear-groups -- "$PYTHON" -c '' ||
    { log "error: uid $IMAGE_UID cannot run $PYTHON: set AIRFLOW_PYTHON to a system interpreter"; return 1; }
  # The mount point, on the host: the process node makes the same one for pods.
  local made=() d
  for d in "$(dirname "$IMAGE_PREFIX")" "$IMAGE_PREFIX"; do
    [ -e "$d" ] || { mkdir -m 755 "$d" && made=("$d" "${made[@]}"); }
  done
  local rc=0
  unshare --mount --propagation private -- bash -c "set -euo pipefail
    $(declare -p NICE AIRFLOW_VERSION LOG_PREFIX); $(declare -f log build_at_image_path)
    build_at_image_path \"\$@\"" build "$out" "$IMAGE_PREFIX" "$PYTHON" "$LOCK" "$IMAGE_UID" "$IMAGE_GID" || rc=$?
  for d in "${made[@]}"; do rmdir "$d" 2>/dev/null || true; done
  return "$rc"
}

build_item "$NAME" "$VERSION" build_airflow
ln -sfn "$NAME-$VERSION" "$CACHE/$NAME-$AIRFLOW_VERSION"
# Older builds of this version (a previous lock or interpreter) are no longer referenced.
for old in "$CACHE/$NAME-$AIRFLOW_VERSION"-*; do
  if [ -d "$old" ] && [ "$old" != "$CACHE/$NAME-$VERSION" ]; then
    log "removing stale $old"
    rm -rf "$old"
  fi
done
log "ready: $CACHE/$NAME-$AIRFLOW_VERSION/bin/airflow ($("$CACHE/$NAME-$AIRFLOW_VERSION/bin/python" -V))"
for t in "${TIMINGS[@]}"; do log "took: $t"; done
