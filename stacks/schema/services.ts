import { z } from "zod";
import { dnsName, endpointUrl, port, positiveInt, resources, storageSize } from "./primitives";

/** A module runs in the cluster or is an endpoint elsewhere (contract section 7). */
export const SERVICE_MODES = ["in-cluster", "external"] as const;

const externalHost = z.strictObject({ host: dnsName, port, tls: z.boolean() });

/** What every service shares: a switch, where it runs, and its size in this stack. */
const base = {
  enabled: z.boolean(),
  mode: z.enum(SERVICE_MODES),
  replicas: positiveInt,
  resources,
};

const stateful = { ...base, storageSize };

export const services = z.strictObject({
  objectStore: z.strictObject({
    ...stateful,
    engine: z.enum(["garage", "minio"]),
    external: z.strictObject({ endpoint: endpointUrl, region: z.string().min(1) }).optional(),
  }),
  postgres: z.strictObject({ ...stateful, external: externalHost.optional() }),
  valkey: z.strictObject({ ...stateful, external: externalHost.optional() }),
  nessie: z.strictObject({ ...base, external: externalHost.optional() }),
  trino: z.strictObject({
    ...base,
    workers: z.strictObject({ replicas: positiveInt, resources }),
    external: externalHost.optional(),
  }),
  airflow: z.strictObject({ ...base, external: externalHost.optional() }),
  dagster: z.strictObject({ ...base, external: externalHost.optional() }),
  prometheus: z.strictObject({ ...stateful, external: externalHost.optional() }),
  grafana: z.strictObject({ ...base, external: externalHost.optional() }),
});
export type ServicesConfig = z.infer<typeof services>;
export type ServiceName = keyof ServicesConfig;
