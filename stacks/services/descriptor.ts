// What the platform knows about one service, in one place: its configuration block and defaults,
// where it runs, what it needs from other services, its identities and API needs, and the
// credentials generated for it. The schema, defaults, dependency checks, the foundation's service
// catalog and the program's wiring all derive from these descriptors (./index.ts).
import { z } from "zod";
import type { Environment, NamespaceRole } from "../schema/platform";
import { dnsName, port, positiveInt, resources, storageSize } from "../schema/primitives";

/** A module runs in the cluster or is an endpoint elsewhere (contract section 7). */
export const SERVICE_MODES = ["in-cluster", "external"] as const;

/** Host, port and TLS of a service run outside the cluster. */
export const externalHost = z
  .strictObject({ host: dnsName.describe("its DNS name"), port: port.describe("its port"), tls: z.boolean().describe("whether to connect over TLS") })
  .describe('the endpoint outside the cluster; required with mode "external", refused otherwise');

/** What every service's block shares: a switch, where it runs, and its size in this stack. */
export const base = {
  enabled: z.boolean().describe("whether the stack has the service at all; a service whose dependency is off is refused"),
  mode: z.enum(SERVICE_MODES).describe("run it in the cluster, or use one outside it (external)"),
  replicas: positiveInt.describe("pods of the service (of each component, for Airflow)"),
  resources: resources.describe("each pod's main container"),
};

/** A service that keeps data on a volume. */
export const stateful = { ...base, storageSize: storageSize.describe("each replica's volume") };

/** A service whose metrics come from an exporter beside it (sidecar or pod): its size. */
export const metricsExporter = { metricsResources: resources.describe("its metrics exporter's container (a sidecar; Airflow's StatsD exporter pod)") };

/** A pool of identical workers sized apart from the service's front (Trino workers, Airflow workers). */
export const workers = z.strictObject({ replicas: positiveInt.describe("worker pods"), resources: resources.describe("each worker's container") });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One value per environment: pick(dev, staging, prod). */
export type Pick = <T>(devValue: T, stagingValue: T, prodValue: T) => T;

export const pickerFor =
  (environment: Environment): Pick =>
  <T>(devValue: T, stagingValue: T, prodValue: T): T =>
    environment === "dev" ? devValue : environment === "prod" ? prodValue : stagingValue;

/** Requests and limits as the schema's `resources` expects them. */
export const size = (requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string) => ({
  requests: { cpu: requestCpu, memory: requestMemory },
  limits: { cpu: limitCpu, memory: limitMemory },
});

/**
 * What a consumer is handed by another service (components/kit/bindings.ts): a database of its
 * own, an object store key of its own, a cache, the Iceberg catalog, a metrics source, SQL
 * queries. Network policies let a service reach exactly what it depends on.
 */
export type BindingKind = "database" | "objectStore" | "cache" | "catalog" | "metrics" | "query";

export interface Dependency<Name extends string = string> {
  service: Name;
  binding: BindingKind;
  /** An optional dependency is used when enabled (Airflow's task logs in the object store). */
  optional?: true;
}

/** The few API needs in the platform, each granted as a namespaced Role (never cluster-wide). */
export type ApiAccess = "launch-pods" | "launch-jobs" | "discover-targets";

export interface ServiceAccountSpec {
  name: string;
  apiAccess?: ApiAccess;
  /** Also created when the service is external: its deploy-time Jobs still run in the cluster. */
  whenExternal?: true;
}

/**
 * A generated value: a random password, random bytes (url-safe base64, e.g. a Fernet key),
 * random bytes in hex after an optional fixed prefix (Garage key ids), or a fixed non-secret
 * value such as a user name.
 */
export type GeneratedKeySpec = { length: number; special?: boolean; lower?: boolean } | { bytes: number } | { hexBytes: number; prefix?: string } | { value: string };

export interface CredentialSpec {
  secretName: string;
  keys: Record<string, GeneratedKeySpec>;
}

export interface ServiceDescriptor<Schema extends z.ZodObject = z.ZodObject, Images extends Record<string, string> = Record<string, string>, Name extends string = string> {
  /** The `lakehouse:services.<name>` block. */
  schema: Schema;
  /**
   * The upstream images its pods run, by the name lakehouse:images.overrides uses, each pinned to
   * a release tag of the project's official image (a mirror or an override replaces it per stack).
   */
  images: Images;
  /** Its defaults per environment; `enabled: true` and `mode: "in-cluster"` unless said here. */
  defaults(pick: Pick, environment: Environment): JsonObject;
  /** The namespace the service's pods run in. */
  namespace: NamespaceRole;
  dependsOn: ReadonlyArray<Dependency<Name>>;
  /** Its addresses in the stack's `endpoints` output, by key (in the cluster or outside it). */
  endpoints: readonly string[];
  /** A web UI the edge publishes: the ingress controller may reach the service's pods. */
  ui?: true;
  /** Metrics Prometheus scrapes while it runs in the cluster (contract section 8.1). */
  metrics?: true;
  /** The replicas accepted in-cluster when more would be separate servers, not a cluster. */
  singleInstance?: string;
  serviceAccounts: readonly ServiceAccountSpec[];
  /** Generated by the foundation when the service runs in the cluster. */
  credentials: readonly CredentialSpec[];
}

/** A descriptor, with its schema's and images' types kept for the whole config's type. */
export const defineService = <Schema extends z.ZodObject, Images extends Record<string, string>>(descriptor: ServiceDescriptor<Schema, Images>): ServiceDescriptor<Schema, Images> => descriptor;

/** A password of 32 characters. */
export const password = { length: 32 } as const;
