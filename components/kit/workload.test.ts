import type { ServiceContainer } from "./podSpec";
import { publishedPorts, type Workload as WorkloadClass } from "./workload";
import { recordingMocks, type Registered } from "../../test/support/components";

let record: Awaited<ReturnType<typeof recordingMocks>>;
let registered: Registered[] = [];
beforeAll(async () => {
  record = await recordingMocks();
});

const container: ServiceContainer = {
  name: "postgres",
  image: "postgres:17.2",
  ports: [{ name: "postgres", containerPort: 5432 }],
  probes: { liveness: { exec: { command: ["pg_isready"] } }, readiness: { tcpSocket: { port: "postgres" } } },
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
};

async function declare(name: string, replicas: number, stateful: boolean, startTogether = false) {
  const { Workload } = await import("./workload");
  let workload: WorkloadClass | undefined;
  registered = await record(() => {
    workload = new Workload(name, {
      namespace: "lakehouse-platform",
      app: name,
      component: "database",
      replicas,
      identity: { service: "db", uid: 999, serviceAccountName: name, apiAccess: false },
      containers: [container],
      state: stateful ? { storageClassName: "lakehouse-data", claims: [{ name: "data", size: "5Gi", mountPath: "/var/lib/postgresql/data" }], startTogether } : undefined,
    });
  });
  return new Promise<string>((resolve) => workload!.dnsName.apply(resolve));
}

const find = (type: string, name: string) => registered.find((r) => r.type === type && r.name === name)!;

it("declares a StatefulSet with claims on the platform storage class, a headless Service and its DNS name", async () => {
  const dnsName = await declare("postgres", 1, true);
  expect(dnsName).toBe("postgres.lakehouse-platform.svc.cluster.local");
  const statefulSet = find("kubernetes:apps/v1:StatefulSet", "postgres").inputs;
  expect(statefulSet.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ["ReadWriteOnce"], storageClassName: "lakehouse-data", resources: { requests: { storage: "5Gi" } } });
  expect(statefulSet.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/postgresql/data" });
  expect(statefulSet.spec.template.metadata.labels).toMatchObject({ "app.kubernetes.io/part-of": "lakehouse", "app.kubernetes.io/component": "database" });
  expect(find("kubernetes:core/v1:Service", "postgres").inputs.spec).toMatchObject({ clusterIP: "None", ports: [{ name: "postgres", port: 5432, targetPort: "postgres", protocol: "TCP" }] });
  expect(registered.some((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget" && r.name === "postgres")).toBe(false);
});

it("starts a StatefulSet's pods one by one, or together and published before ready when its members find each other by DNS", async () => {
  await declare("postgres", 1, true);
  expect(find("kubernetes:apps/v1:StatefulSet", "postgres").inputs.spec.podManagementPolicy).toBe("OrderedReady");
  expect(find("kubernetes:core/v1:Service", "postgres").inputs.spec.publishNotReadyAddresses).toBeUndefined();
  await declare("minio", 4, true, true);
  expect(find("kubernetes:apps/v1:StatefulSet", "minio").inputs.spec.podManagementPolicy).toBe("Parallel");
  expect(find("kubernetes:core/v1:Service", "minio").inputs.spec.publishNotReadyAddresses).toBe(true);
});

it("protects a replicated Deployment with a PodDisruptionBudget and rolls it without losing capacity", async () => {
  await declare("nessie", 3, false);
  const deployment = find("kubernetes:apps/v1:Deployment", "nessie").inputs;
  expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  const pdb = find("kubernetes:policy/v1:PodDisruptionBudget", "nessie").inputs;
  expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  expect(find("kubernetes:core/v1:Service", "nessie").inputs.spec.clusterIP).toBeUndefined();
});

// A loop that serves nothing, probed by exec, like Airflow's dag processor or Dagster's daemon.
const daemon: ServiceContainer & { ports: [] } = {
  name: "daemon",
  image: "ghcr.io/acme/daemon:1.0.0",
  ports: [],
  probes: { liveness: { exec: { command: ["daemon", "check"] } }, readiness: { exec: { command: ["daemon", "check"] } } },
  resources: container.resources,
};

it("runs a workload that serves nothing without a Service, alone, with the same secure pod and identity", async () => {
  const { Workload } = await import("./workload");
  let workload: WorkloadClass<false> | undefined;
  registered = await record(() => {
    workload = new Workload("daemon", {
      namespace: "lakehouse-workflows",
      app: "daemon",
      component: "daemon",
      replicas: 1,
      singleton: true,
      service: false,
      identity: { service: "daemon", uid: 10001, serviceAccountName: "daemon", apiAccess: true },
      containers: [daemon],
    });
  });
  expect(registered.filter((r) => r.type === "kubernetes:core/v1:Service")).toEqual([]);
  expect(workload!.service).toBeUndefined();
  expect(workload!.dnsName).toBeUndefined();
  const spec = find("kubernetes:apps/v1:Deployment", "daemon").inputs.spec;
  // Never two at once: the old pod stops before the new one starts.
  expect(spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
  expect(spec.template.spec).toMatchObject({ serviceAccountName: "daemon", automountServiceAccountToken: true, securityContext: { runAsNonRoot: true, runAsUser: 10001 } });
  expect(spec.template.spec.containers[0]).toMatchObject({
    livenessProbe: { exec: { command: ["daemon", "check"] } },
    readinessProbe: { exec: { command: ["daemon", "check"] } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  });
  expect(spec.template.metadata.labels).toMatchObject({ "app.kubernetes.io/component": "daemon", "app.kubernetes.io/part-of": "lakehouse" });
});

describe("what the kit refuses before registering anything", () => {
  const args = { containers: [daemon] as [ServiceContainer], replicas: 1 };
  it("a Service with no port to publish", () => {
    expect(() => publishedPorts("daemon", args)).toThrow(/workload daemon: its Service would publish no port.*service: false/);
    expect(publishedPorts("daemon", { ...args, service: false })).toEqual([]);
    expect(publishedPorts("postgres", { containers: [container], replicas: 1 })).toEqual(container.ports);
  });
  it("a singleton with replicas, and a StatefulSet without its headless Service", () => {
    expect(() => publishedPorts("daemon", { ...args, service: false, singleton: true, replicas: 2 })).toThrow(/exactly 1 replica, got 2/);
    const state = { storageClassName: "lakehouse-data", claims: [] };
    expect(() => publishedPorts("db", { containers: [container], replicas: 1, service: false, state })).toThrow(/needs its headless Service/);
  });
});

describe("configuration files", () => {
  async function withConfig(conf: string, shared = "shared-a") {
    const { Workload } = await import("./workload");
    const { ConfigFiles } = await import("./configFiles");
    registered = await record(() => {
      const common = new ConfigFiles("common", { namespace: "lakehouse-platform", labels: {}, files: { "catalog.properties": shared } }, {});
      new Workload("trino", {
        namespace: "lakehouse-platform",
        app: "trino",
        component: "coordinator",
        replicas: 1,
        identity: { service: "trino", uid: 1000, serviceAccountName: "trino", apiAccess: false },
        containers: [{ ...container, volumeMounts: [{ name: "catalog", mountPath: "/etc/trino/catalog", readOnly: true }] }],
        config: { files: { "config.properties": conf }, mountPath: "/etc/trino" },
        sharedConfig: [{ files: common, volumeName: "catalog" }],
      });
    });
    return find("kubernetes:apps/v1:Deployment", "trino").inputs.spec.template;
  }

  it("get a ConfigMap, a volume, a read-only mount before the nested ones, and one checksum annotation", async () => {
    const template = await withConfig("coordinator=true");
    expect(find("kubernetes:core/v1:ConfigMap", "trino-config").inputs.data).toEqual({ "config.properties": "coordinator=true" });
    expect(template.spec.volumes.map((v: any) => v.name)).toEqual(expect.arrayContaining(["config", "catalog"]));
    const mounts = template.spec.containers[0].volumeMounts.filter((m: any) => m.mountPath.startsWith("/etc/trino"));
    expect(mounts).toEqual([
      { name: "config", mountPath: "/etc/trino", readOnly: true },
      { name: "catalog", mountPath: "/etc/trino/catalog", readOnly: true },
    ]);
    expect(Object.keys(template.metadata.annotations)).toEqual(["lakehouse.dev/config-checksum"]);
  });

  it("roll the pods when the workload's own files or shared ones change, and only then", async () => {
    const sum = async (conf: string, shared?: string) => (await withConfig(conf, shared)).metadata.annotations["lakehouse.dev/config-checksum"];
    const first = await sum("coordinator=true");
    expect(await sum("coordinator=true")).toBe(first);
    expect(await sum("coordinator=false")).not.toBe(first);
    expect(await sum("coordinator=true", "shared-b")).not.toBe(first);
  });
});
