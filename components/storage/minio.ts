// MinIO in the cluster: one node, or a distributed StatefulSet of four or more (erasure coded),
// with its console, and a bootstrap Job (mc) that creates buckets and the consumers' users.
// Upstream stopped publishing community images in 2025 and archived the project: the pinned
// release is the last one, and receives no fixes. Garage is the default engine for that reason.
import * as pulumi from "@pulumi/pulumi";
import { inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import { bootstrapTask } from "./bootstrapTask";
import { adminCredential, type ConsumerKey } from "./credentials";
import type { ServiceContainer } from "../kit/podSpec";
import { probeTriple } from "../kit/probes";
import { type InClusterStore, storeIdentity, storeServer } from "./inClusterStore";
import { minioBootstrapScript } from "./minioScripts";
import { IN_CLUSTER_REGION, minioServerTarget } from "./objectStorePlan";

const PORTS = { api: 9000, console: 9001 } as const;
const DATA_DIR = "/data";
// MinIO runs as any non-root uid that owns its data volume (fsGroup).
const UID = 1000;

export function minioStore(store: ServiceContext<"objectStore">, name: string, keys: ConsumerKey[], parent: pulumi.Resource): InClusterStore {
  const settings = store.settings;
  const namespace = store.namespace;
  const admin = adminCredential(store);
  const identity = storeIdentity(store, UID);
  const distributed = settings.replicas > 1;
  // Arguments are plain strings: the namespace by its configured name.
  const target = minioServerTarget({ replicas: settings.replicas, statefulSet: name, namespace: store.namespaceName, port: PORTS.api, path: DATA_DIR });
  const health = (path: string) => ({ httpGet: { path: `/minio/health/${path}`, port: "api" } });

  const server: ServiceContainer = {
    name,
    image: store.image("minio"),
    command: ["minio"],
    // Certificates would go to $HOME/.minio on the read-only root: point them at /tmp.
    args: ["server", target, "--address", `:${PORTS.api}`, "--console-address", `:${PORTS.console}`, "--certs-dir", "/tmp/certs"],
    ports: [
      { name: "api", containerPort: PORTS.api },
      { name: "console", containerPort: PORTS.console },
    ],
    env: [
      { name: "MINIO_ROOT_USER", secret: { name: admin.secretName, key: "accessKeyId" } },
      { name: "MINIO_ROOT_PASSWORD", secret: { name: admin.secretName, key: "secretAccessKey" } },
      { name: "MINIO_SITE_REGION", value: IN_CLUSTER_REGION.minio },
      // Prometheus scrapes without a bearer token; the metrics carry no credentials.
      { name: "MINIO_PROMETHEUS_AUTH_TYPE", value: "public" },
    ],
    probes: probeTriple({ liveness: health("live"), readiness: health("ready") }),
    resources: settings.resources,
  };
  const workload = storeServer(
    store,
    name,
    UID,
    {
      containers: [server],
      claims: [{ name: "data", size: settings.storageSize, mountPath: DATA_DIR }],
      // Distributed MinIO resolves every node by DNS before it serves anything.
      startTogether: distributed,
    },
    { parent },
  );
  const endpoint = inClusterEndpoint(workload.serviceName, namespace, PORTS.api);

  const bootstrap = bootstrapTask(
    {
      app: name,
      store,
      identity,
      image: store.image("minioClient"),
      script: minioBootstrapScript(
        settings.buckets,
        keys.map((key) => key.consumer.name),
      ),
      env: [
        { name: "S3_HOST", value: endpoint.host },
        { name: "S3_PORT", value: String(endpoint.port) },
        { name: "ROOT_USER", secret: { name: admin.secretName, key: "accessKeyId" } },
        { name: "ROOT_PASSWORD", secret: { name: admin.secretName, key: "secretAccessKey" } },
      ],
      keys,
      workload,
    },
    parent,
  );

  return {
    endpoint,
    region: IN_CLUSTER_REGION.minio,
    scrapeTargets: [workload.scrapeTarget(name, "api", "/minio/v2/metrics/cluster")],
    consoleUi: { name, namespace, serviceName: workload.service.metadata.name, port: PORTS.console },
    bootstrap: bootstrap.job,
  };
}
