// Test support for the workflows layer (not a test itself): records what a component registers
// under Pulumi mocks, and builds a platform and bindings as the foundation and data layers would.
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, type StackConfig } from "../../stacks";
import { rawLakehouseConfig } from "../stackFiles";
import type { CacheBinding, DatabaseBinding, ObjectStoreBinding } from "../../components/kit/bindings";
import { inClusterEndpoint } from "../../components/kit/endpoint";
import { GeneratedSecret } from "../../components/kit/generatedSecret";
import { imageFor } from "../../components/kit/images";
import type { Platform } from "../../components/kit/platform";
import { uiUrl } from "../../components/edge/hosts";
import { recordingMocks, type Registered } from "./components";

export type { Registered } from "./components";

let record: ((declare: () => void) => Promise<Registered[]>) | undefined;

export async function useMocks(): Promise<void> {
  record = await recordingMocks();
}

/** Builds something under mocks and returns only what it registered. */
export async function registrationsOf(build: () => unknown): Promise<Registered[]> {
  if (!record) throw new Error("call useMocks() first");
  return record(() => void build());
}

/** Values no manifest may contain: the tests hand them over only inside Secrets. */
export const SENTINELS = {
  fernetKey: "sentinel-fernet-key",
  apiSecretKey: "sentinel-api-secret-key",
  jwtSecret: "sentinel-jwt-secret",
  adminPassword: "sentinel-admin-password",
  databasePassword: "sentinel-database-password",
  brokerPassword: "sentinel-broker-password",
} as const;

export function stagingConfig(change?: (config: StackConfig) => void): StackConfig {
  const config = parseStackConfig(rawLakehouseConfig("staging"), "staging");
  change?.(config);
  return config;
}

const PLATFORM_NAMESPACE = "lakehouse-platform";

/** The platform as the foundation hands it over, with the workflows layer's credentials. */
export function fakePlatform(config: StackConfig, resourcePrefix = ""): Platform {
  const namespace = pulumi.output(config.namespaces.workflows.name);
  const secret = (secretName: string, keys: Record<string, string>) =>
    new GeneratedSecret(`${resourcePrefix}${secretName}`, { namespace, secretName, keys: Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, { given: value }])) });
  const credentials = {
    "airflow-keys": secret("airflow-keys", {
      fernetKey: SENTINELS.fernetKey,
      apiSecretKey: SENTINELS.apiSecretKey,
      jwtSecret: SENTINELS.jwtSecret,
      adminUsername: "admin",
      adminPassword: SENTINELS.adminPassword,
    }),
    "airflow-database": secret("airflow-database", { username: "airflow", password: SENTINELS.databasePassword }),
    "dagster-database": secret("dagster-database", { username: "dagster", password: SENTINELS.databasePassword }),
    "valkey-auth": secret("valkey-auth", { password: SENTINELS.brokerPassword }),
  };
  return {
    config,
    foundation: {
      namespaces: { platform: pulumi.output(PLATFORM_NAMESPACE), workflows: namespace, services: pulumi.output("lakehouse-services"), observability: pulumi.output("lakehouse-observability") },
      serviceAccounts: { airflow: pulumi.output("airflow"), dagster: pulumi.output("dagster") },
      credentials,
      storageClassName: pulumi.output("lakehouse-data"),
    },
    image: (name) => imageFor(name, config.images),
    ...(config.edge.enabled ? { publicUrl: (ui: string) => uiUrl(ui, config) } : {}),
  };
}

export function fakeDatabase(name: "airflow" | "dagster"): DatabaseBinding {
  return {
    endpoint: inClusterEndpoint("postgres", PLATFORM_NAMESPACE, 5432),
    database: name,
    secret: { name: `${name}-database`, keys: { username: "username", password: "password" } },
    ready: [],
  };
}

export function fakeBroker(): CacheBinding {
  return { endpoint: inClusterEndpoint("valkey", PLATFORM_NAMESPACE, 6379), secret: { name: "valkey-auth", keys: { password: "password" } }, ready: [] };
}

export function fakeObjectStore(consumer: string): ObjectStoreBinding {
  return {
    endpoint: inClusterEndpoint("object-store", PLATFORM_NAMESPACE, 3900),
    region: "garage",
    pathStyle: true,
    warehouseBucket: "warehouse",
    secret: { name: `${consumer}-object-store`, keys: { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" } },
    ready: [],
  };
}

export const PLATFORM_DNS = (service: string) => `${service}.${PLATFORM_NAMESPACE}.svc.cluster.local`;

// ——— Reading what was registered ———

const POD_BEARING: Record<string, (inputs: any) => any> = {
  "kubernetes:apps/v1:Deployment": (inputs) => inputs.spec.template.spec,
  "kubernetes:apps/v1:StatefulSet": (inputs) => inputs.spec.template.spec,
  "kubernetes:batch/v1:Job": (inputs) => inputs.spec.template.spec,
};

export interface PodOf {
  resource: Registered;
  spec: any;
}

export function pods(from: Registered[]): PodOf[] {
  return from.filter((r) => r.type in POD_BEARING).map((resource) => ({ resource, spec: POD_BEARING[resource.type](resource.inputs) }));
}

export function ofType(type: string, from: Registered[]): Registered[] {
  return from.filter((r) => r.type === type);
}

export function named(type: string, name: string, from: Registered[]): Registered {
  const found = from.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}; registered: ${from.map((r) => `${r.type}::${r.name}`).join(", ")}`);
  return found;
}

/** Every string in an object, with its path. */
export function strings(node: unknown, path = ""): Array<{ path: string; text: string }> {
  if (typeof node === "string") return [{ path, text: node }];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => strings(value, `${path}.${key}`));
}
