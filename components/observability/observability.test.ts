import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import { fakeFoundation, type Registered, recordingMocks, stackConfig } from "../../test/support/components";
import type { DatabaseBinding, ScrapeTarget } from "../kit/bindings";
import { inClusterEndpoint } from "../kit/endpoint";
import { GeneratedSecret } from "../kit/generatedSecret";

let record: Awaited<ReturnType<typeof recordingMocks>>;
beforeAll(async () => {
  record = await recordingMocks();
});

const targets: ScrapeTarget[] = [
  { name: "trino", namespace: pulumi.output("lakehouse-platform"), selector: { "app.kubernetes.io/name": "trino" }, portName: "http", path: "/metrics" },
  { name: "airflow", namespace: pulumi.output("lakehouse-workflows"), selector: { "app.kubernetes.io/name": "airflow" }, portName: "metrics", path: "/metrics" },
];

async function deploy(config: StackConfig, withDatabase = true) {
  const { Observability } = await import("./observability");
  let observability: InstanceType<typeof Observability> | undefined;
  const resources = await record(() => {
    // What the foundation hands over: its namespace, ServiceAccounts, the generated admin Secret.
    const grafanaAdmin = new GeneratedSecret("grafana-admin", { namespace: "lakehouse-observability", secretName: "grafana-admin", keys: { username: { value: "admin" }, password: { length: 32 } } });
    const foundation = fakeFoundation({
      serviceAccounts: { prometheus: pulumi.output("prometheus"), grafana: pulumi.output("grafana") },
      credentials: { "grafana-admin": grafanaAdmin },
    });
    // What the PostgreSQL layer hands over: the endpoint, the role's Secret, the Job that made them.
    const provisioned = new k8s.batch.v1.Job("postgres-provision", { spec: { template: { spec: { containers: [], restartPolicy: "Never" } } } });
    const database: DatabaseBinding = {
      endpoint: inClusterEndpoint("postgres", "lakehouse-platform", 5432),
      database: "grafana",
      secret: { name: "grafana-database", keys: { username: "username", password: "password" } },
      ready: [provisioned],
    };
    observability = new Observability("observability", { config, foundation, targets, ...(withDatabase ? { database } : {}) });
  });
  return { observability: observability!, resources };
}

const charts = (resources: Registered[]) => resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");
const monitors = (resources: Registered[]) => resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:ServiceMonitor");
const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("in the cluster (dev)", () => {
  let run: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    run = await deploy(stackConfig("dev"));
  });

  it("installs kube-prometheus-stack from its pinned chart into the observability namespace", () => {
    const [chart] = charts(run.resources);
    expect(chart.inputs).toMatchObject({
      chart: "kube-prometheus-stack",
      version: "88.6.1",
      repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
      name: "monitoring",
      namespace: "lakehouse-observability",
    });
  });

  it("points Grafana at the foundation's Secret and carries no credential", () => {
    const values = charts(run.resources)[0].inputs.values;
    expect(values.grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "username", passwordKey: "password" });
    expect(JSON.stringify(values)).not.toMatch(/generated-/);
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe("lakehouse-data");
  });

  it("keeps Grafana's state in its PostgreSQL database, by DNS, its role from the Secret, after the Job made it", async () => {
    const [chart] = charts(run.resources);
    const grafana = chart.inputs.values.grafana;
    expect(grafana["grafana.ini"].database).toEqual({ type: "postgres", host: "postgres.lakehouse-platform.svc.cluster.local:5432", name: "grafana", ssl_mode: "disable" });
    expect(grafana.envValueFrom).toEqual({
      GF_DATABASE_USER: { secretKeyRef: { name: "grafana-database", key: "username" } },
      GF_DATABASE_PASSWORD: { secretKeyRef: { name: "grafana-database", key: "password" } },
    });
    expect(chart.dependsOn).toContain("postgres-provision");
  });

  it("declares one ServiceMonitor per target, in its namespace, after the chart's CRDs", () => {
    const declared = monitors(run.resources);
    expect(declared.map((m) => [m.inputs.metadata.name, m.inputs.metadata.namespace])).toEqual([
      ["trino", "lakehouse-platform"],
      ["airflow", "lakehouse-workflows"],
    ]);
    for (const monitor of declared) expect(monitor.dependsOn).toContain("kube-prometheus-stack");
  });

  it("hands out Grafana for the edge, Prometheus' endpoint and the admin password command", async () => {
    const ui = run.observability.grafanaUi!;
    expect(ui.name).toBe("grafana");
    expect(ui.port).toBe(80);
    expect(await resolved(ui.serviceName)).toBe("grafana");
    expect(await resolved(run.observability.prometheusEndpoint!.host)).toBe("monitoring-prometheus.lakehouse-observability.svc.cluster.local");
    expect(run.observability.prometheusEndpoint!.port).toBe(9090);
    expect(await resolved(run.observability.grafanaAdminCommand!)).toContain("get secret grafana-admin");
  });
});

it("refuses to run Grafana in the cluster without a database", async () => {
  await expect(deploy(stackConfig("dev"), false)).rejects.toThrow(/database for Grafana/);
});

it("registers nothing but itself when Prometheus (and so Grafana) is disabled", async () => {
  const run = await deploy(
    stackConfig("dev", (raw) => {
      raw.services.prometheus = { ...raw.services.prometheus, enabled: false };
      raw.services.grafana = { ...raw.services.grafana, enabled: false };
    }),
  );
  // The foundation's Secret is the test's own; the layer adds nothing.
  expect(run.resources.filter((r) => !r.name.startsWith("grafana-admin") && r.name !== "postgres-provision").map((r) => r.type)).toEqual(["lakehouse:observability:Observability"]);
  expect(run.observability.grafanaUi).toBeUndefined();
  expect(run.observability.prometheusEndpoint).toBeUndefined();
});

it("with both external, deploys nothing and hands out the configured Prometheus", async () => {
  const run = await deploy(
    stackConfig("staging", (raw) => {
      raw.services.prometheus = { ...raw.services.prometheus, mode: "external", external: { host: "prometheus.monitoring.example.com", port: 443, tls: true } };
      raw.services.grafana = { ...raw.services.grafana, mode: "external", external: { host: "grafana.monitoring.example.com", port: 443, tls: true } };
    }),
  );
  expect(charts(run.resources)).toEqual([]);
  expect(monitors(run.resources)).toEqual([]);
  expect(await resolved(run.observability.prometheusEndpoint!.host)).toBe("prometheus.monitoring.example.com");
  expect(run.observability.grafanaUi).toBeUndefined();
});
