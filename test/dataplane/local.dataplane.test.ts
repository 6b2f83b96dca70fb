// The `local` stack (Pulumi.local.yaml) through the real engine onto the process node: nothing on
// the data path is faked. The servers read the configuration the program rendered, the Tasks run
// their scripts, and a query goes through Trino into Iceberg tables on Garage.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { engineEnv, openStack, REPO, scratch, step } from "../e2e/engine";
import { airflowApi, failedTaskLogs, runDag } from "./airflow";
import { codeLocations, runErrors, runJob } from "./dagster";
import { edgeSend } from "./edge";
import { curl, isReady, kubectl, kubectlText, pods, podsReady, reachable, secretValue, waitFor } from "./cluster";
import { podMemoryMiB, processesOnNode } from "./processes";
import { parseQuantity } from "../../policy/lib/quantity";
import { activeTargets, alertingRules, instantQuery, serviceMonitorPool } from "./prometheus";
import { getObject, listObjects } from "./s3";
import { trinoQuery } from "./trino";
import { PINNED_IMAGES } from "../../components/kit/images";
import { EXAMPLE_ASSET_TABLE } from "../../components/workflows/dagsterFiles";
import { EXAMPLE_CODE_LOCATION } from "../../stacks";

const run = promisify(execFile);
const NS = "lakehouse-platform";
const WORKFLOWS = "lakehouse-workflows";
const EDGE = "lakehouse-edge";
const CERT_MANAGER = "lakehouse-cert-manager";
const OBSERVABILITY = "lakehouse-observability";
const SCHEMA = "dataplane";
const TABLE = `iceberg.${SCHEMA}.numbers`;
const ROWS = 10_000;
const trinoUser = { "X-Trino-User": "dataplane-test" };

const work = scratch();
afterAll(() => work.cleanup());

let stack: Stack;
let endpoints: Record<string, string>;
let upStarted = 0;
const figures: Record<string, string> = {};
afterAll(() =>
  console.log(
    `[dataplane] figures:\n${Object.entries(figures)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join("\n")}`,
  ),
);

async function job(name: string, namespace = NS): Promise<any> {
  const jobs = (await kubectl(["get", "jobs", "-n", namespace])).items as any[];
  const found = jobs.find((j) => j.metadata.name.startsWith(name));
  if (!found) throw new Error(`no Job ${name}* in ${namespace}: ${jobs.map((j) => j.metadata.name).join(", ")}`);
  return found;
}
const jobComplete = (j: any): boolean => j.status?.conditions?.some((c: any) => c.type === "Complete" && c.status === "True") ?? false;

/** libpq's environment for the platform's PostgreSQL as its superuser, reached from this machine. */
async function superuserEnv(): Promise<NodeJS.ProcessEnv> {
  const host = new URL(await reachable(`tcp://${endpoints.postgres}`)).hostname;
  const [user, password] = await Promise.all([secretValue(NS, "postgres-superuser", "username"), secretValue(NS, "postgres-superuser", "password")]);
  return { ...process.env, PGHOST: host, PGUSER: user, PGPASSWORD: password, PGCONNECT_TIMEOUT: "10" };
}

async function trino(sql: string) {
  return trinoQuery(await reachable(endpoints.trino), sql, trinoUser);
}

describe("the local stack on the process node", () => {
  beforeAll(async () => {
    stack = await openStack("local", work.dir, engineEnv(work.dir), REPO);
  }, 120_000);

  it("deploys through the real engine, every pod running for real", async () => {
    upStarted = Date.now();
    const result = await step("up", () => stack.up({ onOutput: () => undefined }));
    expect(result.summary.result).toBe("succeeded");
    figures["pulumi up"] = `${((Date.now() - upStarted) / 1000).toFixed(0)} s`;
    endpoints = (await stack.outputs()).endpoints.value;
    const all = (await kubectl(["get", "pods", "-n", NS])).items as any[];
    const nodes = new Set(all.map((p) => p.spec.nodeName));
    expect([...nodes]).toEqual(["lakehouse-process-1"]);
  }, 1_200_000);

  it("ran the PostgreSQL Task: each consumer has its role and database", async () => {
    expect(jobComplete(await job("postgres-provision"))).toBe(true);
    const pgEnv = await superuserEnv();
    const psql = async (sql: string) => (await run("psql", ["-d", "postgres", "-tAc", sql], { env: pgEnv })).stdout.trim().split("\n");
    expect(await psql("SELECT rolname FROM pg_roles WHERE rolcanlogin")).toEqual(expect.arrayContaining(["nessie"]));
    expect(await psql("SELECT datname FROM pg_database")).toEqual(expect.arrayContaining(["nessie"]));
  }, 120_000);

  it("ran Garage's bootstrap: the layout is applied and the consumers' keys imported", async () => {
    expect(jobComplete(await job("garage-bootstrap"))).toBe(true);
    const token = await secretValue(NS, "object-store-admin", "adminToken");
    const s3 = await reachable(endpoints.objectStoreS3);
    const admin = s3.replace(/:\d+$/, ":3903");
    const auth = ["-H", `Authorization: Bearer ${token}`];
    const layout = JSON.parse(await curl([...auth, `${admin}/v2/GetClusterLayout`]));
    expect(layout.version).toBeGreaterThanOrEqual(1);
    expect(layout.roles).toHaveLength(1);
    const keys = JSON.parse(await curl([...auth, `${admin}/v2/ListKeys`])) as { name: string }[];
    expect(keys.map((k) => k.name)).toEqual(expect.arrayContaining(["lakehouse/trino", "lakehouse/nessie"]));
  }, 120_000);

  it("has the catalog Ready on its JDBC store, and Trino's coordinator and worker Ready", async () => {
    await podsReady(NS, "app.kubernetes.io/name=nessie");
    const config = JSON.parse(await curl([`${await reachable(endpoints.icebergRest)}/v1/config`]));
    expect(config).toHaveProperty("defaults");
    await podsReady(NS, "app.kubernetes.io/name=trino", 2);
    const nodes = await waitFor(
      "both Trino nodes registered",
      async () => {
        const r = await trino("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'");
        return Number(r.rows[0][0]) === 2 ? 2 : undefined;
      },
      180_000,
      5000,
    );
    expect(nodes).toBe(2);
  }, 600_000);

  it("creates an Iceberg table of 10,000 rows through Trino and reads it back", async () => {
    await trino(`CREATE SCHEMA IF NOT EXISTS iceberg.${SCHEMA}`);
    await trino(`CREATE TABLE ${TABLE} AS SELECT n, n % 7 AS bucket FROM UNNEST(sequence(1, ${ROWS})) AS t(n)`);
    figures["up start to first query"] = `${((Date.now() - upStarted) / 1000).toFixed(0)} s`;
    expect((await trino(`SELECT count(*) FROM ${TABLE}`)).rows).toEqual([[ROWS]]);
    const sum = (await trino(`SELECT sum(n), count(DISTINCT bucket) FROM ${TABLE}`)).rows[0];
    expect(sum).toEqual([(ROWS * (ROWS + 1)) / 2, 7]);
    figures["resident memory of every pod process after the first query"] = `${(await podMemoryMiB()).resident} MiB`;
  }, 600_000);

  it("wrote the table's data files to the Garage bucket, readable with Trino's own key", async () => {
    const key = { id: await secretValue(NS, "object-store-trino", "accessKeyId"), secret: await secretValue(NS, "object-store-trino", "secretAccessKey") };
    const keys = await listObjects(await reachable(endpoints.objectStoreS3), "warehouse", SCHEMA, key);
    expect(keys.filter((k) => k.endsWith(".parquet")).length).toBeGreaterThan(0);
  }, 120_000);

  it("lists the table in the catalog's REST API", async () => {
    const tables = JSON.parse(await curl([`${await reachable(endpoints.icebergRest)}/v1/namespaces/${SCHEMA}/tables`]));
    expect(tables.identifiers.map((t: any) => t.name)).toContain("numbers");
  }, 60_000);

  it("answers https://trino.<domain> through Traefik, with TLS from the stack's own CA, and takes queries only with the admin password", async () => {
    const origin: string = (await stack.outputs()).urls.value.trino;
    const traefikIp = (await kubectl(["get", "service", "-n", EDGE, "traefik"])).spec.clusterIP;
    const caFile = join(work.dir, "lakehouse-ca.crt");
    writeFileSync(caFile, await secretValue(CERT_MANAGER, "lakehouse-ca", "ca.crt"));
    const anonymous = edgeSend(traefikIp, caFile);
    // cert-manager signs the Ingress's certificate after the Ingress exists: until then Traefik serves its default one.
    const info = await waitFor(
      "Trino's /v1/info over HTTPS, verified against lakehouse-ca",
      async () => {
        const r = await anonymous(`${origin}/v1/info`, "GET", {});
        return r.status === 200 ? JSON.parse(r.body) : undefined;
      },
      300_000,
      3000,
    );
    expect(info).toMatchObject({ coordinator: true, nodeVersion: { version: "476" } });
    // The system's trust store does not know the stack's CA.
    await expect(edgeSend(traefikIp, undefined)(`${origin}/v1/info`, "GET", {})).rejects.toThrow(/certificate/i);

    const admin = { user: await secretValue(NS, "trino-admin", "username"), password: await secretValue(NS, "trino-admin", "password") };
    const asAdmin = await trinoQuery(origin, `SELECT count(*) FROM ${TABLE}`, { "X-Trino-User": admin.user }, 300_000, edgeSend(traefikIp, caFile, admin));
    expect(asAdmin.rows).toEqual([[ROWS]]);
    await expect(trinoQuery(origin, "SELECT 1", { "X-Trino-User": admin.user }, 60_000, anonymous)).rejects.toThrow(/Trino answered 401/);
    await expect(trinoQuery(origin, "SELECT 1", { "X-Trino-User": admin.user }, 60_000, edgeSend(traefikIp, caFile, { ...admin, password: `${admin.password}x` }))).rejects.toThrow(
      /Trino answered 401/,
    );
  }, 600_000);

  it("runs the example app's two replicas and answers https://example-api.<domain> through Traefik, its API only with the generated token", async () => {
    await podsReady("lakehouse-services", "app.kubernetes.io/name=example-api", 2);
    const origin: string = (await stack.outputs()).urls.value["example-api"];
    const traefikIp = (await kubectl(["get", "service", "-n", EDGE, "traefik"])).spec.clusterIP;
    const caFile = join(work.dir, "lakehouse-ca.crt");
    writeFileSync(caFile, await secretValue(CERT_MANAGER, "lakehouse-ca", "ca.crt"));
    const send = edgeSend(traefikIp, caFile);
    const health = await waitFor(
      "the example app's /healthz over HTTPS",
      async () => {
        const r = await send(`${origin}/healthz`, "GET", {});
        return r.status === 200 ? JSON.parse(r.body) : undefined;
      },
      300_000,
      3000,
    );
    expect(health).toEqual({ status: "ok" });
    expect((await send(`${origin}/api/greeting`, "GET", {})).status).toBe(401);
    const token = await secretValue("lakehouse-services", "example-api-generated", "API_TOKEN");
    expect(token).toHaveLength(40);
    const greeting = await send(`${origin}/api/greeting`, "GET", { Authorization: `Bearer ${token}` });
    expect(greeting.status).toBe(200);
    // The config file's content, served by one of the two pods.
    const body = JSON.parse(greeting.body);
    expect(body.greeting).toBe("hello from the lakehouse");
    const podNames = (await pods("lakehouse-services", "app.kubernetes.io/name=example-api")).map((p) => p.metadata.name);
    expect(podNames).toContain(body.pod);
    expect(body.database).toBe("example-api");

    // Its object store binding: a note written through the app lands under its prefix, with its own key.
    const auth = { Authorization: `Bearer ${token}` };
    const created = await send(`${origin}/api/notes`, "POST", auth, "a note through the lakehouse");
    expect(created.status).toBe(201);
    const note = JSON.parse(created.body);
    expect(note.key).toBe(`apps/example-api/notes/${note.id}.txt`);
    expect(JSON.parse((await send(`${origin}/api/notes/${note.id}`, "GET", auth)).body).text).toBe("a note through the lakehouse");
    const appKey = {
      id: await secretValue("lakehouse-services", "object-store-example-api", "accessKeyId"),
      secret: await secretValue("lakehouse-services", "object-store-example-api", "secretAccessKey"),
    };
    expect(await listObjects(await reachable(endpoints.objectStoreS3), "warehouse", "apps/example-api/", appKey)).toContain(note.key);

    // Its database binding: its own role logs in to its own database with the generated password.
    const host = new URL(await reachable(`tcp://${endpoints.postgres}`)).hostname;
    const role = { user: await secretValue("lakehouse-services", "example-api-database", "username"), password: await secretValue("lakehouse-services", "example-api-database", "password") };
    const whoami = await run("psql", ["-h", host, "-U", role.user, "-d", "example-api", "-tAc", "SELECT current_user || ' ' || current_database()"], {
      env: { ...process.env, PGPASSWORD: role.password, PGCONNECT_TIMEOUT: "10" },
    });
    expect(whoami.stdout.trim()).toBe("example-api example-api");
  }, 600_000);

  it("runs kube-prometheus-stack's operator, Prometheus and kube-state-metrics, and Prometheus scrapes every platform ServiceMonitor", async () => {
    const operator = await podsReady(OBSERVABILITY, "app.kubernetes.io/name=kube-prometheus-stack-prometheus-operator");
    const server = await podsReady(OBSERVABILITY, "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=monitoring-prometheus");
    await podsReady(OBSERVABILITY, "app.kubernetes.io/name=kube-state-metrics");
    expect([...operator, ...server].map((p) => p.spec.nodeName)).toEqual(["lakehouse-process-1", "lakehouse-process-1"]);
    // The operator wrote the StatefulSet: Prometheus and its config reloader, both running.
    expect(server[0].spec.containers.map((c: any) => c.name).sort()).toEqual(["config-reloader", "prometheus"]);

    const prometheus = await reachable(endpoints.prometheus);
    const monitors = ((await kubectl(["get", "servicemonitors", "--all-namespaces", "--selector", "app.kubernetes.io/part-of=lakehouse"])).items as any[]).map((m) =>
      serviceMonitorPool(m.metadata.namespace, m.metadata.name),
    );
    expect(monitors.length).toBeGreaterThanOrEqual(5);
    // Each platform ServiceMonitor has its targets, every one up (scraped every 30 s).
    const health = await waitFor(
      "every platform scrape target up",
      async () => {
        const targets = (await activeTargets(prometheus)).filter((t) => monitors.includes(t.scrapePool));
        const byPool = Object.fromEntries(monitors.map((pool) => [pool, targets.filter((t) => t.scrapePool === pool).map((t) => `${t.health}${t.lastError ? `: ${t.lastError}` : ""}`)]));
        return Object.values(byPool).every((states) => states.length > 0 && states.every((s) => s === "up")) ? byPool : undefined;
      },
      300_000,
      5000,
    ).catch(async (error) => {
      const targets = (await activeTargets(prometheus)).filter((t) => monitors.includes(t.scrapePool));
      throw new Error(`${String(error)}\n${targets.map((t) => `${t.scrapePool} ${t.labels.instance}: ${t.health} ${t.lastError}`).join("\n")}`);
    });
    expect(Object.keys(health).sort()).toEqual([...monitors].sort());

    // kube-state-metrics reports the platform's pods as the API server has them.
    const readyPods = (await kubectl(["get", "pods", "-n", NS])).items.filter(isReady).length;
    const reported = await waitFor(
      "kube-state-metrics' view of the platform's Ready pods",
      async () => {
        const [sample] = await instantQuery(prometheus, `sum(kube_pod_status_ready{namespace="${NS}",condition="true"})`);
        return sample && sample[1] === readyPods ? sample[1] : undefined;
      },
      180_000,
      5000,
    );
    expect(reported).toBe(readyPods);
  }, 600_000);

  it("loads the platform's alerting rules into Prometheus: each evaluates cleanly, the metrics they read exist, and no critical alert fires", async () => {
    const prometheus = await reachable(endpoints.prometheus);
    const expected = ((await kubectl(["get", "prometheusrules", "-n", OBSERVABILITY, "--selector", "app.kubernetes.io/part-of=lakehouse"])).items as any[]).flatMap((rule) =>
      rule.spec.groups.flatMap((group: any) => group.rules.map((r: any) => `${group.name}/${r.alert}`)),
    );
    expect(expected.length).toBeGreaterThan(20);
    // The operator hands the rules to Prometheus, which evaluates each group every 30 s.
    const loaded = await waitFor(
      "every platform rule loaded and evaluated",
      async () => {
        const rules = (await alertingRules(prometheus)).filter((rule) => rule.group.startsWith("lakehouse."));
        const names = new Set(rules.map((rule) => `${rule.group}/${rule.name}`));
        return expected.every((name) => names.has(name)) && rules.every((rule) => rule.health !== "unknown") ? rules : undefined;
      },
      300_000,
      5000,
    );
    expect(loaded.filter((rule) => rule.health !== "ok").map((rule) => `${rule.group}/${rule.name}: ${rule.lastError}`)).toEqual([]);
    // Their metrics under the names the servers and exporters really use, matched to services by the label kube-state-metrics exports.
    const present = async (promql: string) => (await instantQuery(prometheus, `count(${promql})`)).length > 0;
    const metrics = {
      "kube_pod_labels with the service label": `kube_pod_labels{label_lakehouse_dev_service="trino"}`,
      "PostgreSQL (pg_up)": `pg_up{namespace="${NS}"}`,
      "Valkey (redis_up)": `redis_up{namespace="${NS}"}`,
      "Garage (cluster_healthy, cluster_available)": `cluster_healthy{namespace="${NS}"} + on (pod) cluster_available{namespace="${NS}"}`,
      "Trino failures": `trino_execution_name_QueryManager_InternalFailures{namespace="${NS}"}`,
      "Trino active nodes": `trino_metadata_name_DiscoveryNodeManager_ActiveNodeCount{namespace="${NS}"}`,
      "Airflow's scheduler heartbeat": `airflow_scheduler_heartbeat{namespace="${WORKFLOWS}"}`,
      "Dagster's daemons": `dagster_daemon_healthy{namespace="${WORKFLOWS}"}`,
      "cert-manager's certificates": `certmanager_certificate_expiration_timestamp_seconds`,
    };
    const absent = async () => {
      const missing: string[] = [];
      for (const [what, promql] of Object.entries(metrics)) if (!(await present(promql))) missing.push(what);
      return missing;
    };
    // Waited for while scrapes catch up; what is still absent after that is the failure's message.
    const missing = await waitFor("every metric the rules read", async () => ((await absent()).length === 0 ? [] : undefined), 240_000, 10_000).catch(absent);
    expect(missing).toEqual([]);
    const firing = await instantQuery(prometheus, `ALERTS{alertstate="firing", alertname=~"Lakehouse.*"}`);
    figures["platform alerts firing on the healthy local stack"] = firing.map(([labels]) => `${labels.alertname}(${labels.service})`).join(", ") || "none";
    expect(firing.filter(([labels]) => labels.severity === "critical").map(([labels]) => `${labels.alertname}(${labels.service})`)).toEqual([]);
  }, 600_000);

  it("ran Airflow's migrate and admin-user Tasks, and its api-server is healthy", async () => {
    expect(jobComplete(await job("airflow-migrate", WORKFLOWS))).toBe(true);
    expect(jobComplete(await job("airflow-admin-user", WORKFLOWS))).toBe(true);
    await podsReady(WORKFLOWS, "app.kubernetes.io/name=airflow,app.kubernetes.io/component in (api-server,scheduler,dag-processor,triggerer,worker)", 5);
    const health = JSON.parse(await curl([`${await reachable(endpoints.airflow)}/api/v2/monitor/health`]));
    expect(health.metadatabase.status).toBe("healthy");
    expect(health.scheduler.status).toBe("healthy");
  }, 600_000);

  it("runs the smoke DAG, triggered through the REST API, on a Celery worker, with its task logs in the object store", async () => {
    const api = await airflowApi(await reachable(endpoints.airflow), await secretValue(WORKFLOWS, "airflow-keys", "adminUsername"), await secretValue(WORKFLOWS, "airflow-keys", "adminPassword"));
    // The dag processor parses the shipped file first.
    await waitFor("the dag processor to parse lakehouse_smoke", async () => (await api.get("/dags/lakehouse_smoke")).dag_id, 300_000, 5000);
    const { run, tasks } = await runDag(api, "lakehouse_smoke", 600_000);
    expect(run.state).toBe("success");
    expect(tasks.map((t) => [t.task_id, t.state]).sort()).toEqual([
      ["check", "success"],
      ["produce", "success"],
    ]);
    // Run by the Celery worker (hostname_callable is the pod IP), taken from the broker's queue.
    const workerIps = (await pods(WORKFLOWS, "app.kubernetes.io/name=airflow,app.kubernetes.io/component=worker")).map((p) => p.status.podIP);
    for (const t of tasks) {
      expect(workerIps).toContain(t.hostname);
      expect(t.queue).toBe("default");
    }
    // Each attempt's log, uploaded by the worker, read with Airflow's own key.
    const key = { id: await secretValue(WORKFLOWS, "object-store-airflow", "accessKeyId"), secret: await secretValue(WORKFLOWS, "object-store-airflow", "secretAccessKey") };
    const s3 = await reachable(endpoints.objectStoreS3);
    const expected = tasks.map((t) => `airflow-logs/dag_id=lakehouse_smoke/run_id=${run.dag_run_id}/task_id=${t.task_id}/attempt=${t.try_number}.log`);
    // The worker uploads a task's log as the task finishes, which can come after the run's state.
    const keys = await waitFor(
      "every task's log in the bucket",
      async () => {
        const listed = await listObjects(s3, "warehouse", "airflow-logs/dag_id=lakehouse_smoke/", key);
        return expected.every((e) => listed.includes(e)) ? listed : undefined;
      },
      120_000,
      3000,
    ).catch(async () => listObjects(s3, "warehouse", "airflow-logs/dag_id=lakehouse_smoke/", key));
    expect(keys).toEqual(expect.arrayContaining(expected));
  }, 900_000);

  it("runs the example DAG bundle from its object store prefix: each run's rows go through Trino into Iceberg and are queried back", async () => {
    expect(jobComplete(await job("airflow-example-dags", WORKFLOWS))).toBe(true);
    const api = await airflowApi(await reachable(endpoints.airflow), await secretValue(WORKFLOWS, "airflow-keys", "adminUsername"), await secretValue(WORKFLOWS, "airflow-keys", "adminPassword"));
    // Parsed from the S3 bundle, not from the image's DAG folder.
    const dag = await waitFor(
      "the dag processor to parse the example bundle",
      async () => ((await api.get("/dags/lakehouse_iceberg_example")).dag_id ? await api.get("/dags/lakehouse_iceberg_example") : undefined),
      300_000,
      5000,
    );
    expect(dag.bundle_name).toBe("lakehouse-examples");
    const started = Date.now();
    const { run, tasks } = await runDag(api, "lakehouse_iceberg_example", 600_000);
    figures["example DAG run (trigger to success)"] = `${((Date.now() - started) / 1000).toFixed(0)} s`;
    // A failed task's own log, so the failure says why.
    expect({ state: run.state, logs: run.state === "success" ? "" : await failedTaskLogs(api, "lakehouse_iceberg_example", run, tasks) }).toEqual({ state: "success", logs: "" });
    expect(tasks.map((t) => [t.task_id, t.state]).sort()).toEqual([
      ["append_rows", "success"],
      ["create_table", "success"],
      ["read_back", "success"],
    ]);
    expect(run.state).toBe("success");
    // The table the DAG wrote, read back here through Trino.
    const rows = await trino(`SELECT count(*), sum(amount) FROM iceberg.lakehouse_examples.airflow_runs WHERE run_id = '${run.dag_run_id.replace(/'/g, "''")}'`);
    expect(rows.rows).toEqual([[3, 9]]);
  }, 900_000);

  it("runs the example Dagster asset as a Kubernetes Job of its code location: its rows go through Trino into Iceberg and are queried back", async () => {
    expect(jobComplete(await job("dagster-migrate", WORKFLOWS))).toBe(true);
    await podsReady(WORKFLOWS, "app.kubernetes.io/name=dagster,app.kubernetes.io/component in (webserver,daemon,user-code)", 3);
    const dagster = await reachable(endpoints.dagster);
    // The webserver loads the location from its gRPC server, by the DNS name the workspace gives.
    const locations = await waitFor(
      "the example code location to load",
      async () => {
        const found = await codeLocations(dagster);
        return found.every((location) => location.loadStatus === "LOADED") ? found : undefined;
      },
      300_000,
      5000,
    );
    expect(locations).toEqual([{ name: EXAMPLE_CODE_LOCATION, loadStatus: "LOADED" }]);
    const started = Date.now();
    const result = await runJob(dagster, EXAMPLE_CODE_LOCATION, "lakehouse_iceberg", 600_000);
    figures["example Dagster asset run (launch to success)"] = `${((Date.now() - started) / 1000).toFixed(0)} s`;
    // The run's error events, so a failure says why.
    expect({ status: result.status, errors: result.status === "SUCCESS" ? "" : await runErrors(dagster, result.runId) }).toEqual({ status: "SUCCESS", errors: "" });
    // Launched by the K8sRunLauncher as a Job in the workflows namespace, from the location's image.
    // The run reports success before its pod exits: the Job completes a moment later.
    const runJobObject = await waitFor(
      "the run's Job to complete",
      async () => {
        const found = (await kubectl(["get", "job", "-n", WORKFLOWS, `dagster-run-${result.runId}`])) as any;
        return jobComplete(found) ? found : undefined;
      },
      120_000,
      2000,
    );
    expect(runJobObject.spec.template.spec.containers[0].image).toBe(PINNED_IMAGES.dagster);
    const { schema, table } = EXAMPLE_ASSET_TABLE;
    const rows = await trino(`SELECT count(*), sum(amount) FROM iceberg.${schema}.${table} WHERE run_id = '${result.runId}'`);
    expect(rows.rows).toEqual([[3, 9]]);
  }, 900_000);

  it("backs PostgreSQL up to the object store and restores a dropped database from it, as docs/operations/backup-restore.md says", async () => {
    const pgEnv = await superuserEnv();
    const psql = async (database: string, sql: string) => (await run("psql", ["-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql], { env: pgEnv })).stdout.trim();
    await psql("postgres", "DROP DATABASE IF EXISTS backup_check");
    await psql("postgres", "CREATE DATABASE backup_check");
    await psql("backup_check", "CREATE TABLE readings AS SELECT n, md5(n::text) AS digest FROM generate_series(1, 10000) AS n");

    // Step 1 of the runbook: a backup now, from the CronJob's own template.
    const jobName = `postgres-backup-check-${Date.now()}`;
    const started = Date.now();
    await kubectlText(["create", "job", "-n", NS, `--from=cronjob/postgres-backup`, jobName]);
    const backupJob = await waitFor(
      "the backup Job to finish",
      async () => {
        const found = (await kubectl(["get", "job", "-n", NS, jobName])) as any;
        return found.status?.succeeded || found.status?.failed ? found : undefined;
      },
      600_000,
      3000,
    );
    if (!jobComplete(backupJob)) throw new Error(`backup failed:\n${await kubectlText(["logs", "-n", NS, `job/${jobName}`, "--all-containers"]).catch((e) => String(e))}`);
    figures["PostgreSQL backup (Job created to complete)"] = `${((Date.now() - started) / 1000).toFixed(0)} s`;

    // Step 2: the newest backup's objects, listed with PostgreSQL's own key.
    const s3 = await reachable(endpoints.objectStoreS3);
    const key = { id: await secretValue(NS, "object-store-postgres", "accessKeyId"), secret: await secretValue(NS, "object-store-postgres", "secretAccessKey") };
    const objects = await listObjects(s3, "warehouse", "backups/postgres/", key);
    const stamps = [...new Set(objects.map((k) => k.split("/")[2]))].sort();
    const newest = stamps[stamps.length - 1];
    expect(objects).toEqual(expect.arrayContaining([`backups/postgres/${newest}/globals.sql`, `backups/postgres/${newest}/backup_check.dump`, `backups/postgres/${newest}/nessie.dump`]));

    // Step 3: the database is lost; step 4: restored from its dump with pg_restore --create.
    await psql("postgres", "DROP DATABASE backup_check");
    const dump = join(work.dir, "backup_check.dump");
    const restoreStarted = Date.now();
    await getObject(s3, "warehouse", `backups/postgres/${newest}/backup_check.dump`, dump, key);
    await run("pg_restore", ["--create", "--exit-on-error", "--dbname=postgres", dump], { env: pgEnv });
    figures["PostgreSQL restore of a 10,000-row database (download and pg_restore)"] = `${((Date.now() - restoreStarted) / 1000).toFixed(1)} s`;
    expect(await psql("backup_check", "SELECT count(*), sum(n) FROM readings")).toBe("10000|50005000");
    await psql("postgres", "DROP DATABASE backup_check");
  }, 900_000);

  it("survives the loss of the Trino worker and of PostgreSQL, with nothing lost", async () => {
    const [worker] = await pods(NS, "app.kubernetes.io/name=trino,app.kubernetes.io/component=worker");
    const [database] = await pods(NS, "app.kubernetes.io/name=postgres,app.kubernetes.io/component=database");
    // The worker drains first (its preStop hook): up to its 300 s grace period.
    await kubectlText(["delete", "pod", "-n", NS, worker.metadata.name, database.metadata.name, "--wait=true", "--timeout=420s"]);
    await podsReady(NS, "app.kubernetes.io/name=postgres,app.kubernetes.io/component=database");
    await podsReady(NS, "app.kubernetes.io/name=trino,app.kubernetes.io/component=worker");
    const count = await waitFor("the table answering again", async () => (await trino(`SELECT count(*) FROM ${TABLE}`)).rows[0][0], 300_000, 5000);
    expect(count).toBe(ROWS);
  }, 900_000);

  it("restarts Garage when its process dies, and reads succeed again", async () => {
    const GARAGE = "app.kubernetes.io/name=garage,app.kubernetes.io/component=object-store";
    const [garage] = await pods(NS, GARAGE);
    const status = garage.status.containerStatuses.find((c: any) => c.name === "garage");
    const pid = Number(status.containerID.replace("process://", ""));
    process.kill(pid, "SIGKILL");
    const restarted = await waitFor(
      "Garage restarted and Ready",
      async () => {
        const [p] = await pods(NS, GARAGE);
        const s = p.status.containerStatuses.find((c: any) => c.name === "garage");
        return s.restartCount > status.restartCount && isReady(p) ? s : undefined;
      },
      300_000,
    );
    expect(restarted.lastState.terminated.exitCode).toBe(137);
    const count = await waitFor("reads through Garage again", async () => (await trino(`SELECT count(*) FROM ${TABLE}`)).rows[0][0], 300_000, 5000);
    expect(count).toBe(ROWS);
  }, 900_000);

  it("keeps a pod whose image has no local equivalent Pending, with an event naming the image", async () => {
    const image = "docker.io/library/nginx:1.27.5";
    await kubectlText(["run", "no-equivalent", "-n", "default", `--image=${image}`, "--restart=Never"]);
    const event = await waitFor(
      "the event",
      async () => {
        const events = (await kubectl(["get", "events", "-n", "default", "--field-selector", "involvedObject.name=no-equivalent"])).items as any[];
        return events.find((e) => e.message.includes(image));
      },
      60_000,
    );
    expect(event.message).toMatch(/no local equivalent/);
    const pod = await kubectl(["get", "pod", "-n", "default", "no-equivalent"]);
    expect(pod.status.phase).toBe("Pending");
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe("ImageHasNoLocalEquivalent");
    await kubectlText(["delete", "pod", "-n", "default", "no-equivalent", "--wait=false"]);
  }, 120_000);

  it("reports a failing Task as a failed Job, with its log", async () => {
    await kubectlText(["create", "job", "fails", "-n", "default", "--image=docker.io/curlimages/curl:8.15.0", "--", "sh", "-c", "echo about to fail; exit 3"]);
    await kubectlText(["patch", "job", "fails", "-n", "default", "--type=merge", "-p", '{"spec":{"backoffLimit":0}}']).catch(() => undefined);
    const failed = await waitFor(
      "the Job failed",
      async () => {
        const j = await kubectl(["get", "job", "-n", "default", "fails"]);
        return j.status?.conditions?.find((c: any) => c.type === "Failed" && c.status === "True");
      },
      180_000,
    );
    expect(failed).toBeDefined();
    expect(await kubectlText(["logs", "-n", "default", "job/fails"])).toContain("about to fail");
    await kubectlText(["delete", "job", "fails", "-n", "default", "--wait=false"]);
  }, 240_000);

  it("records the stack's memory, resident and peak, beside what its pods request (figures)", async () => {
    const running = ((await kubectl(["get", "pods", "--all-namespaces", "--field-selector", "status.phase=Running"])).items as any[]).filter((p) => p.spec.nodeName === "lakehouse-process-1");
    expect(running.length).toBeGreaterThan(15);
    const sum = (resource: string) => running.flatMap((p) => p.spec.containers).reduce((total: number, c: any) => total + (parseQuantity(c.resources?.requests?.[resource] ?? "0")?.value ?? 0), 0);
    const memory = await podMemoryMiB();
    expect(memory.peak).toBeGreaterThanOrEqual(memory.resident);
    figures["after the whole suite: resident / sum of each process's peak"] = `${memory.resident} MiB / ${memory.peak} MiB`;
    figures[`what the ${running.length} running pods request`] = `${sum("cpu").toFixed(2)} CPU, ${Math.round(sum("memory") / 2 ** 20)} MiB`;
  });

  it("changes nothing on a second up", async () => {
    const result = await step("second up", () => stack.up({ onOutput: () => undefined }));
    const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([kind, count]) => kind !== "same" && (count ?? 0) > 0);
    expect(changes).toEqual([]);
  }, 600_000);

  it("destroys everything and leaves no process behind", async () => {
    const result = await step("destroy", () => stack.destroy({ onOutput: () => undefined }));
    expect(result.summary.result).toBe("succeeded");
    const left = await waitFor("every pod process gone", async () => ((await processesOnNode()).length === 0 ? [] : undefined), 300_000);
    expect(left).toEqual([]);
  }, 900_000);
});
