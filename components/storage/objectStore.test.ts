// The ObjectStore component under Pulumi mocks, one deployment per scenario: what it registers,
// where its secrets go (never into a ConfigMap, an env value or a command), what it hands consumers.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { isSecretValue } from "../../test/secretWire";
import { rawLakehouseConfig } from "../../test/stackFiles";
import { parseStackConfig, type StackConfig } from "../../stacks";
import { GeneratedSecret } from "../kit/generatedSecret";
import { type Platform, platformOf } from "../kit/platform";
import { instanceContext } from "../kit/instanceContext";
import { type ServiceConsumer, serviceContext } from "../kit/serviceContext";
import { ObjectStore } from "./objectStore";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** The inputs as the engine receives them, secrets still wrapped. */
  wire: Record<string, any>;
}

const unwrapped = (value: any) => (isSecretValue(value) ? value.value : value);

const GIVEN = { accessKeyId: "GOOGTESTHMACACCESSID", secretAccessKey: "test-only-hmac-secret" };
const consumers: ServiceConsumer[] = [
  { name: "trino", namespaceRole: "platform", namespace: pulumi.output("lakehouse-platform"), credentials: {} },
  { name: "airflow", namespaceRole: "workflows", namespace: pulumi.output("lakehouse-workflows"), credentials: {} },
];

/** Every value the mocked random provider handed out: none may appear outside a Secret. */
const generated = new Set<string>();
const hexOf = (name: string, bytes: number) =>
  createHash("sha256")
    .update(name)
    .digest("hex")
    .repeat(2)
    .slice(0, bytes * 2);

function mockState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const issue = (value: string) => (generated.add(value), value);
  switch (type) {
    case "random:index/randomPassword:RandomPassword":
      return { ...inputs, result: issue(`generated-${name}`) };
    case "random:index/randomId:RandomId":
      return { ...inputs, hex: issue(hexOf(name, inputs.byteLength)) };
    case "random:index/randomBytes:RandomBytes":
      return { ...inputs, base64: issue(Buffer.from(hexOf(name, inputs.length), "hex").toString("base64")) };
    default:
      return inputs;
  }
}

function configWith(objectStore: Record<string, unknown>, extra: Record<string, unknown> = {}, stack: "dev" | "staging" = "dev"): StackConfig {
  const raw = rawLakehouseConfig(stack);
  const services = raw.services as Record<string, Record<string, unknown>>;
  return parseStackConfig({ ...raw, ...extra, services: { ...services, objectStore: { ...services.objectStore, ...objectStore } } }, stack);
}

// One mocked engine for the file (a second setMocks could meet calls still in flight from the
// first); each scenario records into its own list.
let recording: Registration[] = [];
beforeAll(async () => {
  let wire: Record<string, any> = {};
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recording.push({ type: args.type, name: args.name, inputs: args.inputs, wire });
        return { id: `${args.name}-id`, state: mockState(args.type, args.name, args.inputs) };
      },
      call: (args) => args.inputs,
    },
    "lakehouse",
    "unit",
    false,
  );
  // The monitor hands each registration to newResource at once: note its wire form just before.
  const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: unknown) => {
    wire = req.getObject().toJavaScript();
    return register(req, callback);
  };
});

const output = (value: string) => pulumi.output(value);
const foundationFor = (admin?: GeneratedSecret): Platform["foundation"] => ({
  namespaces: { platform: output("lakehouse-platform"), workflows: output("lakehouse-workflows"), services: output("lakehouse-services"), observability: output("lakehouse-observability") },
  serviceAccounts: { "object-store": output("object-store") },
  credentials: admin ? { "object-store-admin": admin } : {},
  storageClassName: output("lakehouse-data"),
});

/** Deploys one scenario and waits until every resource is registered. */
async function deploy(config: StackConfig): Promise<{ store: ObjectStore; registered: Registration[] }> {
  const registered: Registration[] = (recording = []);
  const admin = new GeneratedSecret("object-store-admin", {
    namespace: "lakehouse-platform",
    secretName: "object-store-admin",
    keys: { accessKeyId: { length: 20, special: false, lower: false }, secretAccessKey: { length: 40 }, rpcSecret: { hexBytes: 32 }, adminToken: { length: 48 } },
  });
  const store = new ObjectStore("object-store", { service: serviceContext(platformOf(config, foundationFor(admin)), "objectStore"), consumers });
  await settled();
  return { store, registered };
}

/** Waits until every registration begun so far has reached the mock monitor. */
async function settled(): Promise<void> {
  await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

const resolve = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply(done));
const ofType = (registered: Registration[], type: string) => registered.filter((r) => r.type === type);
const find = (registered: Registration[], type: string, name: string) => registered.find((r) => r.type === type && r.name === name)!;

/** Every container of every pod template (StatefulSets, Jobs), init containers included. */
function containersOf(registered: Registration[]): Array<Record<string, any>> {
  return registered
    .filter((r) => ["kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:Job"].includes(r.type))
    .flatMap((r) => [...(r.inputs.spec.template.spec.initContainers ?? []), ...r.inputs.spec.template.spec.containers]);
}

/** Plain text the cluster would show anyone who may read ConfigMaps or pod specs. */
function plainText(registered: Registration[]): string[] {
  const configMaps = ofType(registered, "kubernetes:core/v1:ConfigMap").flatMap((r) => Object.values(r.inputs.data ?? {}) as string[]);
  const containers = containersOf(registered).flatMap((c) => [...(c.env ?? []).map((e: any) => e.value ?? ""), ...(c.command ?? []), ...(c.args ?? [])]);
  return [...configMaps, ...containers];
}

describe("Garage in the cluster", () => {
  let store: ObjectStore;
  let registered: Registration[];
  beforeAll(async () => ({ store, registered } = await deploy(configWith({ engine: "garage", replicas: 3, storageSize: "10Gi", buckets: ["warehouse", "staging"] }, {}, "staging"))));

  it("registers the StatefulSet, its Service, the bootstrap Job and every consumer's key", () => {
    const statefulSet = find(registered, "kubernetes:apps/v1:StatefulSet", "garage").inputs;
    expect(statefulSet.spec.replicas).toBe(3);
    expect(statefulSet.spec.volumeClaimTemplates.map((claim: any) => [claim.metadata.name, claim.spec.storageClassName, claim.spec.resources.requests.storage])).toEqual([
      ["meta", "lakehouse-data", "512Mi"],
      ["data", "lakehouse-data", "9728Mi"],
    ]);
    expect(statefulSet.spec.template.spec.serviceAccountName).toBe("object-store");
    expect(statefulSet.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(find(registered, "kubernetes:core/v1:Service", "garage").inputs.spec.ports.map((p: any) => p.name)).toEqual(["s3-api", "rpc", "admin"]);
    expect(find(registered, "kubernetes:batch/v1:Job", "garage-bootstrap").inputs.metadata.namespace).toBe("lakehouse-platform");
    const keys = ofType(registered, "kubernetes:core/v1:Secret").filter((r) => r.inputs.metadata.name?.startsWith("object-store-") && r.inputs.metadata.name !== "object-store-admin");
    expect(keys.map((r) => [r.inputs.metadata.name, r.inputs.metadata.namespace]).sort()).toEqual([
      ["object-store-airflow", "lakehouse-platform"],
      ["object-store-airflow", "lakehouse-workflows"],
      ["object-store-trino", "lakehouse-platform"],
    ]);
  });

  it("generates keys in the shape Garage imports", () => {
    const trino = unwrapped(find(registered, "kubernetes:core/v1:Secret", "object-store-trino").inputs.stringData);
    expect(trino.accessKeyId).toMatch(/^GK[0-9a-f]{24}$/);
    expect(trino.secretAccessKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names every node in garage.toml and keeps secrets out of ConfigMaps, env values and commands", () => {
    const toml = ofType(registered, "kubernetes:core/v1:ConfigMap").find((r) => r.name === "garage-config")!.inputs.data["garage.toml"];
    expect(toml.match(/"[0-9a-f]{64}@garage-\d\.garage\.lakehouse-platform\.svc\.cluster\.local:3901"/g)).toHaveLength(3);
    expect(toml).toContain("replication_factor = 3");
    const exposed = plainText(registered).join("\n");
    expect(generated.size).toBeGreaterThan(0);
    for (const value of generated) expect(exposed).not.toContain(value);
    const garage = containersOf(registered).find((c) => c.name === "garage")!;
    expect(garage.env).toContainEqual({ name: "GARAGE_RPC_SECRET", valueFrom: { secretKeyRef: { name: "object-store-admin", key: "rpcSecret" } } });
  });

  it("sends every Secret's payload to the engine as a secret", () => {
    for (const secret of ofType(registered, "kubernetes:core/v1:Secret")) {
      const payload = secret.wire.stringData ?? secret.wire.data;
      expect(isSecretValue(payload) || Object.values(payload).every(isSecretValue)).toBe(true);
    }
  });

  it("hands each consumer its key, the service's DNS name and the bootstrap Job to wait for", async () => {
    const binding = store.bindings.airflow;
    expect(await resolve(binding.endpoint.host)).toBe("garage.lakehouse-platform.svc.cluster.local");
    expect(binding).toMatchObject({ endpoint: { port: 3900, tls: false }, region: "garage", pathStyle: true, warehouseBucket: "warehouse" });
    expect(binding.secret).toEqual({ name: "object-store-airflow", keys: { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" } });
    expect(await Promise.all(binding.ready.map((r) => resolve(r.urn)))).toEqual([expect.stringContaining("object-store-airflow"), expect.stringContaining("garage-bootstrap")]);
    expect(store.scrapeTargets).toMatchObject([{ name: "garage", portName: "admin", path: "/metrics" }]);
    expect(store.consoleUi).toBeUndefined();
    expect(await resolve(store.credentialReadCommands.trino.secretAccessKey)).toMatch(/^kubectl --namespace lakehouse-platform get secret object-store-trino /);
  });
});

describe("Garage's layout in the bootstrap Job", () => {
  const jobOf = async (objectStore: Record<string, unknown>, stack: "dev" | "staging" = "staging") => {
    const { registered } = await deploy(configWith({ engine: "garage", ...objectStore }, {}, stack));
    const job = find(registered, "kubernetes:batch/v1:Job", "garage-bootstrap").inputs;
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]));
    const toml = find(registered, "kubernetes:core/v1:ConfigMap", "garage-config").inputs.data["garage.toml"];
    return { template: job.spec.template, env, toml };
  };

  it("carries every node id, the zone and the capacity in the Job's pod template, so a change replaces the Job and it runs again", async () => {
    const three = await jobOf({ replicas: 3, storageSize: "10Gi" });
    expect(three.env.NODE_IDS.split(" ")).toHaveLength(3);
    expect(three.env).toMatchObject({ NODE_COUNT: "3", ZONE: "lakehouse", CAPACITY: String(Math.floor(9728 * 2 ** 20 * 0.9)) });
    // The provider replaces a Job whose template changed (it is immutable): a new Job, a new run.
    const bigger = await jobOf({ replicas: 3, storageSize: "20Gi" });
    expect(Number(bigger.env.CAPACITY)).toBeGreaterThan(Number(three.env.CAPACITY));
    expect(bigger.template).not.toEqual(three.template);
    const four = await jobOf({ replicas: 4, storageSize: "10Gi" });
    expect(four.env.NODE_IDS.split(" ").slice(0, 3)).toEqual(three.env.NODE_IDS.split(" "));
    expect(four.template).not.toEqual(three.template);
  });

  it("keeps the replication factor of the environment whatever the node count", async () => {
    expect((await jobOf({ replicas: 4 })).toml).toContain("replication_factor = 3");
    expect((await jobOf({ replicas: 1 }, "dev")).toml).toContain("replication_factor = 1");
    expect((await jobOf({ replicas: 3 }, "dev")).toml).toContain("replication_factor = 1");
  });
});

describe("MinIO in the cluster", () => {
  it("refuses two nodes before registering anything", async () => {
    const config = configWith({ engine: "minio", replicas: 1 });
    // The config checks refuse this too; the component refuses it on its own.
    const twoNodes = { ...config, services: { ...config.services, objectStore: { ...config.services.objectStore, replicas: 2 } } };
    const registered: Registration[] = (recording = []);
    expect(() => new ObjectStore("object-store", { service: serviceContext(platformOf(twoNodes, foundationFor()), "objectStore"), consumers })).toThrow(
      /lakehouse:services\.objectStore\.replicas: got 2; accepted with engine "minio": 1, or 4 or more/,
    );
    await settled();
    expect(registered).toEqual([]);
  });

  it("runs four nodes as one distributed server, started together, with its console", async () => {
    const { store, registered } = await deploy(configWith({ engine: "minio", replicas: 4 }));
    const statefulSet = find(registered, "kubernetes:apps/v1:StatefulSet", "minio").inputs;
    expect(statefulSet.spec.podManagementPolicy).toBe("Parallel");
    expect(statefulSet.spec.template.spec.containers[0].args).toContain("http://minio-{0...3}.minio.lakehouse-platform.svc.cluster.local:9000/data");
    expect(find(registered, "kubernetes:core/v1:Service", "minio").inputs.spec.publishNotReadyAddresses).toBe(true);
    expect(find(registered, "kubernetes:batch/v1:Job", "minio-bootstrap").inputs.spec.template.spec.containers[0].image).toMatch(/minio\/mc:/);
    const exposed = plainText(registered).join("\n");
    for (const value of generated) expect(exposed).not.toContain(value);
    expect(await resolve(store.bindings.trino.endpoint.host)).toBe("minio.lakehouse-platform.svc.cluster.local");
    expect(store.consoleUi).toMatchObject({ name: "minio", port: 9001 });
    expect(store.scrapeTargets).toMatchObject([{ portName: "api", path: "/minio/v2/metrics/cluster" }]);
  });
});

describe("an external store", () => {
  let store: ObjectStore;
  let registered: Registration[];
  beforeAll(async () => {
    const config = configWith({ mode: "external", external: { endpoint: "https://storage.googleapis.com", region: "europe-west1", pathStyle: true } }, { externalCredentials: { objectStore: GIVEN } });
    ({ store, registered } = await deploy(config));
  });

  it("registers no workload and no Job", () => {
    for (const type of ["kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job", "kubernetes:core/v1:ConfigMap"]) expect(ofType(registered, type)).toEqual([]);
  });

  it("gives each consumer the operator's key, as a secret in its own namespace", () => {
    for (const [name, namespace] of [
      ["object-store-trino", "lakehouse-platform"],
      ["object-store-airflow", "lakehouse-workflows"],
    ]) {
      const secret = find(registered, "kubernetes:core/v1:Secret", name);
      expect(secret.inputs.metadata.namespace).toBe(namespace);
      expect(unwrapped(secret.inputs.stringData)).toEqual(GIVEN);
      expect(isSecretValue(secret.wire.stringData)).toBe(true);
    }
  });

  it("points consumers at the external endpoint, waiting for their Secret only", async () => {
    const binding = store.bindings.trino;
    expect(await resolve(binding.endpoint.host)).toBe("storage.googleapis.com");
    expect(binding).toMatchObject({ endpoint: { port: 443, tls: true }, region: "europe-west1", pathStyle: true, warehouseBucket: "warehouse" });
    expect(await Promise.all(binding.ready.map((r) => resolve(r.urn)))).toEqual([expect.stringContaining("object-store-trino")]);
    expect(store.scrapeTargets).toEqual([]);
  });
});

describe("two stores in one stack", () => {
  let registered: Registration[];
  beforeAll(async () => {
    registered = recording = [];
    const config = configWith({});
    const admin = new GeneratedSecret("object-store-admin", { namespace: "lakehouse-platform", secretName: "object-store-admin", keys: { rpcSecret: { hexBytes: 32 }, adminToken: { length: 48 } } });
    const first = serviceContext(platformOf(config, foundationFor(admin)), "objectStore");
    new ObjectStore("object-store", { service: first, consumers });
    new ObjectStore("archive", { service: instanceContext("objectStore", "archive", first, {}), consumers });
    await settled();
  });

  it("registers each object once: no name is claimed by both stores", () => {
    const keys = registered.map((r) => `${r.type}::${r.name}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it("keeps the first store's short names and prefixes the second's with its own", () => {
    const statefulSets = ofType(registered, "kubernetes:apps/v1:StatefulSet").map((r) => r.inputs.metadata.name);
    expect(statefulSets.sort()).toEqual(["archive-garage", "garage"]);
    const secrets = ofType(registered, "kubernetes:core/v1:Secret").map((r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`);
    expect(secrets).toEqual(expect.arrayContaining(["lakehouse-workflows/object-store-airflow", "lakehouse-workflows/archive-airflow", "lakehouse-platform/archive-object-store-admin"]));
    const archiveServer = find(registered, "kubernetes:apps/v1:StatefulSet", "archive-garage").inputs.spec.template.spec;
    expect(archiveServer.serviceAccountName).toBe("archive-object-store");
    expect(JSON.stringify(archiveServer)).toContain("archive-object-store-admin");
  });
});
