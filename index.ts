// The lakehouse platform, one layer per component, wired by DNS names. Configuration is validated
// as a whole first: a bad value stops the program before any resource is registered.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { App } from "./components/apps/app";
import { appConsumers } from "./components/apps/appConsumers";
import { Catalog } from "./components/catalog/nessie";
import { Cluster } from "./components/cluster/cluster";
import { enterRenderMode } from "./components/cluster/renderMode";
import { Postgres } from "./components/data/postgres";
import { Valkey } from "./components/data/valkey";
import { Edge } from "./components/edge/edge";
import { Foundation } from "./components/foundation/foundation";
import { inClusterServices } from "./components/foundation/serviceCatalog";
import { required } from "./components/kit/bindings";
import { platformOf } from "./components/kit/platform";
import { collectPublished } from "./components/kit/published";
import { serviceConsumers, serviceContext } from "./components/kit/serviceContext";
import { uiUrl } from "./components/edge/hosts";
import { Observability } from "./components/observability/observability";
import { Trino } from "./components/query/trino";
import { FIRST_STORE, ObjectStore } from "./components/storage/objectStore";
import { Airflow } from "./components/workflows/airflow";
import { Dagster } from "./components/workflows/dagster";
import { type BindingKind, consumersOf, loadStackConfig, namespaceOf, type ServiceName } from "./stacks";

const config = loadStackConfig();
const { services } = config;

// npm run render: objects are written as YAML (names fixed, Secrets without data), nothing deployed.
if (config.render) enterRenderMode();
const cluster = new Cluster("cluster", { cluster: config.cluster, storage: config.storage, environment: config.environment, render: config.render });

// Default providers are disabled in every stack file: each resource names its provider.
const randomProvider = new random.Provider("random");
const providers = { providers: [cluster.provider, randomProvider] };

const foundation = new Foundation("foundation", { config, facts: cluster.facts }, providers);
// UIs are published at https://<ui>.<domain> when the stack has an edge.
const platform = platformOf(config, foundation, config.edge.enabled ? (ui) => uiUrl(ui, config) : undefined);

// Who reads and writes the object store, owns a database or uses the cache: the enabled
// in-cluster consumers their descriptors name (external ones bring their own).
const inCluster = inClusterServices(services);
const inClusterConsumers = (provider: ServiceName, binding: BindingKind) =>
  serviceConsumers(
    platform,
    consumersOf(provider, binding).filter(({ name }) => inCluster.has(name)),
  );
// Your apps (lakehouse:apps) consume them too, through their bindings.
const enabledApps = config.apps.filter((app) => app.enabled !== false);
const appConsumer = appConsumers(enabledApps, foundation.namespaces.services, providers);
const objectStoreConsumers = [...inClusterConsumers("objectStore", "objectStore"), ...appConsumer.objectStore];
const databaseConsumers = [...inClusterConsumers("postgres", "database"), ...appConsumer.database];
const cacheConsumers = [...inClusterConsumers("valkey", "cache"), ...appConsumer.cache];

// Each layer gets its own settings and slice of the foundation (serviceContext), and its
// dependencies as bindings; its children are named after it.
const objectStore = services.objectStore.enabled ? new ObjectStore(FIRST_STORE, { service: serviceContext(platform, "objectStore"), consumers: objectStoreConsumers }, providers) : undefined;
const postgres = services.postgres.enabled
  ? new Postgres("postgres", { service: serviceContext(platform, "postgres"), consumers: databaseConsumers, objectStore: objectStore?.bindings.postgres }, providers)
  : undefined;
const valkey = services.valkey.enabled ? new Valkey("valkey", { service: serviceContext(platform, "valkey"), consumers: cacheConsumers }, providers) : undefined;

const catalog = services.nessie.enabled
  ? new Catalog(
      "nessie",
      { service: serviceContext(platform, "nessie"), database: postgres?.bindings.nessie, objectStore: objectStore?.bindings.nessie, warehouse: services.objectStore.buckets[0] },
      // It was declared as "catalog": the alias keeps a deployed one in place.
      { ...providers, aliases: [{ name: "catalog" }] },
    )
  : undefined;
const trino = services.trino.enabled
  ? new Trino("trino", { service: serviceContext(platform, "trino"), catalog: required(catalog, "the catalog"), objectStore: objectStore?.bindings.trino }, providers)
  : undefined;
const airflow = services.airflow.enabled
  ? new Airflow(
      "airflow",
      { service: serviceContext(platform, "airflow"), database: postgres?.bindings.airflow, broker: valkey?.bindings.airflow, objectStore: objectStore?.bindings.airflow, trino: trino?.endpoint },
      providers,
    )
  : undefined;
const dagster = services.dagster.enabled
  ? new Dagster("dagster", { service: serviceContext(platform, "dagster"), database: postgres?.bindings.dagster, objectStore: objectStore?.bindings.dagster, trino: trino?.endpoint }, providers)
  : undefined;

// What each layer publishes (endpoints, UIs, scrape targets), keyed by service: the type makes a
// new service's entry required, and collecting checks each against its descriptor.
const serviceLayers = {
  objectStore: objectStore?.published,
  postgres: postgres?.published,
  valkey: valkey?.published,
  nessie: catalog?.published,
  trino: trino?.published,
  airflow: airflow?.published,
  dagster: dagster?.published,
};
const { scrapeTargets } = collectPublished({ ...serviceLayers, prometheus: undefined, grafana: undefined });
const observability = new Observability("observability", { config, foundation, targets: scrapeTargets, database: postgres?.bindings.grafana }, providers);
const published = collectPublished({ ...serviceLayers, prometheus: undefined, grafana: undefined, ...observability.published });

// Your own services (lakehouse:apps), in the services namespace, each through the workload kit,
// handed their bindings; NetworkPolicies let them reach exactly those services' pods.
const serviceNamespaces = Object.fromEntries([...inCluster].map((service) => [service, config.namespaces[namespaceOf(service)].name]));
const apps = enabledApps.map(
  (settings) =>
    new App(
      settings.name,
      {
        settings,
        namespace: foundation.namespaces.services,
        storageClassName: foundation.storageClassName,
        protect: config.environment === "prod",
        network: config.network.policy === "default-deny" ? { ingressControllerNamespace: config.network.ingressControllerNamespace, serviceNamespaces } : undefined,
        bindings: {
          database: settings.bindings?.database ? postgres?.bindings[settings.name] : undefined,
          objectStore: settings.bindings?.objectStore ? objectStore?.bindings[settings.name] : undefined,
          cache: settings.bindings?.cache && valkey ? { binding: valkey.bindings[settings.name], database: settings.bindings.cache.database } : undefined,
          trino: settings.bindings?.trino ? trino?.endpoint : undefined,
        },
      },
      providers,
    ),
);

// With Prometheus in the cluster, the edge has it scrape cert-manager (the certificate alerts).
const prometheusAccount = foundation.serviceAccounts.prometheus;
const monitoring =
  observability.monitoringReady && prometheusAccount ? { namespace: config.namespaces.observability.name, serviceAccountName: prometheusAccount, ready: observability.monitoringReady } : undefined;
const edge = new Edge("edge", { config, uis: [...published.webUis, ...apps.flatMap((app) => (app.webUi ? [app.webUi] : []))], monitoring }, providers);

export const environment = config.environment;
export const clusterFacts = cluster.facts;
/** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig` (a path for existing clusters). */
export const kubeconfig = cluster.kubeconfig;
export const namespaces = foundation.namespaces;
export const placeholderNamespaces = foundation.placeholderNamespaces;
export const serviceAccounts = foundation.serviceAccounts;
export const storageClassName = foundation.storageClassName;

/** Where each API answers inside the cluster (or outside it, for external services): DNS names only. */
export const endpoints = published.endpoints;
/** The web UIs through the edge layer (https://<ui>.<domain>), your apps' included. */
export const urls = edge.urls;
/** Your apps: where each answers in the cluster, and how to read each generated value (never the value). */
export const appEndpoints = Object.fromEntries(apps.map((app) => [app.appName, { dnsName: app.dnsName, generatedSecrets: app.generatedSecretCommands }]));
/** How to read each generated credential; never the credential itself. */
export const credentials = Object.fromEntries(
  Object.entries(foundation.credentials).map(([secretName, secret]) => [secretName, Object.fromEntries(Object.keys(secret.values).map((key) => [key, secret.readCommand(key)]))]),
) as Record<string, Record<string, pulumi.Output<string>>>;
