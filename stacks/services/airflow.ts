// Airflow 3 with the Celery executor: api-server, scheduler, dag processor, triggerer, workers.
import { z } from "zod";
import { base, defineService, externalHost, metricsExporter, password, size, workers } from "./descriptor";
import { bucketName } from "./objectStore";

// An object key prefix: segments of lower-case letters, digits, '.', '_' and '-' separated by '/'.
const keyPrefix = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, {
    error: "an object key prefix: lower-case letters, digits, '.', '_' and '-', in segments separated by '/', without a leading or trailing '/', such as airflow-logs",
  })
  .meta({ accepts: "an object key prefix" });

/**
 * Where Airflow keeps task logs: s3://<bucket>/<prefix>. By default a prefix of the warehouse
 * bucket, the one bucket every mode has and every consumer's key may write (an external store's
 * buckets are the operator's to create); logs never fall inside an Iceberg table's location. A
 * dedicated bucket (its own lifecycle rules) is any other of objectStore.buckets.
 */
const remoteLogs = z
  .strictObject({
    bucket: bucketName.optional().describe("one of objectStore.buckets; the warehouse when absent"),
    prefix: keyPrefix.describe("the key prefix of every task log"),
  })
  .describe("where task logs are kept: s3://<bucket>/<prefix>");

export const airflow = defineService({
  schema: z.strictObject({ ...base, workers, remoteLogs, ...metricsExporter, external: externalHost.optional() }),
  // The StatsD exporter turns Airflow's StatsD metrics into a Prometheus endpoint.
  images: { airflow: "docker.io/apache/airflow:3.0.6", statsdExporter: "docker.io/prom/statsd-exporter:v0.31.0" },
  defaults: (pick) => ({
    replicas: pick(1, 2, 2),
    // Per component: api-server, scheduler, dag processor and triggerer each get this size.
    resources: pick(size("150m", "384Mi", "1", "1Gi"), size("500m", "1Gi", "2", "2Gi"), size("1", "2Gi", "2", "4Gi")),
    workers: {
      replicas: pick(1, 2, 4),
      resources: pick(size("150m", "384Mi", "1", "1Gi"), size("1", "2Gi", "2", "4Gi"), size("2", "4Gi", "4", "8Gi")),
    },
    // The StatsD exporter: a Go process aggregating a few hundred series, whatever Airflow's size.
    metricsResources: size("25m", "32Mi", "200m", "128Mi"),
    // Task logs under a prefix of the warehouse bucket (see remoteLogs).
    remoteLogs: { prefix: "airflow-logs" },
  }),
  endpoints: ["airflow"],
  metrics: true,
  namespace: "workflows",
  // Celery's broker is Valkey; its metadata and results live in PostgreSQL; task logs go to the
  // object store when there is one.
  dependsOn: [
    { service: "postgres", binding: "database" },
    { service: "valkey", binding: "cache" },
    { service: "objectStore", binding: "objectStore", optional: true },
    // DAGs query Trino over its in-cluster port.
    { service: "trino", binding: "query", optional: true },
  ],
  ui: true,
  // KubernetesExecutor starts a pod per task.
  serviceAccounts: [{ name: "airflow", apiAccess: "launch-pods" }],
  credentials: [
    { secretName: "airflow-database", keys: { username: { value: "airflow" }, password } },
    // Fernet keys are 32 random bytes, url-safe base64.
    {
      secretName: "airflow-keys",
      keys: { fernetKey: { bytes: 32 }, apiSecretKey: { length: 48 }, jwtSecret: { length: 48 }, adminUsername: { value: "admin" }, adminPassword: password },
    },
  ],
});
