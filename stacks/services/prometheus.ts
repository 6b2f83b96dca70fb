// Prometheus through kube-prometheus-stack: the operator, Prometheus, kube-state-metrics.
import { z } from "zod";
import { alerting } from "../schema/alerting";
import { resources } from "../schema/primitives";
import { defineService, externalHost, size, stateful } from "./descriptor";

export const prometheus = defineService({
  schema: z.strictObject({
    ...stateful,
    /** The chart's helpers around Prometheus: the operator, kube-state-metrics, the config reloader sidecar. */
    operatorResources: resources.describe("the Prometheus operator"),
    kubeStateMetricsResources: resources.describe("kube-state-metrics"),
    configReloaderResources: resources.describe("Prometheus' config reloader sidecar"),
    alerting: alerting.describe("Alertmanager, its receivers and the rules' runbooks (docs/operations/alerts.md); the platform's alerting rules load whenever Prometheus runs here"),
    external: externalHost.optional(),
  }),
  // The chart pins its own images (components/observability).
  images: {},
  defaults: (pick) => ({
    replicas: pick(1, 1, 2),
    resources: pick(size("200m", "384Mi", "500m", "1Gi"), size("500m", "2Gi", "1", "4Gi"), size("1", "8Gi", "2", "8Gi")),
    storageSize: pick("5Gi", "50Gi", "200Gi"),
    operatorResources: pick(size("50m", "64Mi", "200m", "128Mi"), size("100m", "128Mi", "500m", "256Mi"), size("200m", "256Mi", "1", "512Mi")),
    kubeStateMetricsResources: pick(size("20m", "64Mi", "100m", "128Mi"), size("50m", "128Mi", "200m", "256Mi"), size("100m", "256Mi", "500m", "512Mi")),
    configReloaderResources: pick(size("10m", "32Mi", "50m", "64Mi"), size("10m", "32Mi", "100m", "64Mi"), size("20m", "32Mi", "100m", "64Mi")),
    alerting: {
      // Off on a laptop: the rules still load, and their alerts show in Prometheus.
      alertmanager: {
        enabled: pick(false, true, true),
        replicas: pick(1, 1, 2),
        resources: pick(size("10m", "32Mi", "100m", "64Mi"), size("20m", "64Mi", "200m", "128Mi"), size("50m", "128Mi", "500m", "256Mi")),
        storageSize: pick("1Gi", "2Gi", "5Gi"),
      },
      receivers: [],
      route: { groupBy: ["alertname", "namespace", "service"], groupWait: "30s", groupInterval: "5m", repeatInterval: pick("12h", "4h", "4h") },
      runbookBaseUrl: "docs/operations/alerts.md",
    },
  }),
  endpoints: ["prometheus"],
  namespace: "observability",
  dependsOn: [],
  // Service discovery of scrape targets in each lakehouse namespace.
  serviceAccounts: [{ name: "prometheus", apiAccess: "discover-targets" }],
  credentials: [],
});
