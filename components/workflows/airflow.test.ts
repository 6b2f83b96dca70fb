import * as pulumi from "@pulumi/pulumi";
import { serviceContext } from "../kit/serviceContext";
import { mandatoryViolations } from "../../test/support/components";
import { Airflow } from "./airflow";
import {
  fakeBroker,
  fakeDatabase,
  fakeObjectStore,
  fakePlatform,
  named,
  ofType,
  PLATFORM_DNS,
  pods,
  type Registered,
  registrationsOf,
  SENTINELS,
  stagingConfig,
  strings,
  useMocks,
} from "../../test/support/workflows";

const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const containersOf = (spec: any): any[] => [...(spec.initContainers ?? []), ...spec.containers];

let resources: Registered[];
let airflow: Airflow;

beforeAll(async () => {
  await useMocks();
  const config = stagingConfig((c) => {
    c.services.airflow.replicas = 2;
    c.services.airflow.workers.replicas = 3;
  });
  resources = await registrationsOf(() => {
    airflow = new Airflow("airflow", { service: serviceContext(fakePlatform(config), "airflow"), database: fakeDatabase("airflow"), broker: fakeBroker(), objectStore: fakeObjectStore("airflow") });
  });
});

describe("Airflow in the cluster", () => {
  it("runs the migration and admin-user Jobs, then the api-server, scheduler, dag processor, triggerer, workers and StatsD exporter", () => {
    const jobs = ofType("kubernetes:batch/v1:Job", resources);
    expect(jobs.map((job) => job.name).sort()).toEqual(["airflow-admin-user", "airflow-example-dags", "airflow-migrate"]);
    expect(named("kubernetes:batch/v1:Job", "airflow-migrate", resources).inputs.spec.template.spec.containers[0].args).toEqual(["db", "migrate"]);
    expect(
      ofType(DEPLOYMENT, resources)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["airflow-api-server", "airflow-dag-processor", "airflow-scheduler", "airflow-statsd", "airflow-triggerer", "airflow-worker"]);
    const args = (name: string) => named(DEPLOYMENT, name, resources).inputs.spec.template.spec.containers[0].args;
    expect(args("airflow-api-server")[0]).toBe("api-server");
    expect(args("airflow-scheduler")).toEqual(["scheduler"]);
    expect(args("airflow-dag-processor")).toEqual(["dag-processor"]);
    expect(args("airflow-triggerer")).toEqual(["triggerer"]);
    expect(args("airflow-worker")).toEqual(["celery", "worker"]);
    // The dag processor serves nothing, so it has no Service.
    expect(ofType("kubernetes:core/v1:Service", resources).map((s) => s.name)).not.toContain("airflow-dag-processor");
  });

  it("sizes the api-server and the workers from the stack", () => {
    expect(named(DEPLOYMENT, "airflow-api-server", resources).inputs.spec.replicas).toBe(2);
    expect(named(DEPLOYMENT, "airflow-scheduler", resources).inputs.spec.replicas).toBe(2);
    expect(named(DEPLOYMENT, "airflow-triggerer", resources).inputs.spec.replicas).toBe(2);
    // One dag processor parses every file: replaced, never surged.
    expect(named(DEPLOYMENT, "airflow-dag-processor", resources).inputs.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    const worker = named(DEPLOYMENT, "airflow-worker", resources).inputs.spec;
    expect(worker.replicas).toBe(3);
    expect(worker.template.spec.containers[0].resources).toEqual(stagingConfig().services.airflow.workers.resources);
  });

  it("runs every pod as non-root, with liveness and readiness probes on every long-running container", () => {
    const all = pods(resources);
    expect(all.length).toBe(9);
    for (const { resource, spec } of all) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of containersOf(spec)) {
        expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        if (resource.type === DEPLOYMENT) {
          expect(container.livenessProbe).toBeDefined();
          expect(container.readinessProbe).toBeDefined();
        }
      }
    }
  });

  it("never puts a password or key in a ConfigMap or an env value: credentials are Secret references", () => {
    const sentinels = Object.values(SENTINELS);
    const plain = resources.filter((r) => r.type !== "kubernetes:core/v1:Secret").flatMap((r) => strings(r.inputs, `${r.type}::${r.name}`));
    expect(plain.filter(({ text }) => sentinels.some((s) => text.includes(s)))).toEqual([]);
    const env = pods(resources).flatMap(({ spec }) => containersOf(spec).flatMap((c) => c.env ?? []));
    const sensitive = env.filter((e: any) => /PASSWORD|SECRET|FERNET|_KEY_ID|DB_USER/.test(e.name) && !e.name.endsWith("_CMD"));
    expect(sensitive.length).toBeGreaterThan(0);
    for (const variable of sensitive) expect(variable).toEqual({ name: variable.name, valueFrom: { secretKeyRef: expect.anything() } });
    // Connection URLs are built at start (the `_CMD` options), never set as values.
    expect(env.map((e: any) => e.name)).not.toEqual(expect.arrayContaining(["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]));
    expect(env.find((e: any) => e.name === "AIRFLOW__CELERY__BROKER_URL_CMD")?.value).toBe("python3 /opt/lakehouse/connection_url.py broker");
    expect(env.find((e: any) => e.name === "LAKEHOUSE_DB_PASSWORD")?.valueFrom.secretKeyRef).toEqual({ name: "airflow-database", key: "password" });
    expect(env.find((e: any) => e.name === "LAKEHOUSE_BROKER_PASSWORD")?.valueFrom.secretKeyRef).toEqual({ name: "valkey-auth", key: "password" });
  });

  it("reaches PostgreSQL and Valkey by the bindings' DNS names", () => {
    const env = named(DEPLOYMENT, "airflow-scheduler", resources).inputs.spec.template.spec.containers[0].env;
    const valueOf = (name: string) => env.find((e: any) => e.name === name)?.value;
    expect(valueOf("LAKEHOUSE_DB_HOST")).toBe(PLATFORM_DNS("postgres"));
    expect(valueOf("LAKEHOUSE_DB_NAME")).toBe("airflow");
    expect(valueOf("LAKEHOUSE_BROKER_HOST")).toBe(PLATFORM_DNS("valkey"));
  });

  it("configures the CeleryExecutor and FAB in one ConfigMap whose checksum rolls every component", () => {
    const configMap = named("kubernetes:core/v1:ConfigMap", "airflow-config", resources).inputs;
    const cfg: string = configMap.data["airflow.cfg"];
    expect(cfg).toContain("executor = CeleryExecutor");
    expect(cfg).toContain("auth_manager = airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager");
    expect(cfg).toContain("execution_api_server_url = http://airflow-api-server.lakehouse-workflows.svc.cluster.local:8080/execution/");
    expect(cfg).toContain("statsd_host = airflow-statsd.lakehouse-workflows.svc.cluster.local");
    const checksums = ["airflow-api-server", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker"].map(
      (name) => named(DEPLOYMENT, name, resources).inputs.spec.template.metadata.annotations["lakehouse.dev/config-checksum"],
    );
    expect(new Set(checksums).size).toBe(1);
    expect(checksums[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the UI's public URL through the edge in links and login redirects, and trusts the edge's proxy headers", () => {
    const cfg: string = named("kubernetes:core/v1:ConfigMap", "airflow-config", resources).inputs.data["airflow.cfg"];
    expect(cfg).toContain("[api]\nbase_url = https://airflow.lakehouse-staging.example.com/\n");
    // Tasks still reach the Execution API inside the cluster, not through the edge.
    expect(cfg).toContain("execution_api_server_url = http://airflow-api-server.lakehouse-workflows.svc.cluster.local:8080/execution/");
    const apiServer = named(DEPLOYMENT, "airflow-api-server", resources).inputs.spec.template.spec.containers[0];
    expect(apiServer.args).toEqual(["api-server", "--proxy-headers"]);
    expect(apiServer.env).toContainEqual({ name: "FORWARDED_ALLOW_IPS", value: "*" });
  });

  it("drains workers gracefully: stop consuming before SIGTERM, then time for running tasks", () => {
    const spec = named(DEPLOYMENT, "airflow-worker", resources).inputs.spec.template.spec;
    expect(spec.terminationGracePeriodSeconds).toBe(600);
    expect(spec.containers[0].lifecycle.preStop.exec.command.join(" ")).toContain("control cancel_consumer default");
    // Only workers may call the Kubernetes API (tasks launching pods).
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(named(DEPLOYMENT, "airflow-scheduler", resources).inputs.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it("keeps task logs in the object store, reached by DNS through connection lakehouse_s3", () => {
    const cfg: string = named("kubernetes:core/v1:ConfigMap", "airflow-config", resources).inputs.data["airflow.cfg"];
    const logging = cfg.slice(cfg.indexOf("[logging]"), cfg.indexOf("[api]"));
    expect(logging).toContain("remote_logging = True\nremote_base_log_folder = s3://warehouse/airflow-logs\nremote_log_conn_id = lakehouse_s3\ndelete_local_logs = True\n");
    // Workers and the triggerer write the logs, the api-server reads them: every running component has the connection.
    for (const name of ["airflow-api-server", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker"]) {
      const env = named(DEPLOYMENT, name, resources).inputs.spec.template.spec.containers[0].env;
      const connection = JSON.parse(env.find((e: any) => e.name === "AIRFLOW_CONN_LAKEHOUSE_S3").value);
      expect(connection).toEqual({
        conn_type: "aws",
        extra: { endpoint_url: `http://${PLATFORM_DNS("object-store")}:3900`, region_name: "garage", config_kwargs: { s3: { addressing_style: "path" } } },
      });
      // The consumer's own key, from the binding's Secret only.
      expect(env.find((e: any) => e.name === "AWS_ACCESS_KEY_ID").valueFrom.secretKeyRef).toEqual({ name: "airflow-object-store", key: "accessKeyId" });
      expect(env.find((e: any) => e.name === "AWS_SECRET_ACCESS_KEY").valueFrom.secretKeyRef).toEqual({ name: "airflow-object-store", key: "secretAccessKey" });
    }
    // The Jobs never touch the store, but the one that writes the example bundle there.
    for (const job of ofType("kubernetes:batch/v1:Job", resources).filter((j) => j.name !== "airflow-example-dags")) {
      expect(job.inputs.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain("AWS_SECRET_ACCESS_KEY");
    }
  });

  it("publishes the api-server and the StatsD exporter's metrics", async () => {
    expect(await value(airflow.apiServer.host)).toBe("airflow-api-server.lakehouse-workflows.svc.cluster.local");
    expect(airflow.webUi?.name).toBe("airflow");
    expect(airflow.webUi?.port).toBe(8080);
    expect(airflow.scrapeTargets).toEqual([
      expect.objectContaining({ name: "airflow", portName: "metrics", path: "/metrics", selector: { "app.kubernetes.io/name": "airflow", "app.kubernetes.io/instance": "airflow-statsd" } }),
    ]);
    const statsd = named("kubernetes:core/v1:Service", "airflow-statsd", resources).inputs.spec;
    expect(statsd.ports).toEqual(expect.arrayContaining([expect.objectContaining({ name: "metrics", port: 9102 }), expect.objectContaining({ name: "statsd", protocol: "UDP" })]));
    expect(await value(airflow.adminCredentialCommands!.password)).toContain("get secret airflow-keys");
  });

  it("passes the policy pack with no mandatory violation", () => {
    expect(mandatoryViolations(resources)).toEqual([]);
  });
});

describe("Airflow's DAG bundles", () => {
  let registered: Registered[];
  beforeAll(async () => {
    const config = stagingConfig((c) => {
      c.services.airflow.dagBundles = [
        { name: "team-dags", source: "git", url: "https://git.acme.example/data/dags.git", ref: "main", credentialsSecret: "team-dags-git" },
        { name: "etl", source: "s3", prefix: "dags/etl" },
      ];
    });
    registered = await registrationsOf(
      () =>
        new Airflow("airflow-bundles", {
          service: serviceContext(fakePlatform(config, "bundles-"), "airflow"),
          database: fakeDatabase("airflow"),
          broker: fakeBroker(),
          objectStore: fakeObjectStore("airflow"),
          trino: { host: pulumi.output("trino.lakehouse-query.svc.cluster.local"), port: 8080, tls: false },
        }),
    );
  });
  const cfg = () => named("kubernetes:core/v1:ConfigMap", "airflow-bundles-config", registered).inputs.data["airflow.cfg"] as string;
  const bundleList = () => JSON.parse(/^dag_bundle_config_list = (.*)$/m.exec(cfg())![1]);

  it("lists the image's DAG folder, the stack's bundles and the example, in that order", () => {
    expect(bundleList().map((b: any) => [b.name, b.classpath.split(".").pop()])).toEqual([
      ["dags-folder", "LocalDagBundle"],
      ["team-dags", "GitDagBundle"],
      ["etl", "S3DagBundle"],
      ["lakehouse-examples", "S3DagBundle"],
    ]);
  });

  it("mounts nothing over /opt/airflow or its DAG folder but the smoke DAG's file", () => {
    for (const { spec } of pods(registered)) {
      for (const container of containersOf(spec)) {
        const mounts = (container.volumeMounts ?? []).map((m: any) => m.mountPath);
        expect(mounts).not.toContain("/opt/airflow");
        expect(mounts).not.toContain("/opt/airflow/dags");
      }
    }
  });

  it("gives every running component the private bundle's connection from the operator's Secret, and Trino's address", () => {
    const deployments = ofType(DEPLOYMENT, registered).filter((d) => !d.name.endsWith("-statsd"));
    expect(deployments).toHaveLength(5);
    for (const deployment of deployments) {
      const env = deployment.inputs.spec.template.spec.containers[0].env;
      expect(env.find((e: any) => e.name === "AIRFLOW_CONN_LAKEHOUSE_GIT_TEAM_DAGS").valueFrom.secretKeyRef).toEqual({ name: "team-dags-git", key: "connection" });
      expect(env.find((e: any) => e.name === "LAKEHOUSE_TRINO_URL").value).toBe("http://trino.lakehouse-query.svc.cluster.local:8080");
    }
  });

  it("uploads the example DAG to its prefix with Airflow's own key before any component starts", () => {
    const job = named("kubernetes:batch/v1:Job", "airflow-bundles-example-dags", registered);
    const container = job.inputs.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
    expect(env).toMatchObject({
      LAKEHOUSE_BUNDLE_BUCKET: "warehouse",
      LAKEHOUSE_BUNDLE_PREFIX: "airflow-dags/lakehouse-examples",
      AWS_SECRET_ACCESS_KEY: { name: "airflow-object-store", key: "secretAccessKey" },
    });
    const files = ofType("kubernetes:core/v1:ConfigMap", registered).find((c) => c.name === "airflow-bundles-example-dags-files")!.inputs.data;
    expect(Object.keys(files)).toEqual(["lakehouse_iceberg_example.py"]);
    // Every component waits for the upload: an S3 bundle refuses a prefix that does not exist yet.
    const workloads = ofType("lakehouse:kit:Workload", registered).filter((w) => !w.name.endsWith("-statsd"));
    expect(workloads).toHaveLength(5);
    for (const workload of workloads) expect(workload.dependsOn).toContain("airflow-bundles-example-dags");
  });

  it("passes the policy pack with no mandatory violation", () => {
    expect(mandatoryViolations(registered)).toEqual([]);
  });
});

describe("Airflow elsewhere", () => {
  it("registers no workload in external mode and hands over the configured endpoint", async () => {
    const config = stagingConfig((c) => {
      c.services.airflow.mode = "external";
      c.services.airflow.external = { host: "airflow.example.com", port: 443, tls: true };
    });
    const platform = fakePlatform(config, "external-");
    let external: Airflow | undefined;
    const registered = await registrationsOf(() => {
      external = new Airflow("airflow-elsewhere", { service: serviceContext(platform, "airflow"), database: fakeDatabase("airflow"), broker: fakeBroker() });
    });
    expect(registered.map((r) => r.type)).toEqual(["lakehouse:workflows:Airflow"]);
    expect(await value(external!.apiServer.host)).toBe("airflow.example.com");
    expect(external!.apiServer).toMatchObject({ port: 443, tls: true });
    expect(external!.webUi).toBeUndefined();
    expect(external!.scrapeTargets).toEqual([]);
  });

  it("without the edge, keeps Airflow's relative links and trusts no proxy header", async () => {
    const config = stagingConfig((c) => {
      c.edge.enabled = false;
      c.services.airflow.exampleDags = false;
    });
    const registered = await registrationsOf(
      () => new Airflow("airflow-direct", { service: serviceContext(fakePlatform(config, "direct-"), "airflow"), database: fakeDatabase("airflow"), broker: fakeBroker() }),
    );
    const cfg: string = named("kubernetes:core/v1:ConfigMap", "airflow-direct-config", registered).inputs.data["airflow.cfg"];
    expect(cfg).toContain("[api]\nport = 8080");
    expect(cfg).not.toContain("base_url");
    const apiServer = named(DEPLOYMENT, "airflow-direct-api-server", registered).inputs.spec.template.spec.containers[0];
    expect(apiServer.args).toEqual(["api-server"]);
    expect(apiServer.env.map((e: any) => e.name)).not.toContain("FORWARDED_ALLOW_IPS");
  });

  it("without an object store, keeps task logs on the pods and holds no object store key", async () => {
    const registered = await registrationsOf(
      () =>
        new Airflow("airflow-local", {
          service: serviceContext(
            fakePlatform(
              stagingConfig((c) => (c.services.airflow.exampleDags = false)),
              "local-",
            ),
            "airflow",
          ),
          database: fakeDatabase("airflow"),
          broker: fakeBroker(),
        }),
    );
    expect(named("kubernetes:core/v1:ConfigMap", "airflow-local-config", registered).inputs.data["airflow.cfg"]).not.toContain("remote_");
    const env = pods(registered).flatMap(({ spec }) => containersOf(spec).flatMap((c) => c.env ?? []));
    expect(env.map((e: any) => e.name)).not.toContain("AIRFLOW_CONN_LAKEHOUSE_S3");
  });

  it("refuses to be declared while disabled", () => {
    const config = stagingConfig((c) => (c.services.airflow.enabled = false));
    expect(() => new Airflow("airflow-off", { service: serviceContext(fakePlatform(config, "off-"), "airflow"), database: fakeDatabase("airflow"), broker: fakeBroker() })).toThrow(/disabled/);
  });
});
