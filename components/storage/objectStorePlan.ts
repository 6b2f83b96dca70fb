// What the object store layer derives from its configuration, as pure functions: the volume
// split and layout capacity of a Garage node, the replication factor, MinIO's server target,
// the external endpoint, and the checks that refuse a bad combination before anything is
// registered. Unit-tested without Pulumi.
import type { NamespaceRole, ServicesConfig } from "../../stacks";
import { GARAGE_MIN_STORAGE_BYTES, minioReplicasAccepted } from "../../stacks/objectStoreRules";
import { formatBytes, parseQuantity } from "../../policy/lib/quantity";

export { minioReplicasAccepted };

export type ObjectStoreSettings = ServicesConfig["objectStore"];

export interface ObjectStoreConsumer {
  /** e.g. "trino"; its key is the Secret `<store>-<name>` (object-store-trino) in its own namespace. */
  name: string;
  namespaceRole: NamespaceRole;
}

const MiB = 2 ** 20;
// Garage keeps its metadata (LMDB and its snapshots) apart from the data blocks: a twentieth
// of the node's storage, at least 256Mi, which is ample for object metadata.
const META_FRACTION = 0.05;
const META_MIN = 256 * MiB;
// The layout capacity leaves headroom for the filesystem's own overhead, so a node assigned its
// full share of partitions never fills its disk.
const CAPACITY_FRACTION = 0.9;

/** Region names the in-cluster engines answer to (they accept any region with path-style). */
export const IN_CLUSTER_REGION = { garage: "garage", minio: "us-east-1" } as const;

/** The Secret holding one consumer's access key, the same name in every namespace it lives in. */
export const consumerSecretName = (store: string, consumer: string) => `${store}-${consumer}`;

/** Environment variable prefix under which one consumer's key reaches the bootstrap Job. */
export const consumerEnvPrefix = (consumer: string) => consumer.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export interface GarageVolumes {
  meta: string;
  data: string;
  /** The node's capacity in the cluster layout, in bytes. */
  capacityBytes: number;
}

/** `storageSize` is a node's whole budget, split between a metadata and a data volume. */
export function garageVolumes(storageSize: string): GarageVolumes {
  const total = bytesOf(storageSize);
  const meta = Math.max(META_MIN, Math.ceil((total * META_FRACTION) / MiB) * MiB);
  const data = Math.floor((total - meta) / MiB) * MiB;
  return { meta: formatBytes(meta), data: formatBytes(data), capacityBytes: Math.floor(data * CAPACITY_FRACTION) };
}

/**
 * MinIO's server argument: the local drive for one node, or every node's drive by DNS name with
 * MinIO's `{0...N-1}` expansion for a distributed deployment.
 */
export function minioServerTarget(args: { replicas: number; statefulSet: string; namespace: string; port: number; path: string }): string {
  if (args.replicas === 1) return args.path;
  return `http://${args.statefulSet}-{0...${args.replicas - 1}}.${args.statefulSet}.${args.namespace}.svc.cluster.local:${args.port}${args.path}`;
}

/** An external S3 endpoint from its URL: the host, the URL's port or the scheme's, TLS by scheme. */
export function externalS3Endpoint(url: string): { host: string; port: number; tls: boolean } {
  const parsed = new URL(url);
  const tls = parsed.protocol === "https:";
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : tls ? 443 : 80, tls };
}

export interface ExternalStore {
  endpoint: { host: string; port: number; tls: boolean };
  region: string;
  pathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** An external store's endpoint and the operator's key; both are required in external mode. */
export function externalStoreOf(settings: ObjectStoreSettings, credentials: ExternalStore["credentials"] | undefined): ExternalStore {
  if (!settings.external || !credentials) throw new Error("lakehouse:services.objectStore.external and lakehouse:externalCredentials.objectStore are required in external mode");
  return { endpoint: externalS3Endpoint(settings.external.endpoint), region: settings.external.region, pathStyle: settings.external.pathStyle, credentials };
}

const CONSUMER_NAME = /^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$/;

/**
 * Refuses what cannot work, naming the configuration key and what it accepts. Runs before the
 * component registers anything, so a refused store leaves nothing half-created.
 */
export function validateObjectStore(settings: ObjectStoreSettings, consumers: ObjectStoreConsumer[], hasExternalCredentials: boolean): void {
  const problems: string[] = [];
  const key = (field: string) => `lakehouse:services.objectStore.${field}`;
  if (settings.mode === "external") {
    if (!settings.external) problems.push(`${key("external")}: missing; accepted: { endpoint, region, pathStyle } in external mode`);
    if (!hasExternalCredentials) problems.push("lakehouse:externalCredentials.objectStore: missing; accepted: { accessKeyId, secretAccessKey }, set with `pulumi config set --secret --path`");
  } else if (settings.engine === "minio" && !minioReplicasAccepted(settings.replicas)) {
    problems.push(
      `${key("replicas")}: got ${settings.replicas}; accepted with engine "minio": 1, or 4 or more nodes whose count divides into erasure sets of 2 to 16 drives (such as 4, 6, 8 or 16); MinIO cannot run on 2 or 3 nodes`,
    );
  } else if (settings.engine === "garage" && bytesOf(settings.storageSize) < GARAGE_MIN_STORAGE_BYTES) {
    problems.push(`${key("storageSize")}: got "${settings.storageSize}"; accepted with engine "garage": at least 2Gi (each node splits it into a metadata and a data volume)`);
  }
  const factor = settings.replicationFactor;
  if (settings.mode !== "external" && settings.engine === "garage" && settings.replicas < factor) {
    problems.push(`${key("replicas")}: got ${settings.replicas}; accepted with engine "garage" and replicationFactor ${factor}: at least ${factor}, one node for each copy Garage keeps`);
  }
  const seen = new Set<string>();
  for (const consumer of consumers) {
    if (!CONSUMER_NAME.test(consumer.name)) problems.push(`object store consumer "${consumer.name}": accepted: a lower-case RFC 1123 name of at most 50 characters`);
    if (seen.has(consumer.name)) problems.push(`object store consumer "${consumer.name}": listed twice; each consumer has one key`);
    seen.add(consumer.name);
  }
  if (problems.length) throw new Error(`Invalid object store: ${problems.join("; ")}`);
}

function bytesOf(quantity: string): number {
  const parsed = parseQuantity(quantity);
  if (!parsed) throw new Error(`not a storage quantity: ${quantity}`);
  return parsed.value;
}
