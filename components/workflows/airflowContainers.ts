// The containers of Airflow 3's components, as the kit declares them: what each runs, the port it
// serves (if any) and how Kubernetes knows it is alive. Every component runs the same image with
// the same environment and configuration; only the command and the health check differ.
import type { Resources } from "../../stacks";
import type { EnvVar, ServiceContainer, TaskContainer, VolumeMount } from "../kit/podSpec";
import { probeTriple } from "../kit/probes";
import { AIRFLOW_PATHS, AIRFLOW_PORTS, DEFAULT_QUEUE } from "./airflowConfig";

export interface AirflowContainerBase {
  image: string;
  env: EnvVar[];
  volumeMounts: VolumeMount[];
}

/** Celery's warm shutdown waits for running tasks; this is how long they get. */
export const WORKER_GRACE_SECONDS = 600;

const CELERY_APP = "airflow.providers.celery.executors.celery_executor.app";

const common = (base: AirflowContainerBase, resources: Resources) => ({
  image: base.image,
  env: base.env,
  volumeMounts: base.volumeMounts,
  resources,
  // Logs and the bundles' checkouts; /tmp comes with the kit. The rest of /opt/airflow is the
  // image's, so DAGs baked into a custom image stay visible (no volume over the whole home).
  writablePaths: [AIRFLOW_PATHS.logs, AIRFLOW_PATHS.bundles],
});

/** `airflow jobs check` for this pod's own job: alive when its heartbeat is recent. */
const jobCheck = (jobType: string) => ({
  exec: { command: ["airflow", "jobs", "check", "--job-type", jobType, "--local"] },
  // Each check starts Python and imports Airflow: give it time, and run it rarely.
  timeoutSeconds: 60,
  periodSeconds: 60,
  failureThreshold: 5,
});

/**
 * The api-server. Behind the edge's TLS-terminating proxy it trusts X-Forwarded-Proto and -For
 * (`--proxy-headers`), so it knows requests came over HTTPS (the FAB login's token cookie is then
 * Secure) and logs the browser's address. Uvicorn trusts those headers only from the addresses in
 * FORWARDED_ALLOW_IPS; the ingress controller's pods have none fixed, so every peer is trusted: a
 * pod in the cluster could misstate only its own address or scheme.
 */
export function apiServerContainer(base: AirflowContainerBase, resources: Resources, behindProxy: boolean): ServiceContainer {
  const health = { httpGet: { path: "/api/v2/monitor/health", port: "api" } };
  return {
    name: "api-server",
    args: behindProxy ? ["api-server", "--proxy-headers"] : ["api-server"],
    ...common(base, resources),
    env: behindProxy ? [...base.env, { name: "FORWARDED_ALLOW_IPS", value: "*" }] : base.env,
    ports: [{ name: "api", containerPort: AIRFLOW_PORTS.apiServer }],
    probes: probeTriple(
      { liveness: health },
      { timeoutSeconds: 5, liveness: { periodSeconds: 10, failureThreshold: 6 }, readiness: { periodSeconds: 5 }, startup: { periodSeconds: 10, failureThreshold: 30 } },
    ),
  };
}

export function schedulerContainer(base: AirflowContainerBase, resources: Resources): ServiceContainer {
  // The scheduler's own health server ([scheduler] enable_health_check) answers 200 while it heartbeats.
  const health = { httpGet: { path: "/health", port: "health" } };
  return {
    name: "scheduler",
    args: ["scheduler"],
    ...common(base, resources),
    ports: [{ name: "health", containerPort: AIRFLOW_PORTS.schedulerHealth }],
    probes: probeTriple(
      { liveness: health },
      { timeoutSeconds: 10, liveness: { periodSeconds: 30, failureThreshold: 5 }, readiness: { periodSeconds: 10 }, startup: { periodSeconds: 10, failureThreshold: 30 } },
    ),
  };
}

/** The dag processor serves no port: exec probes on its job heartbeat. */
export function dagProcessorContainer(base: AirflowContainerBase, resources: Resources): ServiceContainer & { ports: [] } {
  return {
    name: "dag-processor",
    args: ["dag-processor"],
    ...common(base, resources),
    ports: [],
    probes: { liveness: jobCheck("DagProcessorJob"), readiness: jobCheck("DagProcessorJob"), startup: { ...jobCheck("DagProcessorJob"), periodSeconds: 20, failureThreshold: 15 } },
  };
}

/** The triggerer serves deferred tasks' logs on its port; liveness is its job heartbeat. */
export function triggererContainer(base: AirflowContainerBase, resources: Resources): ServiceContainer {
  return {
    name: "triggerer",
    args: ["triggerer"],
    ...common(base, resources),
    ports: [{ name: "logs", containerPort: AIRFLOW_PORTS.triggererLogs }],
    probes: {
      liveness: jobCheck("TriggererJob"),
      readiness: { tcpSocket: { port: "logs" }, periodSeconds: 10 },
      startup: { ...jobCheck("TriggererJob"), periodSeconds: 20, failureThreshold: 15 },
    },
  };
}

/**
 * A Celery worker. Liveness pings this worker through the broker; readiness is its log server.
 * Before the pod stops, it stops consuming the queue, so SIGTERM's warm shutdown only finishes
 * what is running (within WORKER_GRACE_SECONDS) and nothing new lands on a dying worker.
 */
export function workerContainer(base: AirflowContainerBase, resources: Resources): ServiceContainer {
  const celery = (command: string) => ["sh", "-c", `exec celery --app ${CELERY_APP} ${command} --destination "celery@$HOSTNAME"`];
  return {
    name: "worker",
    args: ["celery", "worker"],
    ...common(base, resources),
    ports: [{ name: "logs", containerPort: AIRFLOW_PORTS.workerLogs }],
    probes: {
      liveness: { exec: { command: celery("inspect ping --timeout 10") }, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 5 },
      readiness: { tcpSocket: { port: "logs" }, periodSeconds: 10 },
      startup: { tcpSocket: { port: "logs" }, periodSeconds: 10, failureThreshold: 30 },
    },
    preStop: { exec: { command: celery(`control cancel_consumer ${DEFAULT_QUEUE}`) } },
  };
}

/** `airflow db migrate`: creates or upgrades the schema (FAB's tables too); a no-op when current. */
export function migrateContainer(base: AirflowContainerBase, resources: Resources): TaskContainer {
  return { name: "migrate", args: ["db", "migrate"], ...common(base, resources) };
}

/**
 * Creates the FAB admin from airflow-keys, or leaves an existing one alone (`users create` exits 0
 * then), and sets its password to the Secret's every time, so the two never drift apart. Both are
 * the FAB provider's `airflow users` commands, present whenever FAB is the auth manager: a failure
 * fails the Job rather than being skipped. The password is an argument, seen only in this pod.
 */
export const ADMIN_USER_SCRIPT = [
  "set -eu",
  'airflow users create --role Admin --username "$LAKEHOUSE_ADMIN_USERNAME" --password "$LAKEHOUSE_ADMIN_PASSWORD" \\',
  '  --firstname Lakehouse --lastname Admin --email "$LAKEHOUSE_ADMIN_USERNAME@lakehouse.invalid"',
  'airflow users reset-password --username "$LAKEHOUSE_ADMIN_USERNAME" --password "$LAKEHOUSE_ADMIN_PASSWORD"',
].join("\n");

export function adminUserContainer(base: AirflowContainerBase, resources: Resources, adminEnv: EnvVar[]): TaskContainer {
  return { name: "admin-user", args: ["bash", "-c", ADMIN_USER_SCRIPT], ...common(base, resources), env: [...base.env, ...adminEnv] };
}
