import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podTemplateSpec, type ServiceContainer } from "../kit/podSpec";
import { AIRFLOW_PATHS } from "./airflowConfig";
import {
  ADMIN_USER_SCRIPT,
  adminUserContainer,
  type AirflowContainerBase,
  apiServerContainer,
  dagProcessorContainer,
  schedulerContainer,
  triggererContainer,
  workerContainer,
} from "./airflowContainers";
import { adminEnvironment, airflowEnvironment } from "./airflowEnvironment";
import { fakeBroker, fakeDatabase } from "../../test/support/workflows";

const resources = { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const base: AirflowContainerBase = { image: "docker.io/apache/airflow:3.0.6", env: [], volumeMounts: [] };
const identity = { service: "airflow", uid: 50000, gid: 0, serviceAccountName: "airflow", apiAccess: false };

describe("Airflow's containers", () => {
  const services: ServiceContainer[] = [
    apiServerContainer(base, resources, true),
    schedulerContainer(base, resources),
    dagProcessorContainer(base, resources),
    triggererContainer(base, resources),
    workerContainer(base, resources),
  ];

  it.each(services.map((c) => [c.name, c]))("%s passes the kit's checks (probes on declared ports, pinned image)", (_, container) => {
    expect(() => podTemplateSpec({ identity, containers: [container as ServiceContainer], selector: { app: "airflow" }, replicas: 1 })).not.toThrow();
    // Never the whole home: the image's DAG folder must stay visible.
    expect((container as ServiceContainer).writablePaths).toEqual([AIRFLOW_PATHS.logs, AIRFLOW_PATHS.bundles]);
  });

  it("probes the api-server's health endpoint and the scheduler's health server", () => {
    expect(apiServerContainer(base, resources, false).probes.liveness).toMatchObject({ httpGet: { path: "/api/v2/monitor/health", port: "api" } });
    expect(schedulerContainer(base, resources).probes.liveness).toMatchObject({ httpGet: { path: "/health", port: "health" } });
  });

  it("checks the heartbeat of components that serve no health endpoint", () => {
    expect(dagProcessorContainer(base, resources).probes.liveness).toMatchObject({ exec: { command: ["airflow", "jobs", "check", "--job-type", "DagProcessorJob", "--local"] } });
    expect(triggererContainer(base, resources).probes.liveness).toMatchObject({ exec: { command: ["airflow", "jobs", "check", "--job-type", "TriggererJob", "--local"] } });
  });

  it("pings the worker through Celery and stops it consuming before it stops", () => {
    const worker = workerContainer(base, resources);
    expect((worker.probes.liveness as any).exec.command[2]).toBe('exec celery --app airflow.providers.celery.executors.celery_executor.app inspect ping --timeout 10 --destination "celery@$HOSTNAME"');
    expect((worker.preStop as any).exec.command[2]).toContain("control cancel_consumer default");
  });

  it("runs the admin script with the admin's name and password from the Secret", () => {
    const container = adminUserContainer(base, resources, adminEnvironment("airflow-keys"));
    expect(container.args).toEqual(["bash", "-c", ADMIN_USER_SCRIPT]);
    expect(container.env).toContainEqual({ name: "LAKEHOUSE_ADMIN_USERNAME", secret: { name: "airflow-keys", key: "adminUsername" } });
    expect(container.env).toContainEqual({ name: "LAKEHOUSE_ADMIN_PASSWORD", secret: { name: "airflow-keys", key: "adminPassword" } });
  });
});

// The script runs in bash against a fake `airflow` CLI that accepts exactly the options of the
// FAB provider's `users create` and `users reset-password`, and behaves as they do.
describe("the admin-user script", () => {
  const admin = { LAKEHOUSE_ADMIN_USERNAME: "admin", LAKEHOUSE_ADMIN_PASSWORD: "from-the-secret" };
  function runScript(state: { users: Record<string, { role: string; password: string }>; commands?: string[] }) {
    const dir = mkdtempSync(join(tmpdir(), "airflow-cli-"));
    writeFileSync(join(dir, "airflow"), `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, "testing", "fakeAirflowCli.js")}" "$@"\n`);
    chmodSync(join(dir, "airflow"), 0o755);
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify({ log: [], ...state }));
    const result = spawnSync("bash", ["-c", ADMIN_USER_SCRIPT], { env: { PATH: `${dir}:${process.env.PATH}`, FAKE_STATE: stateFile, ...admin }, encoding: "utf8", timeout: 30_000 });
    return { status: result.status, output: result.stdout + result.stderr, state: JSON.parse(readFileSync(stateFile, "utf8")) };
  }

  it("creates the admin with the Secret's password on a fresh database", () => {
    const { status, output, state } = runScript({ users: {} });
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(state.users.admin).toEqual({ role: "Admin", password: "from-the-secret" });
  });

  it("leaves an existing admin in place and converges its password to the Secret's", () => {
    const { status, state } = runScript({ users: { admin: { role: "Admin", password: "changed-by-hand" } } });
    expect(status).toBe(0);
    expect(state.log).toEqual(["reset-password admin"]);
    expect(state.users.admin.password).toBe("from-the-secret");
  });

  it("fails the Job when the password cannot be reset, instead of skipping it", () => {
    const { status, state } = runScript({ users: { admin: { role: "Admin", password: "changed-by-hand" } }, commands: ["create"] });
    expect(status).not.toBe(0);
    expect(state.users.admin.password).toBe("changed-by-hand");
  });
});

describe("Airflow's environment", () => {
  const env = airflowEnvironment({ database: fakeDatabase("airflow"), broker: fakeBroker(), keysSecret: "airflow-keys" });
  const byName = (name: string) => env.find((e) => e.name === name);

  it("takes every credential from a Secret", () => {
    expect(byName("LAKEHOUSE_DB_USER")).toEqual({ name: "LAKEHOUSE_DB_USER", secret: { name: "airflow-database", key: "username" } });
    expect(byName("LAKEHOUSE_DB_PASSWORD")).toEqual({ name: "LAKEHOUSE_DB_PASSWORD", secret: { name: "airflow-database", key: "password" } });
    expect(byName("LAKEHOUSE_BROKER_PASSWORD")).toEqual({ name: "LAKEHOUSE_BROKER_PASSWORD", secret: { name: "valkey-auth", key: "password" } });
    for (const key of ["FERNET_KEY", "API__SECRET_KEY", "API_AUTH__JWT_SECRET"]) expect(env.find((e) => e.name.endsWith(key))).toHaveProperty("secret.name", "airflow-keys");
  });

  it("builds connection URLs at start through the _CMD options", () => {
    expect(byName("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD")).toEqual({ name: "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD", value: "python3 /opt/lakehouse/connection_url.py metadata" });
    expect(byName("AIRFLOW__CELERY__RESULT_BACKEND_CMD")).toHaveProperty("value", "python3 /opt/lakehouse/connection_url.py result-backend");
    expect(byName("AIRFLOW__CELERY__BROKER_URL_CMD")).toHaveProperty("value", "python3 /opt/lakehouse/connection_url.py broker");
  });

  it("refuses a binding whose Secret lacks a key", () => {
    const database = { ...fakeDatabase("airflow"), secret: { name: "airflow-database", keys: { username: "username" } } };
    expect(() => airflowEnvironment({ database, broker: fakeBroker(), keysSecret: "airflow-keys" })).toThrow(/without a "password" key/);
  });
});
