// Grafana, with Prometheus as its data source.
import { z } from "zod";
import { resources } from "../schema/primitives";
import { base, defineService, externalHost, password, size } from "./descriptor";

export const grafana = defineService({
  schema: z.strictObject({
    ...base,
    /** Each of Grafana's sidecars (dashboards and datasources loaded from ConfigMaps). */
    sidecarResources: resources.describe("each of Grafana's sidecars (dashboards and data sources from ConfigMaps)"),
    external: externalHost.optional(),
  }),
  images: {},
  defaults: (pick) => ({
    replicas: pick(1, 1, 2),
    resources: pick(size("100m", "128Mi", "250m", "256Mi"), size("100m", "256Mi", "500m", "512Mi"), size("250m", "512Mi", "1", "1Gi")),
    sidecarResources: pick(size("10m", "64Mi", "100m", "128Mi"), size("20m", "64Mi", "200m", "128Mi"), size("50m", "128Mi", "200m", "256Mi")),
  }),
  endpoints: [],
  // Scraped through the chart's own ServiceMonitor.
  metrics: true,
  namespace: "observability",
  // Grafana's users, dashboards and sessions live in PostgreSQL, shared by its replicas.
  dependsOn: [
    { service: "prometheus", binding: "metrics" },
    { service: "postgres", binding: "database" },
  ],
  ui: true,
  serviceAccounts: [{ name: "grafana" }],
  credentials: [
    { secretName: "grafana-admin", keys: { username: { value: "admin" }, password } },
    { secretName: "grafana-database", keys: { username: { value: "grafana" }, password } },
  ],
});
