// Trino: one coordinator and a pool of workers, querying Iceberg tables through the catalog.
import { z } from "zod";
import { base, defineService, externalHost, password, size, workers } from "./descriptor";

export const trino = defineService({
  schema: z.strictObject({
    ...base,
    workers,
    /**
     * Who may query over the Service's plain HTTP port, where Trino takes no password: "user-name"
     * (any user name, no password: orchestrators in the cluster query this way, and network policies
     * limit who reaches the port) or "none" (every query comes through the edge, with a password).
     */
    inClusterLogins: z
      .enum(["user-name", "none"])
      .describe(
        "who may query over the in-cluster HTTP port, where Trino takes no password: any user name (network policies limit who reaches it), or none (every query through the edge, with a password)",
      ),
    external: externalHost.optional(),
  }),
  images: { trino: "docker.io/trinodb/trino:476" },
  defaults: (pick) => ({
    inClusterLogins: "user-name",
    replicas: 1,
    resources: pick(size("500m", "1Gi", "1", "1536Mi"), size("2", "8Gi", "4", "8Gi"), size("4", "16Gi", "8", "16Gi")),
    workers: {
      replicas: pick(1, 3, 6),
      // Dev's worker asks for less than its limit: a laptop runs few, small queries.
      resources: pick(size("500m", "768Mi", "1", "1536Mi"), size("2", "8Gi", "4", "8Gi"), size("4", "32Gi", "8", "32Gi")),
    },
  }),
  endpoints: ["trino", "trinoJdbc"],
  metrics: true,
  namespace: "platform",
  dependsOn: [
    { service: "nessie", binding: "catalog" },
    { service: "objectStore", binding: "objectStore" },
  ],
  ui: true,
  singleInstance: "1 (one coordinator; scale lakehouse:services.trino.workers.replicas instead)",
  serviceAccounts: [{ name: "trino-coordinator" }, { name: "trino-worker" }],
  credentials: [
    { secretName: "trino-internal", keys: { sharedSecret: { length: 64 } } },
    // Trino's admin login; the coordinator gets only the password's bcrypt hash (its password file).
    { secretName: "trino-admin", keys: { username: { value: "admin" }, password } },
  ],
});
