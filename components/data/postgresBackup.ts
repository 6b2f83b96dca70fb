// Scheduled backups of the in-cluster PostgreSQL (lakehouse:services.postgres.backup): a CronJob
// whose first container dumps every database and the roles (pg_dump -Fc, pg_dumpall --globals-only,
// from the server's own image) into a scratch volume, and whose second uploads them to the object
// store with PostgreSQL's own key and deletes backups past the retention. Restoring is a runbook
// (docs/operations/backup-restore.md), tried by the data-plane suite.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreBinding } from "../kit/bindings";
import { checksum } from "../kit/checksum";
import { httpUrl } from "../kit/endpoint";
import type { EnvVar, PodIdentity } from "../kit/podSpec";
import { ScheduledTask } from "../kit/scheduledTask";
import type { ServicesConfig } from "../../stacks";

export type BackupSettings = ServicesConfig["postgres"]["backup"];

/** The CronJob's name: `kubectl create job --from=cronjob/postgres-backup` runs one now. */
export const BACKUP_CRONJOB = "postgres-backup";

/** Writes /backup/<UTC stamp>/{globals.sql,<database>.dump} and the stamp to /backup/STAMP. */
export const DUMP_SCRIPT = `#!/bin/sh
# Every database that takes connections (templates aside), each in pg_dump's custom format, and
# the roles and their settings (pg_dumpall --globals-only), as the server's superuser.
set -eu
backup=\${BACKUP_DIR:-/backup}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dir=$backup/$stamp
mkdir -p "$dir"
pg_dumpall --globals-only --file="$dir/globals.sql"
psql --no-psqlrc --tuples-only --no-align --dbname=postgres \\
  --command="SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1" > "$backup/databases"
while read -r database; do
  pg_dump --format=custom --compress=6 --file="$dir/$database.dump" --dbname="$database"
  echo "dumped $database: $(wc -c < "$dir/$database.dump") bytes"
done < "$backup/databases"
echo "$stamp" > "$backup/STAMP"
`;

/** Uploads /backup/<stamp>/ under <prefix>/<stamp>/, then deletes backups older than the retention. */
export const UPLOAD_SCRIPT = `#!/bin/sh
# S3 requests signed with SigV4 by curl. The key goes to curl in a config on its standard input,
# never in its arguments; the payload's hash is sent as x-amz-content-sha256 (S3 requires it), and
# query parameters are sorted and percent-encoded as SigV4 canonicalizes them. A body is sent as
# --data-binary, not --upload-file: curl before 8 signs the hash of the request's data, which an
# upload from a file leaves empty (8.x reads the header instead; both agree this way).
set -eu
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
backup=\${BACKUP_DIR:-/backup}
stamp=$(cat "$backup/STAMP")
base=\${S3_ENDPOINT%/}
if [ "$S3_PATH_STYLE" = true ]; then bucket_url="$base/$S3_BUCKET"; else bucket_url=$(echo "$base" | sed "s#://#://$S3_BUCKET.#"); fi

s3() { # METHOD URL [FILE]
  method=$1 url=$2 hash=$EMPTY_SHA256
  if [ -n "\${3:-}" ]; then
    hash=$(sha256sum "$3" | cut -d' ' -f1)
    set -- -H "Content-Type: application/octet-stream" --data-binary "@$3"
  else
    set --
  fi
  printf 'user = "%s:%s"\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" |
    curl --config - --silent --show-error --fail --retry 3 --aws-sigv4 "aws:amz:$S3_REGION:s3" \\
      -H "x-amz-content-sha256: $hash" -X "$method" "$@" "$url"
}
encoded() { printf '%s' "$1" | sed 's#/#%2F#g'; }

for file in "$backup/$stamp"/*; do
  key="$S3_PREFIX/$stamp/$(basename "$file")"
  s3 PUT "$bucket_url/$key" "$file" > /dev/null
  echo "uploaded s3://$S3_BUCKET/$key ($(wc -c < "$file") bytes)"
done

# Backups are <prefix>/<stamp>/: a stamp's digits compare as a number (YYYYMMDDhhmmss).
cutoff=$(date -u -d "@$(( $(date +%s) - RETENTION_DAYS * 86400 ))" +%Y%m%dT%H%M%SZ)
s3 GET "$bucket_url?delimiter=%2F&list-type=2&prefix=$(encoded "$S3_PREFIX/")" | tr '<' '\\n' |
  sed -n "s#^Prefix>$S3_PREFIX/\\([0-9]\\{8\\}T[0-9]\\{6\\}Z\\)/\\$#\\1#p" |
  while read -r old; do
    [ "$(echo "$old" | tr -d TZ)" -lt "$(echo "$cutoff" | tr -d TZ)" ] || continue
    for key in $(s3 GET "$bucket_url?list-type=2&prefix=$(encoded "$S3_PREFIX/$old/")" | tr '<' '\\n' | sed -n 's#^Key>##p'); do
      s3 DELETE "$bucket_url/$key" > /dev/null
    done
    echo "deleted backup $old (older than $RETENTION_DAYS days)"
  done
echo "backup $stamp complete"
`;

export interface PostgresBackupArgs {
  settings: BackupSettings;
  namespace: pulumi.Input<string>;
  identity: PodIdentity;
  images: { postgres: string; curl: string };
  /** How the dump step reaches the server as its superuser. */
  serverEnv: EnvVar[];
  objectStore: ObjectStoreBinding;
  /** The dumps' scratch space: at most the database's volume. */
  scratchSize: string;
}

/** `after`: what must run first (the server). */
export function postgresBackup(args: PostgresBackupArgs, parent: pulumi.Resource, after: pulumi.Resource[]): ScheduledTask {
  const { settings, objectStore } = args;
  const scripts = new k8s.core.v1.ConfigMap(
    `${BACKUP_CRONJOB}-scripts`,
    {
      metadata: { namespace: args.namespace, labels: { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/component": "backup" } },
      data: { "dump.sh": DUMP_SCRIPT, "upload.sh": UPLOAD_SCRIPT },
    },
    { parent },
  );
  const mounts = [
    { name: "scripts", mountPath: "/scripts", readOnly: true },
    { name: "backup", mountPath: "/backup" },
  ];
  const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
  // curl holds one dump in memory while it sends it (--data-binary): room for a dump of ~900 MiB.
  const upload = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "1Gi" } };
  return new ScheduledTask(
    BACKUP_CRONJOB,
    {
      namespace: args.namespace,
      app: "postgres",
      component: "backup",
      identity: args.identity,
      schedule: settings.schedule,
      initContainers: [{ name: "dump", image: args.images.postgres, command: ["sh", "/scripts/dump.sh"], env: args.serverEnv, resources: small, volumeMounts: mounts }],
      container: {
        name: "upload",
        image: args.images.curl,
        command: ["sh", "/scripts/upload.sh"],
        env: [
          { name: "S3_ENDPOINT", value: httpUrl(objectStore.endpoint) },
          { name: "S3_REGION", value: objectStore.region },
          { name: "S3_PATH_STYLE", value: String(objectStore.pathStyle) },
          { name: "S3_BUCKET", value: settings.bucket ?? objectStore.warehouseBucket },
          { name: "S3_PREFIX", value: settings.prefix },
          { name: "RETENTION_DAYS", value: String(settings.retentionDays) },
          { name: "AWS_ACCESS_KEY_ID", secret: { name: objectStore.secret.name, key: "accessKeyId" } },
          { name: "AWS_SECRET_ACCESS_KEY", secret: { name: objectStore.secret.name, key: "secretAccessKey" } },
        ],
        resources: upload,
        volumeMounts: mounts,
      },
      volumes: [
        { name: "scripts", configMap: { name: scripts.metadata.name } },
        { name: "backup", emptyDir: { sizeLimit: args.scratchSize } },
      ],
      activeDeadlineSeconds: 3600,
      podAnnotations: { "lakehouse.dev/script-checksum": checksum(DUMP_SCRIPT + UPLOAD_SCRIPT) },
    },
    { parent, dependsOn: [...after, scripts, ...objectStore.ready] },
  );
}
