// Airflow's non-secret configuration, rendered as the airflow.cfg its pods read (AIRFLOW_CONFIG),
// and the sizes derived from the stack's resources. Secrets never pass through here: connection
// URLs are built at start from the environment (see airflowEnvironment.ts).
import type { Resources } from "../../stacks";
import { parseQuantity } from "../../policy/lib/quantity";

/** Where things live in every Airflow container. */
export const AIRFLOW_PATHS = {
  /** The image's: its DAG folder stays visible, so DAGs baked into a custom image are read. */
  home: "/opt/airflow",
  dags: "/opt/airflow/dags",
  /** Writable (emptyDirs): task and processor logs, and the bundles' local checkouts. */
  logs: "/opt/airflow/logs",
  bundles: "/opt/airflow/dag-bundles",
  /** The ConfigMap, read-only: airflow.cfg and the connection-URL script. */
  config: "/opt/lakehouse",
} as const;

export const AIRFLOW_PORTS = {
  apiServer: 8080,
  schedulerHealth: 8974,
  workerLogs: 8793,
  triggererLogs: 8794,
  statsd: 9125,
  metrics: 9102,
} as const;

/** The Celery queue workers consume and drain on shutdown. */
export const DEFAULT_QUEUE = "default";

// FAB is Airflow 3's maintained auth manager for production (users and roles in the metadata DB);
// the default simple auth manager is meant for development and generates passwords per pod.
export const FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager";

export interface AirflowCfgArgs {
  /** The api-server's in-cluster URL base, e.g. http://airflow-api-server.ns.svc.cluster.local:8080. */
  apiServerUrl: string;
  /**
   * The UI's public URL through the edge, e.g. https://airflow.lakehouse.example.com/: the base of
   * the links Airflow writes and of the login redirects. Absent (no edge): Airflow keeps its
   * default, relative links that work through whatever port-forward reaches the api-server.
   */
  publicUrl?: string;
  statsdHost: string;
  apiWorkers: number;
  workerConcurrency: number;
  /** Present: task logs go to the object store, through the named Airflow connection. */
  remoteLogs?: RemoteLogs;
  /** Where DAGs come from (airflowBundles.ts), the image's DAG folder first. */
  dagBundles: DagBundleEntry[];
}

/** One entry of [dag_processor] dag_bundle_config_list, as Airflow reads it (airflowBundles.ts). */
export interface DagBundleEntry {
  name: string;
  classpath: string;
  kwargs: Record<string, string | number>;
}

export interface RemoteLogs {
  /** s3://<bucket>/<prefix> */
  folder: string;
  connectionId: string;
}

/** s3://<bucket>/<prefix> from the stack's settings; the bucket defaults to the warehouse bucket. */
export function remoteLogFolder(settings: { bucket?: string; prefix: string }, warehouseBucket: string): string {
  return `s3://${settings.bucket ?? warehouseBucket}/${settings.prefix}`;
}

export function renderAirflowCfg(args: AirflowCfgArgs): string {
  const sections: Record<string, Record<string, string | number | boolean>> = {
    core: {
      executor: "CeleryExecutor",
      auth_manager: FAB_AUTH_MANAGER,
      dags_folder: AIRFLOW_PATHS.dags,
      load_examples: false,
      dags_are_paused_at_creation: true,
      // Airflow 3 tasks talk to the api-server, never to the database.
      execution_api_server_url: `${args.apiServerUrl}/execution/`,
      // Pods of a Deployment have no resolvable host name; the api-server fetches live task logs by pod IP.
      hostname_callable: "airflow.utils.net.get_host_ip_address",
    },
    logging: {
      base_log_folder: AIRFLOW_PATHS.logs,
      worker_log_server_port: AIRFLOW_PORTS.workerLogs,
      trigger_log_server_port: AIRFLOW_PORTS.triggererLogs,
      // A finished task's log is uploaded (the amazon provider's S3 handler, installed in the
      // apache/airflow image) and read back by the api-server, so it outlives the worker pod; the
      // local copy is deleted once uploaded, so logs never fill the pod's emptyDir.
      ...(args.remoteLogs ? { remote_logging: true, remote_base_log_folder: args.remoteLogs.folder, remote_log_conn_id: args.remoteLogs.connectionId, delete_local_logs: true } : {}),
    },
    api: { ...(args.publicUrl ? { base_url: args.publicUrl } : {}), port: AIRFLOW_PORTS.apiServer, workers: args.apiWorkers, expose_config: false },
    celery: { worker_concurrency: args.workerConcurrency },
    operators: { default_queue: DEFAULT_QUEUE },
    // One line of JSON: configparser would take an indented continuation as part of the value too.
    dag_processor: { dag_bundle_config_list: JSON.stringify(args.dagBundles), dag_bundle_storage_path: AIRFLOW_PATHS.bundles },
    scheduler: { enable_health_check: true, scheduler_health_check_server_port: AIRFLOW_PORTS.schedulerHealth },
    metrics: { statsd_on: true, statsd_host: args.statsdHost, statsd_port: AIRFLOW_PORTS.statsd, statsd_prefix: "airflow" },
  };
  const lines = Object.entries(sections).flatMap(([section, options]) => [
    `[${section}]`,
    ...Object.entries(options).map(([key, value]) => `${key} = ${typeof value === "boolean" ? (value ? "True" : "False") : value}`),
    "",
  ]);
  return ["# Rendered by lakehouse:workflows:Airflow. Secrets come from the environment, never this file.", "", ...lines].join("\n");
}

const MIB = 2 ** 20;

function memoryLimitMiB(resources: Resources): number {
  const parsed = parseQuantity(resources.limits.memory);
  if (!parsed) throw new Error(`not a memory quantity: ${resources.limits.memory}`);
  return parsed.value / MIB;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));

/** One uvicorn worker per GiB of the api-server's memory limit, 1 to 4 (Airflow's default of 4 needs ~2 GiB). */
export function apiServerWorkers(resources: Resources): number {
  return clamp(memoryLimitMiB(resources) / 1024, 1, 4);
}

/** One task slot per 512 MiB of a worker's memory limit, 1 to 16 (each task is its own Python process). */
export function workerConcurrency(resources: Resources): number {
  return clamp(memoryLimitMiB(resources) / 512, 1, 16);
}
