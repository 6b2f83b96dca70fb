// PostgreSQL: one server in the cluster (a role and database per consumer), or an external one.
import { z } from "zod";
import { positiveInt } from "../schema/primitives";
import { defineService, externalHost, metricsExporter, password, size, stateful } from "./descriptor";
import { bucketName, keyPrefix } from "./objectStore";

// Five cron fields (minute hour day-of-month month day-of-week), as a CronJob's schedule takes them.
const CRON_FIELD = "(\\*|[0-9]+(-[0-9]+)?)(\\/[0-9]+)?(,(\\*|[0-9]+(-[0-9]+)?)(\\/[0-9]+)?)*";
const cronSchedule = z
  .string()
  .regex(new RegExp(`^${CRON_FIELD}( ${CRON_FIELD}){4}$`), { error: 'five cron fields (minute hour day month weekday), such as "15 2 * * *"' })
  .meta({ accepts: "a five-field cron schedule" });

/** Scheduled dumps of every database to the object store (the in-cluster server only). */
const backup = z.strictObject({
  enabled: z.boolean().describe("dump every database on the schedule, while PostgreSQL runs in the cluster and the object store is enabled"),
  schedule: cronSchedule.describe("when, in the cluster's time zone (UTC on managed clusters)"),
  retentionDays: positiveInt.describe("how many days of dumps to keep: older ones are deleted after each backup"),
  bucket: bucketName.optional().describe("one of objectStore.buckets; the warehouse when absent"),
  prefix: keyPrefix.describe("the key prefix: each backup is <prefix>/<UTC timestamp>/<database>.dump, plus globals.sql (roles)"),
});

export const postgres = defineService({
  schema: z.strictObject({ ...stateful, ...metricsExporter, backup: backup.describe("scheduled dumps (docs/operations/backup-restore.md)"), external: externalHost.optional() }),
  images: { postgres: "docker.io/library/postgres:17.6", postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1" },
  defaults: (pick) => ({
    replicas: 1,
    resources: pick(size("250m", "256Mi", "500m", "512Mi"), size("1", "2Gi", "2", "4Gi"), size("2", "8Gi", "4", "8Gi")),
    storageSize: pick("5Gi", "50Gi", "200Gi"),
    // postgres_exporter: one Go process and one connection, whatever the database's size.
    metricsResources: size("10m", "32Mi", "100m", "64Mi"),
    backup: { enabled: true, schedule: "15 2 * * *", retentionDays: pick(3, 7, 30), prefix: "backups/postgres" },
  }),
  endpoints: ["postgres"],
  metrics: true,
  namespace: "platform",
  // Where the dumps go, when the stack has an object store.
  dependsOn: [{ service: "objectStore", binding: "objectStore", optional: true }],
  singleInstance: '1 (for high availability use a managed database: mode "external")',
  // The Job that creates each consumer's role and database runs against an external server too.
  serviceAccounts: [{ name: "postgres", whenExternal: true }],
  credentials: [{ secretName: "postgres-superuser", keys: { username: { value: "postgres" }, password } }],
});
