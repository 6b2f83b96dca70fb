// Garage in the cluster: a StatefulSet of nodes, each with a metadata and a data volume, that find
// each other by DNS name (bootstrap_peers, no Kubernetes API access), and a bootstrap Job that
// keeps the layout on the config's nodes and capacity and creates the buckets and the consumers'
// keys through the admin API. It carries the desired layout in its pod template (NODE_IDS,
// CAPACITY), so a change of replicas or storageSize replaces the Job and it runs again.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PART_OF } from "../kit/labels";
import { inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import { bootstrapTask } from "./bootstrapTask";
import { adminCredential, type ConsumerKey } from "./credentials";
import { GARAGE_DATA_DIR, GARAGE_META_DIR, GARAGE_PORTS, garagePeerHost, garageToml } from "./garageConfig";
import { nodeKeyFromRandom } from "./garageNodeKey";
import { garageBootstrapScript, INSTALL_NODE_KEY_SCRIPT } from "./garageScripts";
import type { ServiceContainer } from "../kit/podSpec";
import { probeTriple } from "../kit/probes";
import { type InClusterStore, storeIdentity, storeServer } from "./inClusterStore";
import { garageVolumes, IN_CLUSTER_REGION } from "./objectStorePlan";

// Garage's image is a static binary on an empty filesystem: any non-root uid runs it.
const UID = 1000;
const ZONE = "lakehouse";
const SMALL = { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } };

export function garageStore(store: ServiceContext<"objectStore">, name: string, keys: ConsumerKey[], parent: pulumi.Resource): InClusterStore {
  const settings = store.settings;
  const namespace = store.namespace;
  const admin = adminCredential(store);
  const identity = storeIdentity(store, UID);
  const labels = { ...PART_OF, "app.kubernetes.io/name": name };
  const volumes = garageVolumes(settings.storageSize);

  // One node key per ordinal, from random bytes kept (secret) in the program's state.
  const nodeKeys = Array.from({ length: settings.replicas }, (_, ordinal) => new random.RandomBytes(`${name}-node-${ordinal}`, { length: 32 }, { parent }).base64.apply(nodeKeyFromRandom));
  const nodeKeySecret = new k8s.core.v1.Secret(
    `${name}-node-keys`,
    { metadata: { namespace, labels }, type: "Opaque", data: Object.fromEntries(nodeKeys.map((key, ordinal) => [`node-${ordinal}`, pulumi.secret(key.apply((k) => k.secretKey.toString("base64")))])) },
    { parent },
  );
  // Node ids are public keys: not secret, and needed in plain configuration.
  const nodeIds = nodeKeys.map((key) => pulumi.unsecret(key.apply((k) => k.publicKeyHex)));

  const toml = pulumi.all([namespace, ...nodeIds]).apply(([ns, ...ids]) =>
    garageToml({
      replicationFactor: settings.replicationFactor,
      region: IN_CLUSTER_REGION.garage,
      bootstrapPeers: ids.map((id, ordinal) => `${id}@${garagePeerHost(name, ordinal, ns)}:${GARAGE_PORTS.rpc}`),
    }),
  );

  const server: ServiceContainer = {
    name,
    image: store.image("garage"),
    command: ["/garage", "-c", "/etc/garage/garage.toml", "server"],
    ports: [
      { name: "s3-api", containerPort: GARAGE_PORTS.s3 },
      { name: "rpc", containerPort: GARAGE_PORTS.rpc },
      { name: "admin", containerPort: GARAGE_PORTS.admin },
    ],
    env: [
      { name: "GARAGE_RPC_SECRET", secret: { name: admin.secretName, key: "rpcSecret" } },
      { name: "GARAGE_ADMIN_TOKEN", secret: { name: admin.secretName, key: "adminToken" } },
      { name: "RUST_LOG", value: "garage=info" },
    ],
    // Process-level checks. GET /health answers 503 until a layout gives the cluster quorum,
    // which the bootstrap Job applies only once every node runs: as a readiness probe it
    // would stop the StatefulSet at its first pod, as a liveness probe restart healthy nodes
    // whenever their peers are down. The Job waits on /health instead.
    probes: probeTriple({ liveness: { tcpSocket: { port: "admin" } }, readiness: { tcpSocket: { port: "s3-api" } } }),
    resources: settings.resources,
  };
  const workload = storeServer(
    store,
    name,
    UID,
    {
      containers: [server],
      initContainers: [
        {
          name: "node-key",
          image: store.image("curl"),
          command: ["sh", "-c", INSTALL_NODE_KEY_SCRIPT],
          resources: SMALL,
          volumeMounts: [
            { name: "meta", mountPath: GARAGE_META_DIR },
            { name: "node-keys", mountPath: "/node-keys", readOnly: true },
          ],
        },
      ],
      config: { files: { "garage.toml": toml }, mountPath: "/etc/garage" },
      volumes: [
        // Readable by the pod's group (fsGroup), not by the world.
        { name: "node-keys", secret: { secretName: nodeKeySecret.metadata.name, defaultMode: 0o440 } },
      ],
      claims: [
        { name: "meta", size: volumes.meta, mountPath: GARAGE_META_DIR },
        { name: "data", size: volumes.data, mountPath: GARAGE_DATA_DIR },
      ],
    },
    { parent, dependsOn: [nodeKeySecret] },
  );

  const bootstrap = bootstrapTask(
    {
      app: name,
      store,
      identity,
      image: store.image("curl"),
      script: garageBootstrapScript(
        settings.buckets,
        keys.map((key) => key.consumer.name),
      ),
      env: [
        // Every call goes to the first node: layout changes are then read back where they were made.
        { name: "ADMIN_URL", value: namespace.apply((ns) => `http://${garagePeerHost(name, 0, ns)}:${GARAGE_PORTS.admin}`) },
        { name: "ADMIN_TOKEN", secret: { name: admin.secretName, key: "adminToken" } },
        { name: "NODE_COUNT", value: String(settings.replicas) },
        { name: "NODE_IDS", value: pulumi.all(nodeIds).apply((ids) => ids.join(" ")) },
        { name: "ZONE", value: ZONE },
        { name: "CAPACITY", value: String(volumes.capacityBytes) },
      ],
      keys,
      workload,
      // Nodes look for missing peers once a minute: allow a few rounds.
      activeDeadlineSeconds: 1200,
    },
    parent,
  );

  return {
    endpoint: inClusterEndpoint(workload.serviceName, namespace, GARAGE_PORTS.s3),
    region: IN_CLUSTER_REGION.garage,
    // Garage serves Prometheus metrics on the admin port without a token (see garageConfig.ts).
    scrapeTargets: [workload.scrapeTarget(name, "admin", "/metrics")],
    bootstrap: bootstrap.job,
  };
}
