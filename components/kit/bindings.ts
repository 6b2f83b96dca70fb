// What a consumer is handed by the layer it depends on. Whether the dependency runs in the cluster
// or outside it (contract section 7), the binding has the same shape, so consumers never change.
import type * as pulumi from "@pulumi/pulumi";
import type { Endpoint } from "./endpoint";

/** A Secret in the consumer's own namespace, and the keys it holds. */
export interface SecretRef {
  name: string;
  keys: Record<string, string>;
}

/** A PostgreSQL database owned by one consumer. */
export interface DatabaseBinding {
  endpoint: Endpoint;
  database: string;
  /** Keys `username` and `password`, in the consumer's namespace. */
  secret: SecretRef;
  /** Resources that must exist before the consumer starts (the Job that creates the role and database). */
  ready: pulumi.Resource[];
}

/** A Redis-compatible server (Valkey or external Redis). */
export interface CacheBinding {
  endpoint: Endpoint;
  /** Key `password`, in the consumer's namespace. */
  secret: SecretRef;
  ready: pulumi.Resource[];
}

/** An S3-compatible object store with the consumer's own access key. */
export interface ObjectStoreBinding {
  endpoint: Endpoint;
  region: string;
  /** Path-style addressing (http://host/bucket/key): needed by Garage, MinIO and most gateways. */
  pathStyle: boolean;
  /** The Iceberg warehouse bucket. */
  warehouseBucket: string;
  /** Keys `accessKeyId` and `secretAccessKey`, in the consumer's namespace. */
  secret: SecretRef;
  /** Resources that must exist before the consumer starts (buckets and keys created). */
  ready: pulumi.Resource[];
}

/** A Service the edge layer publishes, and a metrics endpoint the observability layer scrapes. */
export interface WebUi {
  /** The host's first label: <name>.<domain>. */
  name: string;
  namespace: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  port: number;
}

export interface ScrapeTarget {
  name: string;
  namespace: pulumi.Output<string>;
  /** Labels of the Service to scrape. */
  selector: Record<string, string>;
  /** The Service port's name, and the metrics path on it. */
  portName: string;
  path: string;
}

/** A binding an in-cluster service cannot run without (external services bring their own). */
export function required<T>(binding: T | undefined, what: string): T {
  if (binding === undefined) throw new Error(`an in-cluster service needs ${what}; the program wires one for every enabled consumer`);
  return binding;
}
