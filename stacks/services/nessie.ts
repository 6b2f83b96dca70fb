// Nessie, the Iceberg catalog with its REST API, versioned in PostgreSQL.
import { z } from "zod";
import { base, defineService, externalHost, password, size } from "./descriptor";

export const nessie = defineService({
  schema: z.strictObject({ ...base, external: externalHost.optional() }),
  images: { nessie: "ghcr.io/projectnessie/nessie:0.104.3" },
  defaults: (pick) => ({
    replicas: pick(1, 2, 3),
    resources: pick(size("200m", "384Mi", "500m", "768Mi"), size("500m", "1Gi", "1", "2Gi"), size("1", "2Gi", "2", "4Gi")),
  }),
  endpoints: ["icebergRest"],
  metrics: true,
  namespace: "platform",
  dependsOn: [
    { service: "postgres", binding: "database" },
    { service: "objectStore", binding: "objectStore" },
  ],
  ui: true,
  serviceAccounts: [{ name: "nessie" }],
  credentials: [{ secretName: "nessie-database", keys: { username: { value: "nessie" }, password } }],
});
