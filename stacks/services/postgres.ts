// PostgreSQL: one server in the cluster (a role and database per consumer), or an external one.
import { z } from "zod";
import { defineService, externalHost, metricsExporter, password, size, stateful } from "./descriptor";

export const postgres = defineService({
  schema: z.strictObject({ ...stateful, ...metricsExporter, external: externalHost.optional() }),
  images: { postgres: "docker.io/library/postgres:17.6", postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1" },
  defaults: (pick) => ({
    replicas: 1,
    resources: pick(size("250m", "256Mi", "500m", "512Mi"), size("1", "2Gi", "2", "4Gi"), size("2", "8Gi", "4", "8Gi")),
    storageSize: pick("5Gi", "50Gi", "200Gi"),
    // postgres_exporter: one Go process and one connection, whatever the database's size.
    metricsResources: size("10m", "32Mi", "100m", "64Mi"),
  }),
  endpoints: ["postgres"],
  metrics: true,
  namespace: "platform",
  dependsOn: [],
  singleInstance: '1 (for high availability use a managed database: mode "external")',
  // The Job that creates each consumer's role and database runs against an external server too.
  serviceAccounts: [{ name: "postgres", whenExternal: true }],
  credentials: [{ secretName: "postgres-superuser", keys: { username: { value: "postgres" }, password } }],
});
