// The shell scripts around Garage (busybox sh and curl, in the curl image). No secret is written
// into them: tokens and keys arrive as environment variables from Secrets, reach curl through a
// file or stdin, and never appear on a command line (the process list).
import { GARAGE_META_DIR } from "./garageConfig";
import { GARAGE_KEY_FUNCTIONS } from "./garageKeysScript";
import { GARAGE_LAYOUT_FUNCTIONS } from "./garageLayoutScript";
import { consumerEnvPrefix } from "./objectStorePlan";

/**
 * Init container: installs the node key the program generated for this pod's ordinal, once. A
 * key already on the volume is kept, so a node never changes identity.
 */
export const INSTALL_NODE_KEY_SCRIPT = String.raw`set -eu
key="${GARAGE_META_DIR}/node_key"
if [ -s "$key" ]; then echo "node key present"; exit 0; fi
ordinal=$(hostname | grep -o '[0-9]*$')
cp "/node-keys/node-$ordinal" "$key"
chmod 600 "$key"
tail -c 32 "$key" > "$key.pub"
echo "node key installed for node $ordinal"
`;

// Functions of the bootstrap; every one checks first and changes only what differs from the
// config, so a second run changes nothing. Garage's admin API v2 answers pretty-printed JSON in a
// fixed field order; api() compacts it (indentation, newlines, the space after each key) so grep
// and sed read one line (the curl image has no jq). Ids, names and zones hold no '": '.
const BOOTSTRAP_FUNCTIONS = String.raw`set -eu

auth=/tmp/authorization
printf 'Authorization: Bearer %s\n' "$ADMIN_TOKEN" > "$auth"

api() { # GET|POST PATH: prints the response; a POST body is read from stdin. Garage's answer to
  # a failed call (an error code and message) goes to the log, so the Job says why it failed.
  if [ "$1" = POST ]; then set -- -H 'Content-Type: application/json' --data-binary @- "$ADMIN_URL$2"; else set -- "$ADMIN_URL$2"; fi
  if ! answer=$(curl --silent --show-error --fail-with-body --max-time 30 -H "@$auth" "$@"); then
    printf '%s\n' "$answer" >&2
    return 1
  fi
  printf '%s\n' "$answer" | sed 's/^ *//; s/": /":/g' | tr -d '\n'
}

status() { # PATH: the HTTP status alone (000 while the node is unreachable)
  curl --silent --output /dev/null --write-out '%{http_code}' --max-time 30 -H "@$auth" "$ADMIN_URL$1" || true
}

retry() { # WHAT COMMAND...: every RETRY_SECONDS (5) seconds, 180 times (15 minutes)
  what=$1; shift; tries=0
  until "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 180 ]; then echo "gave up waiting for $what" >&2; exit 1; fi
    sleep "\${RETRY_SECONDS:-5}"
  done
}

nodes_connected() {
  [ "$(api GET /v2/GetClusterStatus 2>/dev/null | grep -o '"isUp":true' | wc -l | tr -d ' ')" -ge "$NODE_COUNT" ]
}

healthy() {
  [ "$(status /health)" = 200 ]
}

ensure_bucket() { # NAME
  if [ "$(status "/v2/GetBucketInfo?globalAlias=$1")" = 200 ]; then echo "bucket $1: present"; return; fi
  printf '{"globalAlias":"%s"}' "$1" | api POST /v2/CreateBucket > /dev/null
  echo "bucket $1: created"
}
`;

/**
 * The bootstrap Job's script: wait until every node is connected, bring the layout to the
 * config's nodes and capacity, wait for quorum, create each bucket, import each consumer's key
 * with read and write access to every bucket, and delete the keys of former consumers. Consumer
 * and bucket names are validated names, safe in a script.
 */
export function garageBootstrapScript(buckets: string[], consumers: string[]): string {
  const keyEnv = (consumer: string) => `"$${consumerEnvPrefix(consumer)}_ACCESS_KEY_ID"`;
  const steps = [
    'echo "waiting for $NODE_COUNT nodes to connect"',
    'retry "every node to connect" nodes_connected',
    "ensure_layout",
    'retry "quorum (GET /health)" healthy',
    ...buckets.map((bucket) => `ensure_bucket "${bucket}"`),
    ...consumers.flatMap((consumer) => [
      `ensure_key "${consumer}" ${keyEnv(consumer)} "$${consumerEnvPrefix(consumer)}_SECRET_ACCESS_KEY"`,
      ...buckets.map((bucket) => `ensure_access "${consumer}" ${keyEnv(consumer)} "${bucket}"`),
    ]),
    ["prune_keys", ...consumers.map(keyEnv)].join(" "),
  ];
  return `${BOOTSTRAP_FUNCTIONS}${GARAGE_LAYOUT_FUNCTIONS}${GARAGE_KEY_FUNCTIONS}\n${steps.join("\n")}\n`;
}
