// The containers of Dagster: the webserver (UI and GraphQL), the daemon (schedules, sensors, run
// queue), the example code location's gRPC server and the instance migration, all from one image.
import type * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../stacks";
import type { DatabaseBinding, ObjectStoreBinding } from "../kit/bindings";
import { httpUrl } from "../kit/endpoint";
import type { EnvVar, ServiceContainer, TaskContainer, VolumeMount } from "../kit/podSpec";
import { metricsSidecar } from "../kit/metricsSidecar";
import { probeTriple } from "../kit/probes";
import { secretKey } from "./bindingSecrets";
import { DAGSTER_PATHS, DAGSTER_PORTS, PG_ENV } from "./dagsterConfig";
import { DAGSTER_EXPORTER_FILE, DAGSTER_METRICS_PORT } from "./dagsterExporter";

export interface DagsterContainerBase {
  image: string;
  env: EnvVar[];
  /** dagster.yaml into DAGSTER_HOME. */
  volumeMounts: VolumeMount[];
}

// Servers must listen beyond loopback to be reached through their Service (a bind address, not an endpoint).
const ALL_INTERFACES = "0.0.0.0";
const WORKSPACE_FILE = `${DAGSTER_PATHS.workspace}/workspace.yaml`;

/** What every Dagster process needs: its home and the database credentials dagster.yaml names. */
export function dagsterEnvironment(database: DatabaseBinding): EnvVar[] {
  return [
    { name: "DAGSTER_HOME", value: DAGSTER_PATHS.home },
    // The image has no home for an arbitrary uid; Python libraries write caches under $HOME.
    { name: "HOME", value: "/tmp" },
    { name: PG_ENV.username, secret: secretKey(database.secret, "username") },
    { name: PG_ENV.password, secret: secretKey(database.secret, "password") },
  ];
}

/** For code that reads and writes the lakehouse: the consumer's key and where the store is. */
export function dagsterObjectStoreEnvironment(objectStore: ObjectStoreBinding): EnvVar[] {
  return [
    { name: "AWS_ACCESS_KEY_ID", secret: secretKey(objectStore.secret, "accessKeyId") },
    { name: "AWS_SECRET_ACCESS_KEY", secret: secretKey(objectStore.secret, "secretAccessKey") },
    { name: "AWS_REGION", value: objectStore.region },
    { name: "LAKEHOUSE_S3_ENDPOINT", value: httpUrl(objectStore.endpoint) },
    { name: "LAKEHOUSE_S3_PATH_STYLE", value: String(objectStore.pathStyle) },
    { name: "LAKEHOUSE_WAREHOUSE_BUCKET", value: objectStore.warehouseBucket },
  ];
}

const common = (base: DagsterContainerBase, resources: Resources) => ({
  image: base.image,
  env: base.env,
  volumeMounts: base.volumeMounts,
  resources,
  writablePaths: [DAGSTER_PATHS.home],
});

const workspaceMount = (volume: string): VolumeMount => ({ name: volume, mountPath: DAGSTER_PATHS.workspace, readOnly: true });

export function webserverContainer(base: DagsterContainerBase, resources: Resources, workspaceVolume: string): ServiceContainer {
  const serverInfo = { httpGet: { path: "/server_info", port: "http" } };
  return {
    name: "webserver",
    command: ["dagster-webserver", "--host", ALL_INTERFACES, "--port", String(DAGSTER_PORTS.webserver), "--workspace", WORKSPACE_FILE],
    ...common(base, resources),
    volumeMounts: [...base.volumeMounts, workspaceMount(workspaceVolume)],
    ports: [{ name: "http", containerPort: DAGSTER_PORTS.webserver }],
    probes: probeTriple(
      { liveness: serverInfo },
      { timeoutSeconds: 10, liveness: { periodSeconds: 20, failureThreshold: 5 }, readiness: { periodSeconds: 10 }, startup: { periodSeconds: 10, failureThreshold: 30 } },
    ),
  };
}

/** The daemon serves no port: `dagster-daemon liveness-check` reads its heartbeats from the database. */
export function daemonContainer(base: DagsterContainerBase, resources: Resources, workspaceVolume: string): ServiceContainer & { ports: [] } {
  const heartbeat = { exec: { command: ["dagster-daemon", "liveness-check"] }, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 5 };
  return {
    name: "daemon",
    command: ["dagster-daemon", "run", "--workspace", WORKSPACE_FILE],
    ...common(base, resources),
    volumeMounts: [...base.volumeMounts, workspaceMount(workspaceVolume)],
    ports: [],
    probes: { liveness: heartbeat, readiness: heartbeat, startup: { ...heartbeat, periodSeconds: 20, failureThreshold: 30 } },
  };
}

/** Where a code location's gRPC server finds its Definitions (dagster api grpc's own flags). */
export type CodeTarget = { pythonFile: string } | { module: string; workingDirectory?: string } | { package: string; workingDirectory?: string };

export function codeTargetArgs(target: CodeTarget): string[] {
  if ("pythonFile" in target) return ["--python-file", target.pythonFile];
  const directory = target.workingDirectory ? ["--working-directory", target.workingDirectory] : [];
  return "module" in target ? ["--module-name", target.module, ...directory] : ["--package-name", target.package, ...directory];
}

export interface UserCodeArgs {
  /** The example's Python file, mounted from a ConfigMap; your locations bring theirs in the image. */
  codeVolume?: string;
  /** This container's own image: runs of this location are launched with it. */
  image: string;
  target: CodeTarget;
  /** JSON: what the run launcher adds to this location's run pods. */
  containerContext: pulumi.Input<string>;
  extraEnv: EnvVar[];
}

export function userCodeContainer(base: DagsterContainerBase, resources: Resources, args: UserCodeArgs): ServiceContainer {
  const health = { exec: { command: ["dagster", "api", "grpc-health-check", "--port", String(DAGSTER_PORTS.userCode)] } };
  return {
    name: "user-code",
    command: ["dagster", "api", "grpc", "--host", ALL_INTERFACES, "--port", String(DAGSTER_PORTS.userCode), ...codeTargetArgs(args.target)],
    ...common(base, resources),
    image: args.image,
    env: [
      ...base.env,
      ...args.extraEnv,
      { name: "DAGSTER_CURRENT_IMAGE", value: args.image },
      // `dagster api grpc --container-context`, read from the environment (the CLI's auto envvar prefix).
      { name: "DAGSTER_CLI_API_GRPC_CONTAINER_CONTEXT", value: args.containerContext },
    ],
    volumeMounts: [...base.volumeMounts, ...(args.codeVolume ? [{ name: args.codeVolume, mountPath: DAGSTER_PATHS.app, readOnly: true }] : [])],
    ports: [{ name: "grpc", containerPort: DAGSTER_PORTS.userCode }],
    probes: probeTriple(
      { liveness: health },
      { timeoutSeconds: 20, liveness: { periodSeconds: 30, failureThreshold: 5 }, readiness: { periodSeconds: 20 }, startup: { periodSeconds: 10, failureThreshold: 30 } },
    ),
  };
}

/** `dagster instance migrate`: creates or upgrades the storage schema; a no-op when current. */
export function migrateContainer(base: DagsterContainerBase, resources: Resources): TaskContainer {
  return { name: "migrate", command: ["dagster", "instance", "migrate"], ...common(base, resources) };
}

/** The metrics sidecar of the webserver's pod (dagsterExporter.ts), with the script mounted from `scriptVolume`. */
/** `resources`: lakehouse:services.dagster.metricsResources. */
export function exporterContainer(image: string, scriptVolume: string, resources: Resources): ServiceContainer {
  return metricsSidecar({
    image,
    port: DAGSTER_METRICS_PORT,
    healthPath: "/healthz",
    env: [
      { name: "DAGSTER_GRAPHQL_URL", value: `http://localhost:${DAGSTER_PORTS.webserver}/graphql` },
      { name: "METRICS_PORT", value: String(DAGSTER_METRICS_PORT) },
      { name: "HOME", value: "/tmp" },
    ],
    periods: { liveness: 20, readiness: 10 },
    container: { command: ["python", `${EXPORTER_DIR}/${DAGSTER_EXPORTER_FILE}`], volumeMounts: [{ name: scriptVolume, mountPath: EXPORTER_DIR, readOnly: true }] },
    resources,
  });
}

const EXPORTER_DIR = "/opt/lakehouse";
