// Valkey, the Redis-compatible cache and Celery broker, or an external Redis-compatible server.
import { z } from "zod";
import { defineService, externalHost, metricsExporter, password, size, stateful } from "./descriptor";

export const valkey = defineService({
  schema: z.strictObject({ ...stateful, ...metricsExporter, external: externalHost.optional() }),
  images: { valkey: "docker.io/valkey/valkey:8.1.3", valkeyExporter: "docker.io/oliver006/redis_exporter:v1.74.0" },
  defaults: (pick) => ({
    replicas: 1,
    resources: pick(size("100m", "128Mi", "250m", "256Mi"), size("250m", "512Mi", "500m", "1Gi"), size("500m", "1Gi", "1", "2Gi")),
    storageSize: pick("1Gi", "5Gi", "10Gi"),
    // redis_exporter: one Go process, whatever the cache's size.
    metricsResources: size("10m", "32Mi", "100m", "64Mi"),
  }),
  endpoints: ["valkey"],
  metrics: true,
  namespace: "platform",
  dependsOn: [],
  singleInstance: '1 (for high availability use a managed Redis-compatible service: mode "external")',
  serviceAccounts: [{ name: "valkey" }],
  credentials: [{ secretName: "valkey-auth", keys: { password } }],
});
