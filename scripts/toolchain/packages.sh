#!/usr/bin/env bash
# Debian packages the process node and its pods need, installed when missing (root, apt):
#   iptables     kube-proxy's Service rules and the pods' containment chain
#   redis-server Redis 7.0, Valkey's stand-in (scripts/process-node/images.yaml)
#   postgresql   PostgreSQL 15 server and client (psql, pg_isready) for the postgres image
#   curl         the curl image's stand-in, and the Tasks' HTTP calls
#   util-linux   nsenter, unshare, setpriv: a container's namespaces and identity
#   python3.11-venv  the venv module scripts/toolchain/image-venv.sh builds the Airflow and Dagster venvs with
set -euo pipefail
wanted=(iptables redis-server postgresql-15 postgresql-client-15 curl util-linux iproute2 python3.11-venv)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "[packages] installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d 101: Debian's maintainer scripts must not start the packaged PostgreSQL or Redis
# services; the process node runs its own instances inside pods.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
