// Dagster's instance (dagster.yaml) and workspace (workspace.yaml), rendered from plain values.
// Credentials are never values here: dagster.yaml names environment variables ({env: ...}) that
// every Dagster pod, including each run's Job pod, fills from the database Secret.
import { stringify } from "yaml";
import type { Resources } from "../../stacks";
import { containerSecurityContext, podSecurityContext } from "../kit/podSpec";
import { SERVICE_LABEL } from "../kit/labels";

export const DAGSTER_PATHS = {
  /** DAGSTER_HOME: writable (an emptyDir), with dagster.yaml mounted into it. */
  home: "/opt/dagster/dagster_home",
  workspace: "/opt/dagster/workspace",
  /** The example code location's Python file. */
  app: "/opt/dagster/app",
} as const;

export const DAGSTER_PORTS = { webserver: 3000, userCode: 4000 } as const;

/** The variables dagster.yaml reads the database credentials from. */
export const PG_ENV = { username: "DAGSTER_PG_USERNAME", password: "DAGSTER_PG_PASSWORD" } as const;

export interface DagsterInstanceArgs {
  database: { host: string; port: number; name: string; tls: boolean };
  /** The database Secret and its keys, for the run Job pods' environment. */
  databaseSecret: { name: string; usernameKey: string; passwordKey: string };
  namespace: string;
  serviceAccountName: string;
  /** The ConfigMap holding this dagster.yaml (K8sRunLauncher requires its name). */
  instanceConfigMap: string;
  /** Each run's Job pod: size and identity (it must pass the namespace's restricted Pod Security). */
  run: { resources: Resources; uid: number };
}

/**
 * Kubernetes fields as dagster-k8s builds its models from them: snake_case attribute names
 * (readOnlyRootFilesystem → read_only_root_filesystem), which every version accepts.
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCaseKeys(inner)]));
}

export function dagsterInstance(args: DagsterInstanceArgs): Record<string, unknown> {
  const { database, databaseSecret, run } = args;
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: databaseSecret.name, key } } });
  return {
    storage: {
      postgres: {
        postgres_db: {
          username: { env: PG_ENV.username },
          password: { env: PG_ENV.password },
          hostname: database.host,
          port: database.port,
          db_name: database.name,
          ...(database.tls ? { params: { sslmode: "require" } } : {}),
        },
      },
    },
    // Runs queue in the database; the daemon launches them, one Kubernetes Job each.
    run_coordinator: { module: "dagster._core.run_coordinator", class: "QueuedRunCoordinator" },
    run_launcher: {
      module: "dagster_k8s",
      class: "K8sRunLauncher",
      config: snakeCaseKeys({
        load_incluster_config: true,
        job_namespace: args.namespace,
        service_account_name: args.serviceAccountName,
        instance_config_map: args.instanceConfigMap,
        dagster_home: DAGSTER_PATHS.home,
        image_pull_policy: "IfNotPresent",
        resources: { requests: { ...run.resources.requests }, limits: { ...run.resources.limits } },
        // The same lock-down as the kit's pods: read-only root with writable /tmp and DAGSTER_HOME.
        security_context: containerSecurityContext(),
        volumes: [
          { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
          { name: "dagster-home", emptyDir: { sizeLimit: "1Gi" } },
        ],
        volume_mounts: [
          { name: "tmp", mountPath: "/tmp" },
          { name: "dagster-home", mountPath: DAGSTER_PATHS.home },
        ],
        run_k8s_config: {
          // Run pods are dagster's to network policies (they reach its database).
          pod_template_spec_metadata: { labels: { [SERVICE_LABEL]: "dagster" } },
          pod_spec_config: { securityContext: podSecurityContext({ uid: run.uid }), enableServiceLinks: false },
          container_config: {
            env: [fromSecret(PG_ENV.username, databaseSecret.usernameKey), fromSecret(PG_ENV.password, databaseSecret.passwordKey), { name: "HOME", value: "/tmp" }],
          },
        },
      }),
    },
    // A run whose pod dies is marked failed instead of hanging as "started".
    run_monitoring: { enabled: true },
    // Step logs live in the run's events (PostgreSQL); raw stdout/stderr capture needs shared storage.
    compute_logs: { module: "dagster._core.storage.noop_compute_log_manager", class: "NoOpComputeLogManager" },
    telemetry: { enabled: false },
  };
}

export const renderDagsterYaml = (args: DagsterInstanceArgs): string => stringify(dagsterInstance(args));

/** A code location's gRPC server as the workspace names it. */
export interface WorkspaceLocation {
  locationName: string;
  host: string;
}

/** The webserver and daemon reach each code location's gRPC server by its Service's DNS name. */
export function renderWorkspaceYaml(locations: WorkspaceLocation[]): string {
  return stringify({ load_from: locations.map(({ locationName, host }) => ({ grpc_server: { host, port: DAGSTER_PORTS.userCode, location_name: locationName } })) });
}

/** An environment variable as Kubernetes writes it: a value or a Secret key. */
export type PodEnvVar = { name: string; value: string } | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/**
 * What the run launcher adds to each run's pod for a code location (the chart's
 * DAGSTER_CLI_API_GRPC_CONTAINER_CONTEXT): its environment, and for the example its Python file.
 */
export function userCodeContainerContext(userCodeConfigMap: string | undefined, env: PodEnvVar[]): string {
  const files = userCodeConfigMap
    ? { volumes: [{ name: "user-code", configMap: { name: userCodeConfigMap } }], volumeMounts: [{ name: "user-code", mountPath: DAGSTER_PATHS.app, readOnly: true }] }
    : {};
  return JSON.stringify({ k8s: snakeCaseKeys({ ...files, env }) });
}
