import { z } from "zod";
import { dnsName, endpointUrl, k8sName, port, positiveInt, resources, storageSize } from "./primitives";

/** A module runs in the cluster or is an endpoint elsewhere (contract section 7). */
export const SERVICE_MODES = ["in-cluster", "external"] as const;

const externalHost = z.strictObject({ host: dnsName, port, tls: z.boolean() });

/** What every service shares: a switch, where it runs, and its size in this stack. */
const base = {
  enabled: z.boolean(),
  mode: z.enum(SERVICE_MODES),
  replicas: positiveInt,
  resources,
};

const stateful = { ...base, storageSize };

/** A pool of identical workers sized apart from the service's front (Trino workers, Airflow workers). */
const workers = z.strictObject({ replicas: positiveInt, resources });

// S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens.
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-', such as warehouse" });

// An object key prefix: segments of lower-case letters, digits, '.', '_' and '-' separated by '/'.
const keyPrefix = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, {
    error: "an object key prefix: lower-case letters, digits, '.', '_' and '-', in segments separated by '/', without a leading or trailing '/', such as airflow-logs",
  });

/**
 * Where Airflow keeps task logs: s3://<bucket>/<prefix>. By default a prefix of the warehouse
 * bucket, the one bucket every mode has and every consumer's key may write (an external store's
 * buckets are the operator's to create); logs never fall inside an Iceberg table's location. A
 * dedicated bucket (its own lifecycle rules) is any other of objectStore.buckets.
 */
const remoteLogs = z.strictObject({ bucket: bucketName.optional(), prefix: keyPrefix });

export const OBJECT_STORE_ENGINES = ["garage", "minio"] as const;

export const services = z.strictObject({
  objectStore: z.strictObject({
    ...stateful,
    engine: z.enum(OBJECT_STORE_ENGINES),
    /**
     * Garage only: copies kept of every object, each on a distinct node. Garage fixes it when the
     * cluster is first laid out and refuses to start with another, so it never follows the node
     * count; fewer nodes than copies are refused.
     */
    replicationFactor: positiveInt,
    /** Buckets created at deploy time; the first is the Iceberg warehouse. */
    buckets: z.array(bucketName).min(1),
    external: z.strictObject({ endpoint: endpointUrl, region: z.string().min(1), pathStyle: z.boolean() }).optional(),
  }),
  postgres: z.strictObject({ ...stateful, external: externalHost.optional() }),
  valkey: z.strictObject({ ...stateful, external: externalHost.optional() }),
  nessie: z.strictObject({ ...base, external: externalHost.optional() }),
  trino: z.strictObject({
    ...base,
    workers,
    /**
     * Who may query over the Service's plain HTTP port, where Trino takes no password: "user-name"
     * (any user name, no password: orchestrators in the cluster query this way, and network policies
     * limit who reaches the port) or "none" (every query comes through the edge, with a password).
     */
    inClusterLogins: z.enum(["user-name", "none"]),
    external: externalHost.optional(),
  }),
  airflow: z.strictObject({ ...base, workers, remoteLogs, external: externalHost.optional() }),
  dagster: z.strictObject({ ...base, external: externalHost.optional() }),
  prometheus: z.strictObject({
    ...stateful,
    /** The chart's helpers around Prometheus: the operator, kube-state-metrics, the config reloader sidecar. */
    operatorResources: resources,
    kubeStateMetricsResources: resources,
    configReloaderResources: resources,
    external: externalHost.optional(),
  }),
  grafana: z.strictObject({
    ...base,
    /** Each of Grafana's sidecars (dashboards and datasources loaded from ConfigMaps). */
    sidecarResources: resources,
    external: externalHost.optional(),
  }),
});
export type ServicesConfig = z.infer<typeof services>;
export type ServiceName = keyof ServicesConfig;

/** The upstream images the platform runs; each is pinned in components/kit/images.ts. */
export const IMAGE_NAMES = [
  "garage",
  "minio",
  "minioClient",
  "postgres",
  "valkey",
  "nessie",
  "trino",
  "airflow",
  "dagster",
  "curl",
  "postgresExporter",
  "valkeyExporter",
  "statsdExporter",
] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

// registry[:port][/path], e.g. registry.acme.internal:5000/mirror
const registryPrefix = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/, { error: "a registry host with an optional port and path, such as registry.acme.internal:5000/mirror" });

export const images = z.strictObject({
  /** A mirror that replaces every image's registry (air-gapped clusters); absent: the upstream registries. */
  registry: registryPrefix.optional(),
  /** Whole references replacing the pinned ones, by image name; they must be pinned too. */
  overrides: z.partialRecord(z.enum(IMAGE_NAMES), z.string().min(1)),
});
export type ImagesConfig = z.infer<typeof images>;

export const INGRESS_CONTROLLERS = ["traefik", "existing"] as const;
export const ISSUERS = ["self-signed", "acme"] as const;

export const edge = z.strictObject({
  enabled: z.boolean(),
  /** traefik: installed by this program (the maintained default); existing: the cluster's own, by ingressClass. */
  controller: z.enum(INGRESS_CONTROLLERS),
  /** Every UI is published as <ui>.<domain>. */
  domain: dnsName,
  /** Where cert-manager is installed (a namespace of its own, which this program creates). */
  certManagerNamespace: k8sName,
  /** Pods of Traefik and of each cert-manager component; on kind Traefik runs one, where the host ports are. */
  replicas: positiveInt,
  resources: z.strictObject({
    traefik: resources,
    certManager: resources,
    certManagerWebhook: resources,
    certManagerCainjector: resources,
    /** The post-install Job that waits for the webhook. */
    certManagerStartupCheck: resources,
  }),
  tls: z.strictObject({
    issuer: z.enum(ISSUERS),
    /** ACME account e-mail, required with issuer "acme". */
    email: z.email().optional(),
    acmeServer: z.url({ protocol: /^https$/ }),
  }),
});
export type EdgeConfig = z.infer<typeof edge>;

/** Credentials of external services, set with `pulumi config set --secret --path`; never stored in clear. */
export const externalCredentials = z.strictObject({
  objectStore: z.strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }).optional(),
  // PostgreSQL role names: at most 63 bytes (NAMEDATALEN - 1).
  postgres: z.strictObject({ username: z.string().min(1).max(63), password: z.string().min(1) }).optional(),
  valkey: z.strictObject({ password: z.string().min(1) }).optional(),
});
export type ExternalCredentials = z.infer<typeof externalCredentials>;
