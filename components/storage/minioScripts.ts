// The MinIO bootstrap (mc, in the MinIO client image). The root credentials form mc's alias in
// the environment (MC_HOST_<alias>), never a command line. `mc admin user add` only takes a
// consumer's secret as an argument: it is visible to this Job's own pod, and nowhere else.
import { consumerEnvPrefix } from "./objectStorePlan";

const BOOTSTRAP_FUNCTIONS = String.raw`set -eu
export MC_CONFIG_DIR=/tmp/mc
export MC_HOST_store="http://$ROOT_USER:$ROOT_PASSWORD@$S3_HOST:$S3_PORT"

retry() { # WHAT COMMAND...: every 5 seconds for up to 15 minutes
  what=$1; shift; tries=0
  until "$@" > /dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 180 ]; then echo "gave up waiting for $what" >&2; exit 1; fi
    sleep 5
  done
}

ensure_bucket() { # NAME
  mc mb --ignore-existing "store/$1"
}

ensure_user() { # CONSUMER ACCESS_KEY_ID SECRET_ACCESS_KEY: the user, with the readwrite policy
  if mc admin user info store "$2" > /dev/null 2>&1; then
    echo "user of $1: present"
  else
    mc admin user add store "$2" "$3" > /dev/null
    echo "user of $1: added"
  fi
  # A shell pattern rather than grep: the client image is minimal (mc, a shell and coreutils).
  case "$(mc admin user info --json store "$2")" in
    *'"policyName":"'*readwrite*) echo "policy of $1: present" ;;
    *) mc admin policy attach store readwrite --user "$2" > /dev/null && echo "policy of $1: readwrite attached" ;;
  esac
}
`;

/**
 * The bootstrap Job's script: wait for the cluster, create each bucket, then give each consumer
 * its user and MinIO's built-in readwrite policy. Every step is idempotent.
 */
export function minioBootstrapScript(buckets: string[], consumers: string[]): string {
  const steps = [
    'retry "MinIO to answer as administrator" mc admin info store',
    ...buckets.map((bucket) => `ensure_bucket "${bucket}"`),
    ...consumers.map((consumer) => {
      const prefix = consumerEnvPrefix(consumer);
      return `ensure_user "${consumer}" "$${prefix}_ACCESS_KEY_ID" "$${prefix}_SECRET_ACCESS_KEY"`;
    }),
  ];
  return `${BOOTSTRAP_FUNCTIONS}\n${steps.join("\n")}\n`;
}
