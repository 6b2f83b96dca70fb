import * as pulumi from "@pulumi/pulumi";
import { stackConfig } from "../../test/support/components";
import { kubePrometheusStackValues, type StackValuesInput } from "./values";

const input = (stack: "dev" | "staging" | "prod", overrides: Partial<StackValuesInput> = {}): StackValuesInput => ({
  config: stackConfig(stack),
  placement: { prometheus: "in-cluster", grafana: "in-cluster" },
  storageClassName: "lakehouse-data",
  serviceAccounts: { prometheus: "prometheus", grafana: "grafana" },
  grafanaAdminSecret: "grafana-admin",
  grafanaDatabase: {
    endpoint: { host: pulumi.output("db.acme.internal"), port: 5432, tls: true },
    database: "grafana",
    secret: { name: "grafana-database", keys: { username: "username", password: "password" } },
    ready: [],
  },
  ...overrides,
});

it("sizes Prometheus from the config and keeps its data on the platform's storage class", () => {
  const values: any = kubePrometheusStackValues(input("staging"));
  const spec = values.prometheus.prometheusSpec;
  expect(spec).toMatchObject({ replicas: 1, retention: "15d", retentionSize: "40960MB", serviceMonitorSelectorNilUsesHelmValues: false });
  expect(spec.resources).toEqual({ requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "1", memory: "4Gi" } });
  expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({ storageClassName: "lakehouse-data", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } });
  expect(values.prometheus.serviceAccount).toEqual({ create: false, name: "prometheus" });
});

it("sizes the chart's helpers from lakehouse:services", () => {
  const sized = (cpu: string) => ({ requests: { cpu, memory: "64Mi" }, limits: { cpu, memory: "64Mi" } });
  const config = stackConfig("prod", (raw) => {
    raw.services.prometheus = { ...raw.services.prometheus, operatorResources: sized("21m"), kubeStateMetricsResources: sized("22m"), configReloaderResources: sized("23m") };
    raw.services.grafana = { ...raw.services.grafana, sidecarResources: sized("24m") };
  });
  const values: any = kubePrometheusStackValues(input("prod", { config }));
  expect(values.prometheusOperator.resources).toEqual(sized("21m"));
  expect(values["kube-state-metrics"].resources).toEqual(sized("22m"));
  expect(values.prometheusOperator.prometheusConfigReloader.resources).toEqual(sized("23m"));
  expect(values.grafana.sidecar.resources).toEqual(sized("24m"));
});

it("takes Grafana's admin from the foundation's Secret, and no password", () => {
  const values: any = kubePrometheusStackValues(input("dev"));
  expect(values.grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "username", passwordKey: "password" });
  expect(values.grafana.serviceAccount).toMatchObject({ create: false, name: "grafana" });
  expect(JSON.stringify(values)).not.toMatch(/adminPassword/);
});

it("asks for TLS to a database that speaks it", () => {
  const values: any = kubePrometheusStackValues(input("prod"));
  expect(values.grafana["grafana.ini"].database).toMatchObject({ type: "postgres", name: "grafana", ssl_mode: "require" });
});

it("provisions the datasource as a file and probes the one sidecar left on its own health port", () => {
  const grafana: any = kubePrometheusStackValues(input("dev")).grafana;
  expect(grafana.datasources["datasources.yaml"].datasources).toEqual([expect.objectContaining({ name: "Prometheus", uid: "prometheus", url: "http://monitoring-prometheus:9090/", isDefault: true })]);
  expect(grafana.sidecar.datasources).toEqual({ enabled: false });
  expect(grafana.sidecar.dashboards.env).toEqual({ HEALTH_PORT: "8084" });
  for (const probe of [grafana.sidecar.readinessProbe, grafana.sidecar.livenessProbe]) expect(probe.httpGet).toEqual({ path: "/healthz", port: 8084 });
});

it("adds only the API-client and service labels to the charts' pods, which set their own app.kubernetes.io labels", () => {
  const values: any = kubePrometheusStackValues(input("staging"));
  const prometheusPods = [values.prometheusOperator.podLabels, values.prometheus.prometheusSpec.podMetadata.labels, values["kube-state-metrics"].podLabels];
  for (const podLabels of prometheusPods) expect(podLabels).toEqual({ "lakehouse.dev/api-access": "true", "lakehouse.dev/service": "prometheus" });
  expect(values.grafana.podLabels).toEqual({ "lakehouse.dev/api-access": "true", "lakehouse.dev/service": "grafana" });
  expect(values["kube-state-metrics"].customLabels).toBeUndefined();
});

it("scrapes CoreDNS through the cluster's kube-dns Service, creating nothing in kube-system", () => {
  const values: any = kubePrometheusStackValues(input("prod"));
  expect(values.coreDns.service).toEqual({ enabled: false });
  expect(values.coreDns.serviceMonitor.selector).toEqual({ matchLabels: { "k8s-app": "kube-dns" } });
});

it("runs no Helm hooks and nothing that needs the host", () => {
  const values: any = kubePrometheusStackValues(input("prod"));
  expect(values.prometheusOperator.admissionWebhooks).toEqual({ enabled: false, patch: { enabled: false } });
  expect(values.prometheusOperator.tls).toEqual({ enabled: false });
  expect(values.grafana.testFramework).toEqual({ enabled: false });
  expect(values.nodeExporter).toEqual({ enabled: false });
});

it("runs every pod non-root with resources", () => {
  const values: any = kubePrometheusStackValues(input("prod"));
  for (const pod of [values.prometheusOperator.securityContext, values.prometheus.prometheusSpec.securityContext, values["kube-state-metrics"].securityContext, values.grafana.securityContext]) {
    expect(pod).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  }
  for (const resources of [
    values.prometheusOperator.resources,
    values.prometheusOperator.prometheusConfigReloader.resources,
    values.prometheus.prometheusSpec.resources,
    values["kube-state-metrics"].resources,
    values.grafana.resources,
    values.grafana.sidecar.resources,
  ]) {
    expect(Object.keys(resources)).toEqual(["requests", "limits"]);
  }
  expect(values.prometheus.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
});

it("with Prometheus outside, installs Grafana alone, reading the external Prometheus", () => {
  const values: any = kubePrometheusStackValues(
    input("prod", { placement: { prometheus: "external", grafana: "in-cluster" }, serviceAccounts: { grafana: "grafana" }, externalPrometheusUrl: "https://prometheus.example.com:443" }),
  );
  expect(values.prometheus).toEqual({ enabled: false });
  expect(values.prometheusOperator).toEqual({ enabled: false });
  expect(values.crds).toEqual({ enabled: false });
  expect(values.grafana.datasources["datasources.yaml"].datasources).toEqual([expect.objectContaining({ type: "prometheus", uid: "prometheus", url: "https://prometheus.example.com:443" })]);
  expect(values.grafana.serviceMonitor).toEqual({ enabled: false });
});

it("with Grafana outside, installs Prometheus alone", () => {
  const values: any = kubePrometheusStackValues(input("dev", { placement: { prometheus: "in-cluster", grafana: "external" } }));
  expect(values.grafana).toEqual({ enabled: false });
  expect(values.prometheus.enabled).toBe(true);
});

it("says what the foundation lacks", () => {
  expect(() => kubePrometheusStackValues(input("dev", { grafanaAdminSecret: undefined }))).toThrow('the foundation has no Secret "grafana-admin"');
});
