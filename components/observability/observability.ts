import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseBinding, ScrapeTarget, WebUi } from "../kit/bindings";
import { type Endpoint, externalEndpoint, httpUrl, inClusterEndpoint } from "../kit/endpoint";
import { engineTransforms } from "../kit/engineTransforms";
import type { FoundationView } from "../kit/platform";
import type { Published } from "../kit/published";
import { chartSource, deploysChart, KUBE_PROMETHEUS_STACK_CHART, observabilityPlacement, receiverSecretsNeeded, type StackConfig } from "../../stacks";
import { GRAFANA_PORT, GRAFANA_SERVICE, PROMETHEUS_PORT, PROMETHEUS_SERVICE, RELEASE } from "./charts";
import { chartExemptionsTransform } from "./chartExemptions";
import { assertUniqueTargets, serviceMonitorFor } from "./serviceMonitor";
import { receiverSecretKey, RECEIVER_SECRET } from "./alertmanagerConfig";
import { platformAlertRules, prometheusRuleSpec } from "./alertRules";
import { GeneratedSecret } from "../kit/generatedSecret";
import { PART_OF } from "../kit/labels";
import { kubePrometheusStackValues } from "./values";

/** The parts of the stack config the layer reads: Prometheus' and Grafana's blocks, where the chart comes from, the mirror. */
export type ObservabilitySettings = Pick<StackConfig, "services" | "charts" | "images" | "environment" | "namespaces" | "edge" | "externalCredentials">;

export interface ObservabilityArgs {
  config: ObservabilitySettings;
  /** The observability namespace, Prometheus' and Grafana's ServiceAccounts, Grafana's admin Secret, the storage class. */
  foundation: FoundationView;
  /** What Prometheus scrapes: one ServiceMonitor each, in the target's namespace. */
  targets: ScrapeTarget[];
  /** Grafana's database; required when Grafana runs in the cluster. */
  database?: DatabaseBinding;
}

/** The foundation's Secret with Grafana's admin user (keys username, password). */
const GRAFANA_ADMIN_SECRET = "grafana-admin";

/**
 * Metrics and dashboards: kube-prometheus-stack (Prometheus Operator, Prometheus, kube-state-metrics,
 * Grafana) in the observability namespace, and a ServiceMonitor per scrape target. External
 * Prometheus or Grafana: their configured endpoint, nothing deployed for them. Disabled: nothing.
 */
export class Observability extends pulumi.ComponentResource {
  /** Grafana for the edge to publish; undefined unless Grafana runs in the cluster. */
  readonly grafanaUi: WebUi | undefined;
  /** Where Prometheus answers (in the cluster or outside it); undefined when disabled. */
  readonly prometheusEndpoint: Endpoint | undefined;
  /** The command that prints Grafana's admin password; undefined unless Grafana runs in the cluster. */
  readonly grafanaAdminCommand: pulumi.Output<string> | undefined;
  /** With Prometheus in the cluster: what other layers' ServiceMonitors wait for (the monitoring CRDs). */
  readonly monitoringReady: pulumi.Resource[] | undefined;

  /** What Prometheus and Grafana publish, as their descriptors name it (components/kit/published.ts); none when not in use. */
  get published(): { prometheus?: Published; grafana?: Published } {
    return {
      ...(this.prometheusEndpoint ? { prometheus: { endpoints: { prometheus: httpUrl(this.prometheusEndpoint) }, webUis: [], scrapeTargets: [] } } : {}),
      ...(this.grafanaUi ? { grafana: { endpoints: {}, webUis: [this.grafanaUi], scrapeTargets: [] } } : {}),
    };
  }

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:observability:Observability", name, {}, opts);
    const { config, foundation } = args;
    const placement = observabilityPlacement(config.services);
    const namespace = foundation.namespaces.observability;
    const external = config.services.prometheus.external;
    const externalPrometheus = placement.prometheus === "external" && external ? externalEndpoint(external) : undefined;

    const grafanaAdmin = placement.grafana === "in-cluster" ? foundation.credentials[GRAFANA_ADMIN_SECRET] : undefined;
    const alerting = config.services.prometheus.alerting;
    // Alertmanager mounts the receivers' secrets (encrypted in the stack file) as files.
    const receiverSecret =
      placement.prometheus === "in-cluster" && alerting.alertmanager.enabled
        ? new GeneratedSecret(
            "alertmanager-receivers",
            {
              namespace,
              secretName: RECEIVER_SECRET,
              labels: { ...PART_OF, "app.kubernetes.io/name": "alertmanager" },
              keys: Object.fromEntries(
                receiverSecretsNeeded(alerting.receivers).map(({ receiver, field }) => {
                  const value = config.externalCredentials?.alertReceivers?.[receiver]?.[field];
                  if (value === undefined) throw new Error(`lakehouse:externalCredentials.alertReceivers.${receiver}.${field} is missing (the config checks should have said so)`);
                  return [receiverSecretKey(receiver, field), { given: value }];
                }),
              ),
            },
            { parent: this },
          )
        : undefined;
    const chart = deploysChart(placement)
      ? new k8s.helm.v4.Chart(
          "kube-prometheus-stack",
          {
            ...chartSource(KUBE_PROMETHEUS_STACK_CHART, config.charts),
            name: RELEASE,
            namespace,
            values: kubePrometheusStackValues({
              config,
              placement,
              storageClassName: foundation.storageClassName,
              serviceAccounts: { prometheus: foundation.serviceAccounts.prometheus, grafana: foundation.serviceAccounts.grafana },
              grafanaAdminSecret: grafanaAdmin?.secretName,
              grafanaDatabase: args.database,
              externalPrometheusUrl: externalPrometheus ? httpUrl(externalPrometheus) : undefined,
            }),
          },
          // Grafana migrates its schema at start: its role and database must exist.
          {
            parent: this,
            dependsOn: [...(placement.grafana === "in-cluster" ? (args.database?.ready ?? []) : []), ...(receiverSecret ? [receiverSecret.secret] : [])],
            transforms: engineTransforms([chartExemptionsTransform]),
          },
        )
      : undefined;
    // Names of the chart's Services, resolved once the chart is in: consumers then wait for it.
    const afterChart = (serviceName: string) => (chart ? chart.urn.apply(() => serviceName) : pulumi.output(serviceName));

    if (placement.prometheus === "in-cluster") {
      assertUniqueTargets(args.targets);
      for (const target of args.targets) {
        const monitor = serviceMonitorFor(target);
        // The ServiceMonitor CRD comes with the chart.
        new k8s.apiextensions.CustomResource(`${target.name}-monitor`, monitor, { parent: this, dependsOn: chart ? [chart] : [] });
      }
      // The platform's alerting rules, one PrometheusRule per service (alertRules.ts); the
      // operator hands them to Prometheus, which selects every rule.
      for (const group of platformAlertRules(config)) {
        new k8s.apiextensions.CustomResource(
          `${group.name}-rules`,
          {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: { name: group.name, namespace, labels: { ...PART_OF, "app.kubernetes.io/name": group.name } },
            spec: prometheusRuleSpec(group),
          },
          { parent: this, dependsOn: chart ? [chart] : [] },
        );
      }
    }

    this.monitoringReady = placement.prometheus === "in-cluster" ? (chart ? [chart] : []) : undefined;
    this.prometheusEndpoint = placement.prometheus === "in-cluster" ? inClusterEndpoint(afterChart(PROMETHEUS_SERVICE), namespace, PROMETHEUS_PORT) : externalPrometheus;
    this.grafanaUi = placement.grafana === "in-cluster" ? { name: "grafana", namespace, serviceName: afterChart(GRAFANA_SERVICE), port: GRAFANA_PORT } : undefined;
    this.grafanaAdminCommand = grafanaAdmin?.readCommand("password");
    this.registerOutputs({ grafanaUi: this.grafanaUi, prometheusEndpoint: this.prometheusEndpoint, grafanaAdminCommand: this.grafanaAdminCommand });
  }
}
