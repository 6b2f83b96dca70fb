#!/usr/bin/env bash
# The apache/airflow image's /entrypoint (its scripts/docker/entrypoint_prod.sh), for the process
# node: the same steps in the same order, from the same variables. Left out, on purpose:
# - LD_PRELOAD=/usr/lib/<arch>-linux-gnu/libstdc++.so.6: the image's workaround for "cannot
#   allocate memory in static TLS block" with its own libraries (apache/airflow#17546). Here
#   Airflow runs on the host's Python and libraries, which need no such preload, and a preload
#   would reach every program the container starts.
# - _PIP_ADDITIONAL_REQUIREMENTS: the image's development-only `pip install` at start. The venv
#   here is the locked toolchain build (scripts/toolchain/airflow.sh), mounted read-only: nothing
#   can be installed into it, so the variable is reported and otherwise ignored.
# dumb-init's part (a new session; signals to the whole group) is the process node's: it starts
# each container in its own process group and signals that group.
AIRFLOW_COMMAND=${1:-}
set -euo pipefail

# Retries "$@" until it succeeds: CONNECTION_CHECK_MAX_COUNT tries, CONNECTION_CHECK_SLEEP_TIME apart.
run_check_with_retries() {
  local countdown=$CONNECTION_CHECK_MAX_COUNT out
  until out=$("$@" 2>&1); do
    echo -n "."
    if (( --countdown == 0 )); then
      printf '\nERROR! Maximum number of retries (%s) reached.\n\nLast check result:\n$ %s\n%s\n\n' \
        "$CONNECTION_CHECK_MAX_COUNT" "$*" "$out"
      exit 1
    fi
    sleep "$CONNECTION_CHECK_SLEEP_TIME"
  done
  echo
}

# The image's `nc -zvvn <ip> <port>` (forward lookup in Python, then no DNS); the host has no nc.
tcp_check() {
  local ip
  ip=$(python -c 'import socket, sys; print(socket.gethostbyname(sys.argv[1]))' "$1")
  (exec 3<>"/dev/tcp/$ip/$2") && echo "Connection to $ip $2 port succeeded"
}

wait_for_celery_broker() {
  [[ $(airflow config get-value core executor) == CeleryExecutor ]] || return 0
  local url parts
  url=$(airflow config get-value celery broker_url)
  mapfile -t parts < <(python -c 'import sys; from urllib.parse import urlsplit
u = urlsplit(sys.argv[1]); print(u.scheme); print(u.hostname or ""); print(u.port or "")' "$url")
  echo BACKEND="${BACKEND:=${parts[0]}}"
  local port=${parts[2]}
  if [[ -z $port ]]; then
    case $BACKEND in
      postgres*) port=5432 ;; mysql*) port=3306 ;; mssql*) port=1433 ;;
      redis*) port=6379 ;; amqp*) port=5672 ;;
    esac
  fi
  echo DB_HOST="${DB_HOST:=${parts[1]:-localhost}}"
  echo DB_PORT="${DB_PORT:=$port}"
  if [[ -n $DB_HOST && -n $DB_PORT ]]; then
    run_check_with_retries tcp_check "$DB_HOST" "$DB_PORT"
  else
    >&2 echo "The connection details to the broker could not be determined. Connectivity checks were skipped."
  fi
}

create_www_user() {
  local password=""
  if [[ -n ${_AIRFLOW_WWW_USER_PASSWORD_CMD:-} ]]; then
    password=$(eval "$_AIRFLOW_WWW_USER_PASSWORD_CMD"); unset _AIRFLOW_WWW_USER_PASSWORD_CMD
  elif [[ -n ${_AIRFLOW_WWW_USER_PASSWORD:-} ]]; then
    password=$_AIRFLOW_WWW_USER_PASSWORD; unset _AIRFLOW_WWW_USER_PASSWORD
  fi
  if [[ -z $password ]]; then
    printf '\nERROR! Airflow Admin password not set via _AIRFLOW_WWW_USER_PASSWORD or _AIRFLOW_WWW_USER_PASSWORD_CMD variables!\n\n'
    exit 1
  fi
  airflow users create --username "${_AIRFLOW_WWW_USER_USERNAME:-admin}" \
    --firstname "${_AIRFLOW_WWW_USER_FIRSTNAME:-Airflow}" --lastname "${_AIRFLOW_WWW_USER_LASTNAME:-Admin}" \
    --email "${_AIRFLOW_WWW_USER_EMAIL:-airflowadmin@example.com}" --role "${_AIRFLOW_WWW_USER_ROLE:-Admin}" \
    --password "$password" || true
}

# The image sets PIP_USER for its build; unset so later virtualenvs' pip installs work.
unset PIP_USER

# check_uid_gid: group 0 owns the image's files; uid 50000 may run with another group (warned).
if [[ $(id -g) != 0 ]]; then
  if [[ $(id -u) == 50000 ]]; then
    >&2 echo "WARNING! You should run the image with GID (Group ID) set to 0 even if you use 'airflow' user (UID=50000). You started the image with UID=$(id -u) and GID=$(id -g)"
  else
    >&2 echo "ERROR! You should run the image with GID=0. You started the image with UID=$(id -u) and GID=$(id -g)"
    exit 1
  fi
fi

umask 0002
readonly CONNECTION_CHECK_MAX_COUNT=${CONNECTION_CHECK_MAX_COUNT:-20}
readonly CONNECTION_CHECK_SLEEP_TIME=${CONNECTION_CHECK_SLEEP_TIME:-3}

# create_system_user_if_missing (OpenShift-style arbitrary uids). On the node the container's
# /etc/passwd already has its user, read-only, so this normally does nothing.
if ! whoami &>/dev/null; then
  if [[ -w /etc/passwd ]]; then
    echo "${USER_NAME:-default}:x:$(id -u):0:${USER_NAME:-default} user:${AIRFLOW_USER_HOME_DIR}:/sbin/nologin" >> /etc/passwd
  fi
  export HOME=$AIRFLOW_USER_HOME_DIR
fi

# set_pythonpath_for_root_user: as root, the image's Python would not see ~airflow/.local.
if [[ $(id -u) == 0 ]]; then
  export PYTHONPATH="$AIRFLOW_USER_HOME_DIR/.local/lib/python$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')/site-packages:${PYTHONPATH:-}"
  >&2 echo "The container is run as root user. For security, consider using a regular user account."
fi

# Every command, bash and python included, waits for the metadata database first.
if (( CONNECTION_CHECK_MAX_COUNT > 0 )); then
  run_check_with_retries airflow db check
fi
if [[ -n ${_AIRFLOW_DB_UPGRADE:-} || -n ${_AIRFLOW_DB_MIGRATE:-} ]]; then
  airflow db migrate || true
fi
if [[ -n ${_AIRFLOW_DB_UPGRADE:-} ]]; then
  >&2 echo "WARNING: Environment variable '_AIRFLOW_DB_UPGRADE' is deprecated please use '_AIRFLOW_DB_MIGRATE' instead"
fi
if [[ -n ${_AIRFLOW_WWW_USER_CREATE:-} ]]; then
  create_www_user
fi
if [[ -n ${_PIP_ADDITIONAL_REQUIREMENTS:-} ]]; then
  >&2 echo "WARNING: _PIP_ADDITIONAL_REQUIREMENTS is ignored on the process node (read-only, locked venv): '${_PIP_ADDITIONAL_REQUIREMENTS}' not installed"
fi

case $AIRFLOW_COMMAND in
  bash) exec /bin/bash "${@:2}" ;;
  python) exec python "${@:2}" ;;
  airflow) AIRFLOW_COMMAND=${2:-}; shift ;;
esac
if [[ $AIRFLOW_COMMAND =~ ^(scheduler|celery)$ ]] && (( CONNECTION_CHECK_MAX_COUNT > 0 )); then
  wait_for_celery_broker
fi
exec airflow "$@"
