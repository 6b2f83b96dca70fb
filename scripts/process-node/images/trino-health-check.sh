#!/bin/bash
# The trino image's /usr/lib/trino/bin/health-check (core/docker/bin/health-check upstream), for
# the process node: exits 0 only when the server answers /v1/info and has finished starting
# ("starting":false), i.e. its plugins and catalogs are loaded. Plain HTTP unless
# config.properties turns it off, then HTTPS (certificate not verified: it is localhost).
set -euo pipefail
config=/etc/trino/config.properties

# property KEY DEFAULT: KEY's value in config.properties, or DEFAULT when it is not set.
property() {
  local line
  line=$(grep -m1 "^$1=" "$config" 2>/dev/null) && echo "${line#*=}" || echo "$2"
}

if [ "$(property http-server.http.enabled true)" = false ]; then
  url="https://localhost:$(property http-server.https.port 8443)/v1/info"
else
  url="http://localhost:$(property http-server.http.port 8080)/v1/info"
fi
info=$(curl --fail --silent --show-error --insecure "$url") || { echo >&2 "Server is not responding to requests"; exit 1; }
grep -Eq '"starting":[[:space:]]*false' <<<"$info" || { echo >&2 "Server is starting"; exit 1; }
