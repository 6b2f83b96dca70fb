// The S3 object store: Garage (default) or MinIO in the cluster, or an external S3 endpoint.
import { z } from "zod";
import { endpointUrl, positiveInt } from "../schema/primitives";
import { defineService, size, stateful } from "./descriptor";

export const OBJECT_STORE_ENGINES = ["garage", "minio"] as const;

// S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens.
// An object key prefix: segments of lower-case letters, digits, '.', '_' and '-' separated by '/'.
export const keyPrefix = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, {
    error: "an object key prefix: lower-case letters, digits, '.', '_' and '-', in segments separated by '/', without a leading or trailing '/', such as airflow-logs",
  })
  .meta({ accepts: "an object key prefix" });

export const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-', such as warehouse" })
  .meta({ accepts: "an S3 bucket name" });

export const objectStore = defineService({
  schema: z.strictObject({
    ...stateful,
    engine: z.enum(OBJECT_STORE_ENGINES).describe("the in-cluster S3 server: Garage, or MinIO (1 or at least 4 nodes)"),
    /**
     * Garage only: copies kept of every object, each on a distinct node. Garage fixes it when the
     * cluster is first laid out and refuses to start with another, so it never follows the node
     * count; fewer nodes than copies are refused.
     */
    replicationFactor: positiveInt.describe("Garage only: copies of every object, each on its own node, fixed at the first layout"),
    /** Buckets created at deploy time; the first is the Iceberg warehouse. */
    buckets: z.array(bucketName).min(1).describe("created at deploy time; the first is the Iceberg warehouse"),
    external: z
      .strictObject({
        endpoint: endpointUrl.describe("the S3 endpoint"),
        region: z.string().min(1).describe("its region"),
        pathStyle: z.boolean().describe("path-style addressing (http://host/bucket/key), which most gateways need"),
      })
      .optional()
      .describe('the S3 service outside the cluster; required with mode "external"'),
  }),
  images: {
    garage: "docker.io/dxflrs/garage:v2.1.0",
    minio: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
    minioClient: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
  },
  defaults: (pick) => ({
    engine: "garage",
    // One laptop node in dev; three copies, on three nodes, elsewhere.
    replicationFactor: pick(1, 3, 3),
    buckets: ["warehouse"],
    replicas: pick(1, 3, 3),
    resources: pick(size("100m", "256Mi", "500m", "512Mi"), size("500m", "1Gi", "1", "2Gi"), size("1", "2Gi", "2", "4Gi")),
    storageSize: pick("10Gi", "200Gi", "1Ti"),
  }),
  endpoints: ["objectStoreS3"],
  metrics: true,
  namespace: "platform",
  dependsOn: [],
  // MinIO's console; Garage has none.
  ui: true,
  serviceAccounts: [{ name: "object-store" }],
  credentials: [
    // The store's root key (MinIO) and, for Garage, the cluster RPC secret (32 bytes, hex) and admin API token.
    {
      secretName: "object-store-admin",
      keys: { accessKeyId: { length: 20, special: false, lower: false }, secretAccessKey: { length: 40 }, rpcSecret: { hexBytes: 32 }, adminToken: { length: 48 } },
    },
  ],
});
