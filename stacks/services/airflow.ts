// Airflow 3 with the Celery executor: api-server, scheduler, dag processor, triggerer, workers.
import { z } from "zod";
import { k8sName, positiveInt } from "../schema/primitives";
import { base, defineService, externalHost, metricsExporter, password, size, workers } from "./descriptor";
import { bucketName, keyPrefix } from "./objectStore";

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

// A bundle's name: Airflow keys DAG versions and its local copies by it.
const bundleName = k8sName.refine((name) => name !== "dags-folder", { error: 'a name other than "dags-folder", the bundle of the DAGs in the image' });

// The repository: https://host/path or an SSH remote (git@host:path, ssh://...), its host a DNS name.
const gitUrl = z
  .string()
  .regex(/^(https:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?\/[^\s%]+|ssh:\/\/[\w.-]+@[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?\/[^\s%]+|[\w.-]+@[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[^\s%]+)$/, {
    // No '%': airflow.cfg interpolates it. No credentials in the URL: they belong in credentialsSecret.
    error: "a Git remote over https:// or SSH (git@host:org/repo.git or ssh://git@host/org/repo.git), its host a DNS name, without '%' or credentials",
  })
  .refine((url) => !/[@/]\d{1,3}(\.\d{1,3}){3}[:/]/.test(url) && !/[@/]\[[0-9a-fA-F:]+\][:/]/.test(url), { error: "a Git remote whose host is a DNS name (IP addresses are refused)" })
  .meta({ accepts: "a Git remote (https:// or SSH) on a DNS name" });

const refreshSeconds = positiveInt.describe("how often Airflow looks for new DAG files in the bundle, in seconds (Airflow's default: 300)").optional();

/** A Git repository Airflow checks out at each DAG run's version (GitDagBundle, the git provider). */
const gitBundle = z.strictObject({
  name: bundleName.describe("the bundle's name, unique in the stack"),
  source: z.literal("git"),
  url: gitUrl.describe("the repository"),
  ref: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\s~^:?*[\\]+$/, { error: "a branch or tag name, such as main or v1.4.0" })
    .describe("the branch or tag to track"),
  subdir: z
    .string()
    .regex(/^[^/\s][^\s]*$/, { error: "a relative path inside the repository, such as dags" })
    .optional()
    .describe("the directory of the DAG files inside the repository"),
  credentialsSecret: k8sName
    .optional()
    .describe(
      "a Secret you create in the workflows namespace whose key `connection` holds the Airflow connection JSON (conn_type git: login and password/token, or extra.private_key); absent: a public repository",
    ),
  refreshSeconds,
});

/** A prefix of a bucket of the platform's object store, read with Airflow's own key (S3DagBundle). */
const s3Bundle = z.strictObject({
  name: bundleName.describe("the bundle's name, unique in the stack"),
  source: z.literal("s3"),
  bucket: bucketName.optional().describe("one of objectStore.buckets; the warehouse when absent"),
  prefix: keyPrefix.describe("the key prefix the DAG files are under; it must exist when Airflow starts"),
  refreshSeconds,
});

const dagBundles = z
  .array(
    z.discriminatedUnion("source", [gitBundle, s3Bundle]).meta({
      accepts: 'a Git bundle {name, source: "git", url, ref, subdir?, credentialsSecret?, refreshSeconds?} or an S3 bundle {name, source: "s3", bucket?, prefix, refreshSeconds?}',
    }),
  )
  .max(20)
  .describe('DAG bundles besides the DAGs in the image (/opt/airflow/dags): Git repositories and object store prefixes (source "git" or "s3")');

export const airflow = defineService({
  schema: z.strictObject({
    ...base,
    workers,
    remoteLogs,
    dagBundles,
    exampleDags: z.boolean().describe("ship the example bundle: a DAG that writes an Iceberg table through Trino (needs Trino and the object store)"),
    ...metricsExporter,
    external: externalHost.optional(),
  }),
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
    dagBundles: [],
    // The example bundle is a handful of files; a production stack runs only its own DAGs.
    exampleDags: pick(true, true, false),
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
