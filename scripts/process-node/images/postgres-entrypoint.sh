#!/usr/bin/env bash
# The postgres image's docker-entrypoint.sh, for the process node: what the image does before
# `exec postgres`, in the same order and from the same variables (POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, PGDATA).
# It runs as the container's user, as the image does when started non-root; the init scripts
# directory (/docker-entrypoint-initdb.d) is not supported because the platform uses none.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != 'postgres' ]; then exec "$@"; fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

# docker_create_db_directories: PGDATA private to the server, the socket directory shared.
mkdir -p "$PGDATA"
chmod 00700 "$PGDATA" || :
mkdir -p /var/run/postgresql || :
chmod 03775 /var/run/postgresql || :

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo >&2 'Error: Database is uninitialized and superuser password is not specified (POSTGRES_PASSWORD).'
    exit 1
  fi
  # docker_init_database_dir: the superuser and its password, never on a command line.
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as in the image
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
  # The image ships postgresql.conf.sample with listen_addresses = '*'.
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  # pg_setup_hba_conf
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # docker_setup_db, on a server that listens on the socket only.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    PGPASSWORD="$POSTGRES_PASSWORD" psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres \
      --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db" ;'
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
  echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
