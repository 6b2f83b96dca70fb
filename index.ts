// The lakehouse platform, one layer per component, wired by DNS names. Configuration is validated
// as a whole first: a bad value stops the program before any resource is registered.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Catalog } from "./components/catalog/nessie";
import { Cluster } from "./components/cluster/cluster";
import { Postgres } from "./components/data/postgres";
import { Valkey } from "./components/data/valkey";
import { Edge } from "./components/edge/edge";
import { Foundation } from "./components/foundation/foundation";
import type { ScrapeTarget, WebUi } from "./components/kit/bindings";
import { httpUrl } from "./components/kit/endpoint";
import { platformOf } from "./components/kit/platform";
import { Observability } from "./components/observability/observability";
import { Trino } from "./components/query/trino";
import { ObjectStore } from "./components/storage/objectStore";
import { Airflow } from "./components/workflows/airflow";
import { Dagster } from "./components/workflows/dagster";
import { loadStackConfig } from "./stacks";

const config = loadStackConfig();
const { services } = config;

const cluster = new Cluster("cluster", { cluster: config.cluster, storage: config.storage, environment: config.environment });

// Default providers are disabled in every stack file: each resource names its provider.
const randomProvider = new random.Provider("random");
const providers = { providers: [cluster.provider, randomProvider] };

const foundation = new Foundation("foundation", { config, facts: cluster.facts }, providers);
const platform = platformOf(config, foundation);

// Who reads and writes the object store and who owns a database, by the namespace they run in.
const objectStoreConsumers = [
  ...(services.nessie.enabled && services.nessie.mode === "in-cluster" ? [{ name: "nessie", namespaceRole: "platform" as const }] : []),
  ...(services.trino.enabled && services.trino.mode === "in-cluster" ? [{ name: "trino", namespaceRole: "platform" as const }] : []),
  ...(services.airflow.enabled && services.airflow.mode === "in-cluster" ? [{ name: "airflow", namespaceRole: "workflows" as const }] : []),
  ...(services.dagster.enabled && services.dagster.mode === "in-cluster" ? [{ name: "dagster", namespaceRole: "workflows" as const }] : []),
];
const databaseConsumers = objectStoreConsumers.filter((consumer) => consumer.name !== "trino");

const objectStore = services.objectStore.enabled ? new ObjectStore("object-store", { platform, consumers: objectStoreConsumers }, providers) : undefined;
const postgres = services.postgres.enabled ? new Postgres("postgres", { platform, consumers: databaseConsumers }, providers) : undefined;
const valkey = services.valkey.enabled
  ? new Valkey("valkey", { platform, consumers: services.airflow.enabled && services.airflow.mode === "in-cluster" ? [{ name: "airflow", namespaceRole: "workflows" }] : [] }, providers)
  : undefined;

const need = <T>(layer: T | undefined, what: string): T => {
  // The config checks refuse a consumer without its dependency; this only guards the wiring.
  if (!layer) throw new Error(`${what} is required by an enabled service`);
  return layer;
};

const catalog = services.nessie.enabled
  ? new Catalog("catalog", { platform, database: postgres?.bindings.nessie, objectStore: objectStore?.bindings.nessie }, providers)
  : undefined;
const trino = services.trino.enabled
  ? new Trino("trino", { platform, catalog: need(catalog, "nessie"), objectStore: objectStore?.bindings.trino }, providers)
  : undefined;
const airflow = services.airflow.enabled
  ? new Airflow("airflow", { platform, database: need(postgres, "postgres").bindings.airflow ?? externalOnly(), broker: need(valkey, "valkey").bindings.airflow ?? externalOnly(), objectStore: objectStore?.bindings.airflow }, providers)
  : undefined;
const dagster = services.dagster.enabled
  ? new Dagster("dagster", { platform, database: need(postgres, "postgres").bindings.dagster ?? externalOnly(), objectStore: objectStore?.bindings.dagster }, providers)
  : undefined;

const scrapeTargets: ScrapeTarget[] = [objectStore, postgres, valkey, catalog, trino, airflow, dagster].flatMap((layer) => layer?.scrapeTargets ?? []);
const observability = new Observability("observability", { platform, targets: scrapeTargets }, providers);

const uis: WebUi[] = [trino?.webUi, catalog?.webUi, airflow?.webUi, dagster?.webUi, observability.grafanaUi, objectStore?.consoleUi].filter((ui): ui is WebUi => ui !== undefined);
const edge = new Edge("edge", { platform, uis }, providers);

/**
 * An external consumer (mode "external") gets no binding, and is never constructed with one;
 * the layer classes return early in external mode before reading it.
 */
function externalOnly(): never {
  return undefined as never;
}

export const environment = config.environment;
export const clusterFacts = cluster.facts;
/** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig` (a path for existing clusters). */
export const kubeconfig = cluster.kubeconfig;
export const namespaces = foundation.namespaces;
export const placeholderNamespaces = foundation.placeholderNamespaces;
export const serviceAccounts = foundation.serviceAccounts;
export const storageClassName = foundation.storageClassName;

/** Where each API answers inside the cluster (or outside it, for external services): DNS names only. */
export const endpoints = {
  objectStoreS3: objectStore ? httpUrl(objectStore.endpoint) : undefined,
  postgres: postgres ? pulumi.interpolate`${postgres.endpoint.host}:${postgres.endpoint.port}` : undefined,
  valkey: valkey ? pulumi.interpolate`${valkey.endpoint.host}:${valkey.endpoint.port}` : undefined,
  icebergRest: catalog?.icebergRestUri,
  trino: trino ? httpUrl(trino.endpoint) : undefined,
  trinoJdbc: trino?.jdbcUrl,
  airflow: airflow ? httpUrl(airflow.apiServer) : undefined,
  dagster: dagster ? httpUrl(dagster.webserver) : undefined,
  prometheus: observability.prometheusEndpoint ? httpUrl(observability.prometheusEndpoint) : undefined,
};
/** The web UIs through the edge layer (https://<ui>.<domain>). */
export const urls = edge.urls;
/** How to read each generated credential; never the credential itself. */
export const credentials = Object.fromEntries(
  Object.entries(foundation.credentials).map(([secretName, secret]) => [
    secretName,
    Object.fromEntries(Object.keys(secret.values).map((key) => [key, secret.readCommand(key)])),
  ]),
) as Record<string, Record<string, pulumi.Output<string>>>;
