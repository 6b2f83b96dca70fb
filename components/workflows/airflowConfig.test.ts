import { spawnSync } from "node:child_process";
import { apiServerWorkers, remoteLogFolder, renderAirflowCfg, workerConcurrency } from "./airflowConfig";
import { CONNECTION_URL_SCRIPT, SMOKE_DAG } from "./airflowFiles";

const size = (memory: string) => ({ requests: { cpu: "100m", memory }, limits: { cpu: "1", memory } });
const hasPython = spawnSync("python3", ["--version"]).status === 0;
const python = (args: string[], env: Record<string, string> = {}, input?: string) => spawnSync("python3", args, { env: { PATH: process.env.PATH, ...env }, input, encoding: "utf8" });

describe("airflow.cfg", () => {
  const cfg = renderAirflowCfg({
    apiServerUrl: "http://airflow-api-server.ns.svc.cluster.local:8080",
    statsdHost: "airflow-statsd.ns.svc.cluster.local",
    apiWorkers: 2,
    workerConcurrency: 8,
    dagBundles: [],
  });

  it("sets the executor, auth manager, Execution API and health servers", () => {
    expect(cfg).toMatch(/\[core\]\nexecutor = CeleryExecutor\nauth_manager = airflow\.providers\.fab\.auth_manager\.fab_auth_manager\.FabAuthManager\n/);
    expect(cfg).toContain("execution_api_server_url = http://airflow-api-server.ns.svc.cluster.local:8080/execution/");
    expect(cfg).toContain("[scheduler]\nenable_health_check = True\nscheduler_health_check_server_port = 8974");
    expect(cfg).toContain("[api]\nport = 8080\nworkers = 2\nexpose_config = False");
    expect(cfg).toContain("[celery]\nworker_concurrency = 8");
  });

  it("holds no credential or connection URL", () => {
    const settings = cfg.split("\n").filter((line) => !line.startsWith("#"));
    expect(settings.join("\n")).not.toMatch(/sql_alchemy_conn|broker_url|result_backend|fernet|secret|password/i);
  });
});

describe("the remote log folder", () => {
  it("is a prefix of the warehouse bucket unless the stack names another bucket", () => {
    expect(remoteLogFolder({ prefix: "airflow-logs" }, "warehouse")).toBe("s3://warehouse/airflow-logs");
    expect(remoteLogFolder({ bucket: "airflow-logs", prefix: "prod/tasks" }, "warehouse")).toBe("s3://airflow-logs/prod/tasks");
  });

  it("is named in [logging] only when logs go to the object store", () => {
    const args = { apiServerUrl: "http://a:8080", statsdHost: "s", apiWorkers: 1, workerConcurrency: 1, dagBundles: [] };
    expect(renderAirflowCfg(args)).not.toContain("remote_");
    expect(renderAirflowCfg({ ...args, remoteLogs: { folder: "s3://warehouse/airflow-logs", connectionId: "lakehouse_s3" } })).toContain(
      "remote_logging = True\nremote_base_log_folder = s3://warehouse/airflow-logs\nremote_log_conn_id = lakehouse_s3\ndelete_local_logs = True",
    );
  });
});

describe("sizes derived from the stack", () => {
  it.each([
    ["1Gi", 1, 2],
    ["2Gi", 2, 4],
    ["4Gi", 4, 8],
    ["8Gi", 4, 16],
    ["32Gi", 4, 16],
    ["512Mi", 1, 1],
    ["256Mi", 1, 1],
  ])("a %s limit gives %i api workers and %i task slots", (memory, workers, slots) => {
    expect(apiServerWorkers(size(memory))).toBe(workers);
    expect(workerConcurrency(size(memory))).toBe(slots);
  });
});

(hasPython ? describe : describe.skip)("the connection-URL script (python3)", () => {
  const env = {
    LAKEHOUSE_DB_HOST: "postgres.lakehouse-platform.svc.cluster.local",
    LAKEHOUSE_DB_PORT: "5432",
    LAKEHOUSE_DB_NAME: "airflow",
    LAKEHOUSE_DB_TLS: "false",
    LAKEHOUSE_DB_USER: "airflow",
    LAKEHOUSE_DB_PASSWORD: "p@ss:w/rd%",
    LAKEHOUSE_BROKER_HOST: "valkey.lakehouse-platform.svc.cluster.local",
    LAKEHOUSE_BROKER_PORT: "6379",
    LAKEHOUSE_BROKER_TLS: "false",
    LAKEHOUSE_BROKER_PASSWORD: "v@lkey",
  };
  const run = (kind: string, overrides: Record<string, string> = {}) => python(["-", kind], { ...env, ...overrides }, CONNECTION_URL_SCRIPT);

  it("builds each URL with quoted credentials and no trailing newline", () => {
    expect(run("metadata").stdout).toBe("postgresql+psycopg2://airflow:p%40ss%3Aw%2Frd%25@postgres.lakehouse-platform.svc.cluster.local:5432/airflow");
    expect(run("result-backend").stdout).toBe("db+postgresql://airflow:p%40ss%3Aw%2Frd%25@postgres.lakehouse-platform.svc.cluster.local:5432/airflow");
    expect(run("broker").stdout).toBe("redis://:v%40lkey@valkey.lakehouse-platform.svc.cluster.local:6379/0");
  });

  it("asks for TLS when the endpoint speaks it", () => {
    expect(run("metadata", { LAKEHOUSE_DB_TLS: "true" }).stdout).toMatch(/\?sslmode=require$/);
    expect(run("broker", { LAKEHOUSE_BROKER_TLS: "true" }).stdout).toMatch(/^rediss:\/\/.*\?ssl_cert_reqs=required$/);
  });

  it("fails loudly when a variable is missing", () => {
    const result = python(["-", "metadata"], {}, CONNECTION_URL_SCRIPT);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("KeyError");
  });

  it("ships a smoke DAG that is valid Python", () => {
    expect(python(["-c", "import ast, sys; ast.parse(sys.stdin.read())"], {}, SMOKE_DAG).status).toBe(0);
  });
});
