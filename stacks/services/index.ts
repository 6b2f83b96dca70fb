// The registry of services. Everything that lists services derives from it: the
// `lakehouse:services` schema and its defaults, the dependency checks, the foundation's
// ServiceAccounts and credentials, and which services consume which binding.
// Adding a service: docs/adding-a-service.md.
import { z } from "zod";
import type { Environment, NamespaceRole } from "../schema/platform";
import { type ApiAccess, type BindingKind, type GeneratedKeySpec, type JsonObject, pickerFor, type ServiceDescriptor } from "./descriptor";
import { airflow } from "./airflow";
import { dagster } from "./dagster";
import { grafana } from "./grafana";
import { nessie } from "./nessie";
import { objectStore } from "./objectStore";
import { postgres } from "./postgres";
import { prometheus } from "./prometheus";
import { trino } from "./trino";
import { valkey } from "./valkey";

export { OBJECT_STORE_ENGINES } from "./objectStore";
export { EXAMPLE_CODE_LOCATION } from "./dagster";
export { SERVICE_MODES, type ApiAccess, type BindingKind, type GeneratedKeySpec, type JsonObject } from "./descriptor";

/** In dependency order: a service comes after what it depends on. */
export const SERVICES = { objectStore, postgres, valkey, nessie, trino, airflow, dagster, prometheus, grafana } as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

const descriptor = (name: ServiceName): ServiceDescriptor => SERVICES[name];

// A descriptor that names a service the registry lacks, or one after itself, is a programming
// error: it fails every run and every test, before any config is read.
SERVICE_NAMES.forEach((name, index) => {
  for (const { service } of descriptor(name).dependsOn) {
    const at = SERVICE_NAMES.indexOf(service as ServiceName);
    if (at < 0 || at >= index) throw new Error(`service descriptor ${name}: depends on "${service}", which is ${at < 0 ? "not a service" : "not registered before it"}`);
  }
});

/** Images of no one service: the tools the deploy-time Tasks run. */
const TOOL_IMAGES = { curl: "docker.io/curlimages/curl:8.15.0" } as const;

export type ImageName = { [Name in ServiceName]: keyof (typeof SERVICES)[Name]["images"] }[ServiceName] | keyof typeof TOOL_IMAGES;

/** Every upstream image the platform runs, pinned. */
export const PINNED_IMAGES = Object.assign({}, ...SERVICE_NAMES.map((name) => SERVICES[name].images), TOOL_IMAGES) as Record<ImageName, string>;
export const IMAGE_NAMES = Object.keys(PINNED_IMAGES) as [ImageName, ...ImageName[]];

type Schemas = { [Name in ServiceName]: (typeof SERVICES)[Name]["schema"] };
export const services = z.strictObject(Object.fromEntries(SERVICE_NAMES.map((name) => [name, SERVICES[name].schema])) as Schemas);
export type ServicesConfig = z.infer<typeof services>;

/** Every service's defaults for one environment: in the cluster and enabled unless its descriptor says otherwise. */
export function servicesDefaults(environment: Environment): JsonObject {
  const pick = pickerFor(environment);
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, { enabled: true, mode: "in-cluster", ...descriptor(name).defaults(pick, environment) }]));
}

/** [consumer, dependency] for every dependency a service cannot run without. */
export const REQUIRED_DEPENDENCIES: Array<[ServiceName, ServiceName]> = SERVICE_NAMES.flatMap((name) =>
  descriptor(name)
    .dependsOn.filter((dependency) => !dependency.optional)
    .map((dependency): [ServiceName, ServiceName] => [name, dependency.service as ServiceName]),
);

/** Replicas accepted in the cluster by services that run one instance there, by service. */
export const SINGLE_INSTANCE = Object.fromEntries(SERVICE_NAMES.flatMap((name) => (descriptor(name).singleInstance ? [[name, descriptor(name).singleInstance]] : []))) as Partial<
  Record<ServiceName, string>
>;

export const namespaceOf = (name: ServiceName): NamespaceRole => descriptor(name).namespace;

export interface ServiceAccount {
  service: ServiceName;
  name: string;
  namespace: NamespaceRole;
  apiAccess?: ApiAccess;
  whenExternal?: true;
}

export const SERVICE_ACCOUNTS: ServiceAccount[] = SERVICE_NAMES.flatMap((service) => descriptor(service).serviceAccounts.map((account) => ({ service, namespace: namespaceOf(service), ...account })));

export interface Credential {
  service: ServiceName;
  secretName: string;
  namespace: NamespaceRole;
  keys: Record<string, GeneratedKeySpec>;
}

export const CREDENTIALS: Credential[] = SERVICE_NAMES.flatMap((service) => descriptor(service).credentials.map((credential) => ({ service, namespace: namespaceOf(service), ...credential })));

/** Services whose descriptors depend on `provider` (with a binding of this kind, if given), in registry order. */
export function dependentsOf(provider: ServiceName, binding?: BindingKind): ServiceName[] {
  return SERVICE_NAMES.filter((name) => descriptor(name).dependsOn.some((d) => d.service === provider && (binding === undefined || d.binding === binding)));
}

/** Services that take a binding of this kind from `provider`, in registry order. */
export function consumersOf(provider: ServiceName, binding: BindingKind): Array<{ name: ServiceName; namespaceRole: NamespaceRole }> {
  return dependentsOf(provider, binding).map((name) => ({
    name,
    namespaceRole: namespaceOf(name),
  }));
}
