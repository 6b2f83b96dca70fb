// The platform's wiring, asserted on what the whole program registers under mocks: every
// consumer reaches its dependency by DNS name, in the cluster or (external mode) outside it,
// and the sizes in the stack files are what the workloads get.
import { parseStackConfig } from "../stacks";
import { ofType, renderedStack, runProgram, type ProgramRun } from "./mocks";
import { rawLakehouseConfig, stackFileConfig } from "./stackFiles";

const named = (run: ProgramRun, type: string, name: string) => {
  const found = ofType(run, type).find((r) => r.name === name);
  if (!found)
    throw new Error(
      `no ${type} named ${name}; registered: ${ofType(run, type)
        .map((r) => r.name)
        .join(", ")}`,
    );
  return found.inputs;
};
const env = (workload: any, container = 0) => Object.fromEntries(workload.spec.template.spec.containers[container].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe("the dev stack's wiring", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await renderedStack("dev");
  }, 60_000);

  it("registers every core layer once", () => {
    for (const type of [
      "lakehouse:storage:ObjectStore",
      "lakehouse:data:Postgres",
      "lakehouse:data:Valkey",
      "lakehouse:catalog:Catalog",
      "lakehouse:query:Trino",
      "lakehouse:workflows:Airflow",
      "lakehouse:edge:Edge",
      "lakehouse:observability:Observability",
    ]) {
      expect({ type, count: ofType(run, type).length }).toEqual({ type, count: 1 });
    }
    expect(ofType(run, "lakehouse:workflows:Dagster")).toHaveLength(0); // off in dev
  });

  it("points Trino's iceberg catalog at Nessie's REST API and the object store by cluster DNS", () => {
    const iceberg = named(run, "kubernetes:core/v1:ConfigMap", "trino-catalog").data["iceberg.properties"];
    expect(iceberg).toContain("iceberg.rest-catalog.uri=http://nessie.lakehouse-platform.svc.cluster.local:19120/iceberg");
    expect(iceberg).toMatch(/^s3\.endpoint=http:\/\/[a-z0-9-]+\.lakehouse-platform\.svc\.cluster\.local:\d+$/m);
    expect(iceberg).toContain("s3.aws-secret-key=${ENV:S3_SECRET_KEY}");
  });

  it("outputs how to read Trino's admin login, never the login itself", () => {
    const read = (key: string) => `kubectl --namespace lakehouse-platform get secret trino-admin --output jsonpath='{.data.${key}}' | base64 --decode`;
    expect((run.outputs.credentials as Record<string, unknown>)["trino-admin"]).toEqual({ username: read("username"), password: read("password") });
  });

  it("points Nessie at PostgreSQL by cluster DNS, its own database, credentials from its Secret", () => {
    const properties = named(run, "kubernetes:core/v1:ConfigMap", "nessie-config").data["application.properties"];
    expect(properties).toContain("quarkus.datasource.postgresql.jdbc.url=jdbc:postgresql://postgres.lakehouse-platform.svc.cluster.local:5432/nessie?sslmode=disable");
    expect(env(named(run, "kubernetes:apps/v1:Deployment", "nessie")).QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD).toEqual({ secretKeyRef: { name: "nessie-database", key: "password" } });
  });

  it("points Airflow at PostgreSQL and Valkey by cluster DNS", () => {
    const scheduler = env(named(run, "kubernetes:apps/v1:Deployment", "airflow-scheduler"));
    expect(scheduler.LAKEHOUSE_DB_HOST).toBe("postgres.lakehouse-platform.svc.cluster.local");
    expect(scheduler.LAKEHOUSE_BROKER_HOST).toBe("valkey.lakehouse-platform.svc.cluster.local");
  });

  it("points Grafana at PostgreSQL by cluster DNS, its own database, credentials from its Secret", () => {
    const grafana = named(run, "kubernetes:helm.sh/v4:Chart", "kube-prometheus-stack").values.grafana;
    expect(grafana["grafana.ini"].database).toMatchObject({ host: "postgres.lakehouse-platform.svc.cluster.local:5432", name: "grafana" });
    expect(grafana.envValueFrom.GF_DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: "grafana-database", key: "password" } });
    // The provisioning Job reads every consumer's password in the platform namespace.
    expect(ofType(run, "kubernetes:core/v1:Secret").some((s) => s.inputs.metadata.name === "grafana-database" && s.inputs.metadata.namespace === "lakehouse-platform")).toBe(true);
  });

  it("gives Airflow the URL the edge publishes it at as its base URL", () => {
    const cfg: string = named(run, "kubernetes:core/v1:ConfigMap", "airflow-config").data["airflow.cfg"];
    const urls = run.outputs.urls as Record<string, string>;
    expect(urls.airflow).toBe("https://airflow.lakehouse.localtest.me");
    expect(cfg).toContain(`base_url = ${urls.airflow}/\n`);
  });

  it("keeps Airflow's task logs in the in-cluster store, by its DNS name, with Airflow's own key", () => {
    const cfg: string = named(run, "kubernetes:core/v1:ConfigMap", "airflow-config").data["airflow.cfg"];
    expect(cfg).toContain("remote_base_log_folder = s3://warehouse/airflow-logs\nremote_log_conn_id = lakehouse_s3\n");
    const worker = env(named(run, "kubernetes:apps/v1:Deployment", "airflow-worker"));
    const endpoints = run.outputs.endpoints as Record<string, string>;
    expect(endpoints.objectStoreS3).toMatch(/^http:\/\/[a-z0-9-]+\.lakehouse-platform\.svc\.cluster\.local:\d+$/);
    expect(JSON.parse(worker.AIRFLOW_CONN_LAKEHOUSE_S3).extra).toMatchObject({ endpoint_url: endpoints.objectStoreS3, config_kwargs: { s3: { addressing_style: "path" } } });
    expect(worker.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: "object-store-airflow", key: "secretAccessKey" } });
    // That Secret is Airflow's key, in Airflow's namespace.
    const key = ofType(run, "kubernetes:core/v1:Secret").find((r) => r.inputs.metadata.name === "object-store-airflow" && r.inputs.metadata.namespace === "lakehouse-workflows");
    expect(key).toBeDefined();
  });

  it("gives each workload the replicas and resources of the stack file", () => {
    const { services } = parseStackConfig(rawLakehouseConfig("dev"), "dev");
    const check = (type: string, name: string, replicas: number, resources: unknown) => {
      const workload = named(run, type, name);
      expect({ name, replicas: workload.spec.replicas, resources: workload.spec.template.spec.containers[0].resources }).toEqual({ name, replicas, resources });
    };
    check("kubernetes:apps/v1:StatefulSet", "postgres", services.postgres.replicas, services.postgres.resources);
    check("kubernetes:apps/v1:StatefulSet", "valkey", services.valkey.replicas, services.valkey.resources);
    check("kubernetes:apps/v1:Deployment", "nessie", services.nessie.replicas, services.nessie.resources);
    check("kubernetes:apps/v1:Deployment", "trino", services.trino.replicas, services.trino.resources);
    check("kubernetes:apps/v1:Deployment", "trino-worker", services.trino.workers.replicas, services.trino.workers.resources);
    check("kubernetes:apps/v1:Deployment", "airflow-api-server", services.airflow.replicas, services.airflow.resources);
  });
});

describe("external mode", () => {
  // Every service that can live outside the cluster does, at once; consumers must not notice.
  const external = (host: string, port: number) => ({ mode: "external", external: { host, port, tls: true } });
  const config = {
    ...stackFileConfig("staging"),
    "lakehouse:services": {
      ...(stackFileConfig("staging")["lakehouse:services"] as object),
      objectStore: { mode: "external", external: { endpoint: "https://s3.eu-west-1.amazonaws.com", region: "eu-west-1", pathStyle: false } },
      postgres: external("lakehouse.cluster-abc.eu-west-1.rds.amazonaws.com", 5432),
      valkey: external("lakehouse.abc.cache.amazonaws.com", 6379),
    },
    "lakehouse:externalCredentials": { objectStore: { accessKeyId: "AKIATESTONLY", secretAccessKey: "test-only-secret" }, postgres: { username: "lakehouse_admin", password: "test-only-password" } },
  };
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram("staging", config);
  }, 60_000);

  it("runs no object store, PostgreSQL or Valkey in the cluster", () => {
    const names = [...ofType(run, "kubernetes:apps/v1:StatefulSet"), ...ofType(run, "kubernetes:apps/v1:Deployment")].map((r) => r.name);
    for (const name of ["garage", "minio", "postgres", "valkey"]) expect(names).not.toContain(name);
  });

  it("hands consumers the external endpoints, the same way", () => {
    const iceberg = named(run, "kubernetes:core/v1:ConfigMap", "trino-catalog").data["iceberg.properties"];
    expect(iceberg).toContain("s3.endpoint=https://s3.eu-west-1.amazonaws.com:443");
    expect(iceberg).toContain("s3.region=eu-west-1");
    const properties = named(run, "kubernetes:core/v1:ConfigMap", "nessie-config").data["application.properties"];
    expect(properties).toContain("jdbc:postgresql://lakehouse.cluster-abc.eu-west-1.rds.amazonaws.com:5432/nessie?sslmode=verify-full");
    const scheduler = env(named(run, "kubernetes:apps/v1:Deployment", "airflow-scheduler"));
    expect(scheduler.LAKEHOUSE_BROKER_HOST).toBe("lakehouse.abc.cache.amazonaws.com");
  });

  it("keeps Airflow's task logs in the external store, with virtual-host addressing as configured", () => {
    const cfg: string = named(run, "kubernetes:core/v1:ConfigMap", "airflow-config").data["airflow.cfg"];
    expect(cfg).toContain("remote_base_log_folder = s3://warehouse/airflow-logs\n");
    const apiServer = env(named(run, "kubernetes:apps/v1:Deployment", "airflow-api-server"));
    expect(JSON.parse(apiServer.AIRFLOW_CONN_LAKEHOUSE_S3)).toEqual({ conn_type: "aws", extra: { endpoint_url: "https://s3.eu-west-1.amazonaws.com:443", region_name: "eu-west-1" } });
    expect(apiServer.AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: "object-store-airflow", key: "accessKeyId" } });
  });

  it("still creates each consumer's database, on the external server, with the operator's role", () => {
    const jobs = ofType(run, "kubernetes:batch/v1:Job").map((r) => r.inputs);
    const provision = jobs.find((job) => job.metadata.labels["app.kubernetes.io/component"] === "provision");
    const vars = Object.fromEntries(provision!.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(vars.PGHOST).toBe("lakehouse.cluster-abc.eu-west-1.rds.amazonaws.com");
    expect(vars.PGPASSWORD).toEqual({ secretKeyRef: { name: "postgres-admin", key: "password" } });
  });

  it("keeps the operator's credentials secret", () => {
    expect(run.leaks).toEqual([]);
    expect(JSON.stringify(run.resources.filter((r) => r.type !== "kubernetes:core/v1:Secret" && !r.type.startsWith("lakehouse:kit")).map((r) => r.inputs))).not.toMatch(/test-only-(secret|password)/);
  });
});
