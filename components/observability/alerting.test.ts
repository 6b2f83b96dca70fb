// Alerting under mocks: Alertmanager's values and configuration from lakehouse:services.prometheus.alerting,
// the receivers' Secret, and one PrometheusRule per service with a runbook that exists.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stackConfig } from "../../test/support/components";
import { runProgram } from "../../test/mocks";
import { stackFileConfig } from "../../test/stackFiles";
import { alertmanagerConfig } from "./alertmanagerConfig";
import { alertmanagerValues } from "./alertmanagerValues";
import { platformAlertRules, SERVICE_LABEL_METRIC } from "./alertRules";
import { kubePrometheusStackValues } from "./values";

const SLACK_URL = "https://hooks.slack.example/services/T0/B0/KEEP-ME-SECRET-123";
const SMTP_PASSWORD = "smtp-password-KEEP-ME-SECRET";
const RECEIVERS = [
  { name: "ops-hook", webhook: { url: "https://alerts.acme.example/lakehouse" } },
  { name: "ops-slack", slack: { channel: "#lakehouse" } },
  { name: "ops-mail", email: { to: "ops@acme.example", from: "lakehouse@acme.example", smarthost: "smtp.acme.example:587", username: "lakehouse" } },
];
const CREDENTIALS = { "ops-slack": { url: SLACK_URL }, "ops-mail": { password: SMTP_PASSWORD } };

const withReceivers = (raw: Record<string, any>) => {
  raw.services.prometheus = { ...raw.services.prometheus, alerting: { receivers: RECEIVERS, route: { receiver: "ops-slack", criticalReceiver: "ops-hook" } } };
  raw.externalCredentials = { ...raw.externalCredentials, alertReceivers: CREDENTIALS };
};

describe("Alertmanager's configuration", () => {
  const config = stackConfig("staging", withReceivers);
  const rendered = alertmanagerConfig(config.services.prometheus.alerting) as any;

  it("reads every secret from the receivers' Secret, and holds none", () => {
    const byName = Object.fromEntries(rendered.receivers.map((r: any) => [r.name, r]));
    expect(byName["ops-hook"].webhook_configs).toEqual([{ send_resolved: true, url: "https://alerts.acme.example/lakehouse" }]);
    expect(byName["ops-slack"].slack_configs[0]).toMatchObject({ api_url_file: "/etc/alertmanager/secrets/alertmanager-receivers/ops-slack.url", channel: "#lakehouse" });
    expect(byName["ops-mail"].email_configs[0]).toMatchObject({
      auth_username: "lakehouse",
      auth_password_file: "/etc/alertmanager/secrets/alertmanager-receivers/ops-mail.password",
      smarthost: "smtp.acme.example:587",
      require_tls: true,
    });
    const text = JSON.stringify(rendered);
    expect(text).not.toContain(SLACK_URL);
    expect(text).not.toContain(SMTP_PASSWORD);
  });

  it("routes to the chosen receiver, pages critical alerts too, and mutes the Watchdog", () => {
    expect(rendered.route.receiver).toBe("ops-slack");
    expect(rendered.route.routes).toEqual([
      { matchers: ['alertname = "Watchdog"'], receiver: "null" },
      { matchers: ['alertname = "InfoInhibitor"'], receiver: "null" },
      { matchers: ['severity = "critical"'], receiver: "ops-hook", continue: true },
      { receiver: "ops-slack" },
    ]);
    expect(rendered.inhibit_rules[0]).toMatchObject({ source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'] });
  });

  it("without receivers, sends nowhere but keeps alerts in Alertmanager", () => {
    const none = alertmanagerConfig(stackConfig("staging").services.prometheus.alerting) as any;
    expect(none.route.receiver).toBe("null");
    expect(none.receivers).toEqual([{ name: "null" }]);
  });
});

describe("Alertmanager's chart values", () => {
  it("runs it in staging and prod, replicated with a PDB in prod, with the receivers' Secret mounted", () => {
    const prod = alertmanagerValues(stackConfig("prod").services.prometheus.alerting, "lakehouse-data") as any;
    expect(prod).toMatchObject({ enabled: true, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(prod.alertmanagerSpec).toMatchObject({ replicas: 2, secrets: ["alertmanager-receivers"], podMetadata: { labels: { "lakehouse.dev/service": "prometheus" } } });
    expect(prod.alertmanagerSpec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(prod.alertmanagerSpec.storage.volumeClaimTemplate.spec).toMatchObject({ storageClassName: "lakehouse-data", resources: { requests: { storage: "5Gi" } } });
  });

  it("leaves it off on a laptop (dev), and with Prometheus outside the cluster", () => {
    expect(alertmanagerValues(stackConfig("dev").services.prometheus.alerting, "x")).toEqual({ enabled: false });
    const values: any = kubePrometheusStackValues({
      config: stackConfig("staging"),
      placement: { prometheus: "external", grafana: "none" } as any,
      storageClassName: "x",
      serviceAccounts: {},
    });
    expect(values.alertmanager).toEqual({ enabled: false });
  });

  it("has kube-state-metrics export the pods' service label the rules match on", () => {
    const values: any = kubePrometheusStackValues({
      config: stackConfig("dev"),
      placement: { prometheus: "in-cluster", grafana: "none" } as any,
      storageClassName: "x",
      serviceAccounts: { prometheus: "prometheus" },
    });
    expect(values["kube-state-metrics"].metricLabelsAllowlist).toEqual(["pods=[lakehouse.dev/service]"]);
    expect(SERVICE_LABEL_METRIC).toBe("label_lakehouse_dev_service");
  });
});

describe("the alerting rules", () => {
  const runbooks = readFileSync(join(__dirname, "../../docs/operations/alerts.md"), "utf8");
  const anchors = new Set([...runbooks.matchAll(/^## (\w+)/gm)].map((m) => m[1].toLowerCase()));

  it.each(["dev", "staging", "prod"] as const)("%s: one group per service running here, each rule with a severity and a runbook that exists", (stack) => {
    const config = stackConfig(stack);
    const groups = platformAlertRules(config);
    const running = Object.entries(config.services)
      .filter(([, s]: [string, any]) => s.enabled && s.mode === "in-cluster")
      .map(([name]) => name);
    expect(groups.map((g) => g.service).sort()).toEqual([...running, ...(config.edge.enabled ? ["certificates"] : [])].sort());
    for (const group of groups) {
      for (const rule of group.rules) {
        expect(rule.labels.service).toBe(group.service);
        expect(["warning", "critical"]).toContain(rule.labels.severity);
        expect(rule.annotations.runbook_url).toBe(`docs/operations/alerts.md#${rule.alert.toLowerCase()}`);
        expect({ alert: rule.alert, documented: anchors.has(rule.alert.toLowerCase()) }).toEqual({ alert: rule.alert, documented: true });
      }
    }
  });

  it("asks every service the four questions, and the services with metrics of their own theirs", () => {
    const groups = Object.fromEntries(platformAlertRules(stackConfig("dev")).map((g) => [g.service, g.rules.map((r) => r.alert)]));
    const common = ["LakehouseServiceDown", "LakehousePodNotReady", "LakehousePodRestarting", "LakehouseVolumeFilling", "LakehouseVolumeFull"];
    for (const alerts of Object.values(groups)) if (alerts !== groups.certificates) expect(alerts).toEqual(expect.arrayContaining(common));
    expect(groups.postgres).toEqual(expect.arrayContaining(["LakehousePostgresDown", "LakehousePostgresReplicationLag"]));
    expect(groups.trino).toEqual(expect.arrayContaining(["LakehouseTrinoQueriesFailing", "LakehouseTrinoWorkersMissing"]));
    expect(groups.airflow).toContain("LakehouseAirflowSchedulerHeartbeatMissing");
    expect(groups.objectStore).toContain("LakehouseGarageUnhealthy");
  });

  it("matches pods to services by their label, in the service's own namespace", () => {
    const trino = platformAlertRules(stackConfig("dev")).find((g) => g.service === "trino")!;
    const down = trino.rules.find((r) => r.alert === "LakehouseServiceDown")!;
    expect(down.expr).toContain('kube_pod_labels{namespace="lakehouse-platform", label_lakehouse_dev_service="trino"}');
    // One coordinator and dev's one worker.
    expect(trino.rules.find((r) => r.alert === "LakehouseTrinoWorkersMissing")!.expr).toMatch(/< 2$/);
  });

  it("loads no rules where Prometheus is not in the cluster", () => {
    const config = stackConfig("staging", (raw) => (raw.services.prometheus = { ...raw.services.prometheus, mode: "external", external: { host: "prometheus.acme.example", port: 443, tls: true } }));
    expect(platformAlertRules(config)).toEqual([]);
  });
});

describe("the program with receivers", () => {
  it("keeps the receivers' secrets secret on the wire, and declares a PrometheusRule per service", async () => {
    const config = stackFileConfig("staging") as Record<string, any>;
    const services = { ...(config["lakehouse:services"] ?? {}) };
    services.prometheus = { ...(services.prometheus ?? {}), alerting: { receivers: RECEIVERS } };
    const run = await runProgram("staging", {
      ...config,
      "lakehouse:services": services,
      "lakehouse:externalCredentials": { ...(config["lakehouse:externalCredentials"] ?? {}), alertReceivers: CREDENTIALS },
    });
    const secret = run.secrets.find((s) => s.name === "alertmanager-receivers");
    expect(secret).toEqual(expect.objectContaining({ payloadIsSecret: true }));
    const receiverSecret = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "alertmanager-receivers")!;
    // The payload reaches the engine wrapped as a secret: its keys are inside.
    const payload = receiverSecret.inputs.stringData.value ?? receiverSecret.inputs.stringData;
    expect(Object.keys(payload).sort()).toEqual(["ops-mail.password", "ops-slack.url"]);
    const rules = run.resources.filter((r) => r.inputs?.kind === "PrometheusRule");
    expect(rules.length).toBeGreaterThanOrEqual(5);
    // Nothing but that Secret carries the secrets in clear.
    const elsewhere = run.resources.filter((r) => r !== receiverSecret && JSON.stringify(r.inputs).match(/KEEP-ME-SECRET/));
    expect(elsewhere.map((r) => `${r.type} ${r.name}`)).toEqual([]);
  }, 120_000);
});

describe("the certificate alerts' metrics", () => {
  it("has Prometheus scrape cert-manager's controller, with its discovery Role granted there and the way open", async () => {
    const run = await runProgram("staging", stackFileConfig("staging"));
    const monitor = run.resources.find((r) => r.inputs?.kind === "ServiceMonitor" && r.inputs.metadata?.name === "cert-manager")!;
    expect(monitor.inputs.metadata.namespace).toBe("lakehouse-cert-manager");
    expect(monitor.inputs.spec.endpoints[0].port).toBe("http-metrics");
    const binding = run.resources.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding" && r.name === "cert-manager-prometheus-discover")!;
    expect(binding.inputs.metadata.namespace).toBe("lakehouse-cert-manager");
    expect(binding.inputs.subjects).toEqual([{ kind: "ServiceAccount", name: "prometheus", namespace: "lakehouse-observability" }]);
    // Prometheus' own policy lets it out to that controller (staging is default-deny).
    const prometheusPolicy = run.resources.find(
      (r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata?.name === "allow-prometheus" && r.inputs.metadata?.namespace === "lakehouse-observability",
    )!;
    expect(prometheusPolicy.inputs.spec.egress[0].to).toContainEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "lakehouse-cert-manager" } },
      podSelector: { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } },
    });
    expect(run.resources.some((r) => r.inputs?.metadata?.name === "allow-prometheus" && r.inputs.metadata?.namespace === "lakehouse-cert-manager")).toBe(true);
  }, 120_000);
});
