import type { ServiceContainer } from "./podSpec";
import { recordingMocks, type Registered } from "./testing";

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

async function declare(name: string, replicas: number, stateful: boolean) {
  const { Workload } = await import("./workload");
  let workload: InstanceType<typeof Workload> | undefined;
  registered = await record(() => {
    workload = new Workload(name, {
      namespace: "lakehouse-platform",
      app: name,
      component: "database",
      replicas,
      identity: { uid: 999, serviceAccountName: name, apiAccess: false },
      containers: [container],
      state: stateful ? { storageClassName: "lakehouse-data", claims: [{ name: "data", size: "5Gi", mountPath: "/var/lib/postgresql/data" }] } : undefined,
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

it("protects a replicated Deployment with a PodDisruptionBudget and rolls it without losing capacity", async () => {
  await declare("nessie", 3, false);
  const deployment = find("kubernetes:apps/v1:Deployment", "nessie").inputs;
  expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  const pdb = find("kubernetes:policy/v1:PodDisruptionBudget", "nessie").inputs;
  expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  expect(find("kubernetes:core/v1:Service", "nessie").inputs.spec.clusterIP).toBeUndefined();
});
