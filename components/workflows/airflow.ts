// Airflow 3 with the CeleryExecutor: metadata and task results in PostgreSQL, the task queue in
// Valkey, from raw manifests through the workload kit (no chart, so it deploys without a chart
// repository). A migrate Task and an admin-user Task run first; then the api-server, scheduler,
// dag processor, triggerer and Celery workers, all from one image, one ConfigMap and one environment.
// In external mode nothing is deployed: the api-server is the operator's endpoint.
import * as pulumi from "@pulumi/pulumi";
import { type CacheBinding, type DatabaseBinding, type ObjectStoreBinding, required, type ScrapeTarget, type WebUi } from "../kit/bindings";
import { ConfigFiles } from "../kit/configFiles";
import { type Endpoint, configuredExternalEndpoint, httpUrl, inClusterEndpoint } from "../kit/endpoint";
import type { ServiceContext } from "../kit/serviceContext";
import type { Published } from "../kit/published";
import { type PodIdentity, standardLabels } from "../kit/podSpec";
import { Task } from "../kit/task";
import { Workload } from "../kit/workload";
import { AIRFLOW_PATHS, AIRFLOW_PORTS, apiServerWorkers, remoteLogFolder, renderAirflowCfg, workerConcurrency } from "./airflowConfig";
import {
  adminUserContainer,
  type AirflowContainerBase,
  apiServerContainer,
  dagProcessorContainer,
  migrateContainer,
  schedulerContainer,
  triggererContainer,
  WORKER_GRACE_SECONDS,
  workerContainer,
} from "./airflowContainers";
import { dagBundleConfigList, EXAMPLE_BUNDLE, gitConnectionEnvironment } from "./airflowBundles";
import { adminEnvironment, AIRFLOW_CFG, airflowEnvironment, CONNECTION_SCRIPT, OBJECT_STORE_CONNECTION_ID, objectStoreEnvironment } from "./airflowEnvironment";
import { PublishExampleDags } from "./airflowExampleTask";
import { CONNECTION_URL_SCRIPT, SMOKE_DAG } from "./airflowFiles";
import { STATSD_EXPORTER_UID, statsdExporterContainer } from "./statsdExporter";

export interface AirflowArgs {
  service: ServiceContext<"airflow">;
  /** The metadata database (also Celery's result backend); its Secret is in the workflows namespace. Required in-cluster. */
  database?: DatabaseBinding;
  /** Valkey (or an external Redis): the Celery broker. Required in-cluster. */
  broker?: CacheBinding;
  /**
   * Present: task logs are kept there (lakehouse:services.airflow.remoteLogs), and tasks get it as
   * Airflow connection `lakehouse_s3`, with the consumer's own key. Absent: logs stay on the pods.
   */
  objectStore?: ObjectStoreBinding;
  /** Trino's in-cluster endpoint, handed to tasks as LAKEHOUSE_TRINO_URL (the example DAG queries it). */
  trino?: Endpoint;
}

const APP = "airflow";
// The apache/airflow image's user: uid 50000 in group 0, which owns the image's files.
const AIRFLOW_UID = 50000;
const AIRFLOW_GID = 0;
const KEYS_SECRET = "airflow-keys";
const SMOKE_DAG_FILE = "lakehouse_smoke.py";

export class Airflow extends pulumi.ComponentResource {
  /** The api-server: REST API, UI and the Execution API tasks call. */
  readonly apiServer: Endpoint;
  /** What the edge layer publishes as airflow.<domain>; none in external mode. */
  readonly webUi?: WebUi;
  /** The StatsD exporter's /metrics; none in external mode. */
  readonly scrapeTargets: ScrapeTarget[];
  /** The kubectl commands that print the FAB admin's user name and password; none in external mode. */
  readonly adminCredentialCommands?: { username: pulumi.Output<string>; password: pulumi.Output<string> };
  /** What consumers wait for: the running api-server, scheduler and workers. */
  readonly ready: pulumi.Resource[] = [];

  /** Its endpoints, UIs and scrape targets, as its descriptor names them (components/kit/published.ts). */
  get published(): Published {
    return { endpoints: { airflow: httpUrl(this.apiServer) }, webUis: this.webUi ? [this.webUi] : [], scrapeTargets: this.scrapeTargets };
  }

  constructor(name: string, args: AirflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:workflows:Airflow", name, {}, opts);
    const { service, objectStore, trino } = args;
    const { settings } = service;
    if (!settings.enabled) throw new Error("lakehouse:services.airflow is disabled: declare Airflow only when it is enabled");

    if (settings.mode === "external") {
      this.apiServer = configuredExternalEndpoint("airflow", settings.external);
      this.scrapeTargets = [];
      this.registerOutputs({ apiServer: this.apiServer });
      return;
    }

    const database = required(args.database, "a database binding");
    const broker = required(args.broker, "a broker binding");
    const { namespace } = service;
    const keys = service.credentials[KEYS_SECRET];
    const serviceAccountName = service.serviceAccounts.airflow;
    if (!keys || !serviceAccountName) throw new Error("the foundation has no airflow-keys Secret or airflow ServiceAccount: is Airflow enabled in-cluster?");
    const names = {
      config: `${name}-config`,
      apiServer: `${name}-api-server`,
      scheduler: `${name}-scheduler`,
      dagProcessor: `${name}-dag-processor`,
      triggerer: `${name}-triggerer`,
      worker: `${name}-worker`,
      statsd: `${name}-statsd`,
    };
    // Known before the Services exist, so the configuration does not wait for them.
    this.apiServer = inClusterEndpoint(names.apiServer, namespace, AIRFLOW_PORTS.apiServer);
    const statsdHost = inClusterEndpoint(names.statsd, namespace, AIRFLOW_PORTS.statsd).host;

    // Published by the edge, the UI's links and login redirects name its public URL, and the
    // api-server sits behind the edge's proxy. The trailing slash matters: Airflow appends paths
    // to base_url as it is (task log URLs are "{base_url}dags/...").
    // The UI is published under the component's name (https://<name>.<domain>).
    const edgeUrl = service.publicUrl?.(name);
    const publicUrl = edgeUrl === undefined ? undefined : `${edgeUrl}/`;
    // The example bundle is written by a Task below; the others are the operator's to fill.
    const bundles = [...settings.dagBundles, ...(settings.exampleDags ? [EXAMPLE_BUNDLE] : [])];
    const dagBundles = dagBundleConfigList(bundles, objectStore?.warehouseBucket);
    const cfg = pulumi.all([httpUrl(this.apiServer), statsdHost]).apply(([apiServerUrl, host]) =>
      renderAirflowCfg({
        apiServerUrl,
        publicUrl,
        statsdHost: host,
        apiWorkers: apiServerWorkers(settings.resources),
        workerConcurrency: workerConcurrency(settings.workers.resources),
        remoteLogs: objectStore && { folder: remoteLogFolder(settings.remoteLogs, objectStore.warehouseBucket), connectionId: OBJECT_STORE_CONNECTION_ID },
        dagBundles,
      }),
    );
    const data = { [AIRFLOW_CFG]: cfg, [CONNECTION_SCRIPT]: pulumi.output(CONNECTION_URL_SCRIPT), [SMOKE_DAG_FILE]: pulumi.output(SMOKE_DAG) };
    const configFiles = new ConfigFiles(names.config, { name: names.config, namespace, labels: standardLabels(APP, "config", names.config), files: data }, { parent: this });
    const volumes = [configFiles.volume("config")];
    const configMount = { name: "config", mountPath: AIRFLOW_PATHS.config, readOnly: true };
    const dagMount = { name: "config", mountPath: `${AIRFLOW_PATHS.dags}/${SMOKE_DAG_FILE}`, subPath: SMOKE_DAG_FILE, readOnly: true };

    const env = airflowEnvironment({ database, broker, keysSecret: keys.secretName });
    // The Jobs need the database and the keys only.
    const jobBase: AirflowContainerBase = { image: service.image("airflow"), env, volumeMounts: [configMount] };
    // Every running component also gets the object store (connection lakehouse_s3 and the key):
    // workers and the triggerer upload task logs, the api-server reads them, tasks use the store.
    // Private Git bundles' connections and Trino's address too: the dag processor parses bundles,
    // workers check them out at a run's version, tasks query Trino.
    const base: AirflowContainerBase = {
      ...jobBase,
      env: [...env, ...(objectStore ? objectStoreEnvironment(objectStore) : []), ...gitConnectionEnvironment(bundles), ...(trino ? [{ name: "LAKEHOUSE_TRINO_URL", value: httpUrl(trino) }] : [])],
    };
    const withDags: AirflowContainerBase = { ...base, volumeMounts: [configMount, dagMount] };
    // Only workers get the ServiceAccount's token: tasks may launch pods (KubernetesPodOperator).
    const identity = (apiAccess: boolean): PodIdentity => ({ service: "airflow", uid: AIRFLOW_UID, gid: AIRFLOW_GID, serviceAccountName, apiAccess });
    // A change of configuration rolls every component.
    const common = { namespace, app: APP, sharedConfig: [{ files: configFiles, volumeName: "config" }] };

    const migrate = new Task(
      `${name}-migrate`,
      { namespace, app: APP, component: "migrate", identity: identity(false), container: migrateContainer(jobBase, settings.resources), volumes },
      { parent: this, dependsOn: [configFiles.configMap, ...database.ready, ...broker.ready, ...(objectStore?.ready ?? [])] },
    );
    // An S3 bundle's prefix must exist before Airflow starts: the example's is written first.
    const example = settings.exampleDags
      ? new PublishExampleDags(
          `${name}-example-dags`,
          {
            namespace,
            app: APP,
            identity: identity(false),
            image: jobBase.image,
            resources: settings.resources,
            objectStore: required(objectStore, "an object store binding for the example bundle"),
            prefix: EXAMPLE_BUNDLE.prefix,
          },
          { parent: this, dependsOn: [...(objectStore?.ready ?? [])] },
        )
      : undefined;
    const afterMigrate = { parent: this, dependsOn: [migrate, ...(example ? [example] : [])] };
    new Task(
      `${name}-admin-user`,
      { namespace, app: APP, component: "admin-user", identity: identity(false), container: adminUserContainer(jobBase, settings.resources, adminEnvironment(keys.secretName)), volumes },
      afterMigrate,
    );

    const apiServer = new Workload(
      names.apiServer,
      { ...common, component: "api-server", replicas: settings.replicas, identity: identity(false), containers: [apiServerContainer(base, settings.resources, publicUrl !== undefined)] },
      afterMigrate,
    );
    const scheduler = new Workload(
      names.scheduler,
      // Schedulers and triggerers are active-active (row locks in PostgreSQL): as many as api-servers.
      { ...common, component: "scheduler", replicas: settings.replicas, identity: identity(false), containers: [schedulerContainer(base, settings.resources)] },
      afterMigrate,
    );
    new Workload(
      names.dagProcessor,
      {
        ...common,
        component: "dag-processor",
        // One processor parses every file, and it serves nothing: no Service.
        replicas: 1,
        singleton: true,
        service: false,
        identity: identity(false),
        containers: [dagProcessorContainer(withDags, settings.resources)],
      },
      // It was a lakehouse:workflows:Daemon: the alias keeps a deployed one in place.
      { ...afterMigrate, aliases: [{ type: "lakehouse:workflows:Daemon" }] },
    );
    new Workload(
      names.triggerer,
      { ...common, component: "triggerer", replicas: settings.replicas, identity: identity(false), containers: [triggererContainer(base, settings.resources)] },
      afterMigrate,
    );
    const worker = new Workload(
      names.worker,
      {
        ...common,
        component: "worker",
        replicas: settings.workers.replicas,
        identity: identity(true),
        containers: [workerContainer(withDags, settings.workers.resources)],
        // Covers the preStop (stop consuming) and Celery's warm shutdown of running tasks.
        terminationGracePeriodSeconds: WORKER_GRACE_SECONDS,
      },
      afterMigrate,
    );
    const statsdExporter = new Workload(
      names.statsd,
      {
        namespace,
        app: APP,
        component: "metrics",
        replicas: 1,
        identity: { service: "airflow", uid: STATSD_EXPORTER_UID, serviceAccountName, apiAccess: false },
        containers: [statsdExporterContainer(service.image("statsdExporter"), settings.metricsResources)],
      },
      { parent: this },
    );

    this.ready = [apiServer.workload, scheduler.workload, worker.workload];
    this.webUi = { name, namespace, serviceName: apiServer.service.metadata.name, port: AIRFLOW_PORTS.apiServer };
    this.scrapeTargets = [statsdExporter.scrapeTarget(name, "metrics", "/metrics")];
    this.adminCredentialCommands = { username: keys.readCommand("adminUsername"), password: keys.readCommand("adminPassword") };
    this.registerOutputs({ apiServer: this.apiServer, webUi: this.webUi, scrapeTargets: this.scrapeTargets, adminCredentialCommands: this.adminCredentialCommands });
  }
}
