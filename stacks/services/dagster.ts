// Dagster: webserver, daemon and a code server; each run is a Kubernetes Job.
import { z } from "zod";
import { base, defineService, externalHost, metricsExporter, password, size } from "./descriptor";

export const dagster = defineService({
  schema: z.strictObject({ ...base, ...metricsExporter, external: externalHost.optional() }),
  images: { dagster: "docker.io/dagster/dagster-celery-k8s:1.11.9" },
  defaults: (pick, environment) => ({
    // Off on a laptop: Airflow is the dev stack's orchestrator.
    enabled: environment !== "dev",
    replicas: pick(1, 2, 2),
    resources: pick(size("250m", "512Mi", "500m", "1Gi"), size("500m", "1Gi", "1", "2Gi"), size("1", "2Gi", "2", "4Gi")),
    // The GraphQL exporter: one small Python process that asks the webserver once per scrape.
    metricsResources: size("10m", "48Mi", "100m", "96Mi"),
  }),
  endpoints: ["dagster"],
  metrics: true,
  namespace: "workflows",
  dependsOn: [
    { service: "postgres", binding: "database" },
    { service: "objectStore", binding: "objectStore", optional: true },
    // Assets query Trino over its in-cluster port.
    { service: "trino", binding: "query", optional: true },
  ],
  ui: true,
  // K8sRunLauncher starts a Job per run.
  serviceAccounts: [{ name: "dagster", apiAccess: "launch-jobs" }],
  credentials: [{ secretName: "dagster-database", keys: { username: { value: "dagster" }, password } }],
});
