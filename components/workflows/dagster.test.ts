import * as pulumi from "@pulumi/pulumi";
import { serviceContext } from "../kit/serviceContext";
import { mandatoryViolations } from "../../test/support/components";
import { parse } from "yaml";
import { Dagster } from "./dagster";
import {
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
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

let resources: Registered[];
let dagster: Dagster;

beforeAll(async () => {
  await useMocks();
  const config = stagingConfig((c) => (c.services.dagster.replicas = 3));
  resources = await registrationsOf(() => {
    dagster = new Dagster("dagster", { service: serviceContext(fakePlatform(config), "dagster"), database: fakeDatabase("dagster"), objectStore: fakeObjectStore("dagster") });
  });
});

describe("Dagster in the cluster", () => {
  it("migrates the instance, then runs the webserver, the daemon and the example code location", () => {
    expect(ofType("kubernetes:batch/v1:Job", resources).map((j) => j.name)).toEqual(["dagster-migrate"]);
    const migrate = named("kubernetes:batch/v1:Job", "dagster-migrate", resources).inputs.spec.template.spec;
    expect(migrate.containers[0].command).toEqual(["dagster", "instance", "migrate"]);
    // It builds the K8sRunLauncher, which reads the in-cluster config: the token is mounted.
    expect(migrate.automountServiceAccountToken).toBe(true);
    expect(
      ofType(DEPLOYMENT, resources)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["dagster-daemon", "dagster-user-code", "dagster-webserver"]);
    expect(named(DEPLOYMENT, "dagster-webserver", resources).inputs.spec.replicas).toBe(3);
    expect(named(DEPLOYMENT, "dagster-daemon", resources).inputs.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    expect(
      ofType("kubernetes:core/v1:Service", resources)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["dagster-user-code", "dagster-webserver"]);
  });

  it("probes the webserver on /server_info and the code server with a gRPC health check", () => {
    const container = (name: string) => named(DEPLOYMENT, name, resources).inputs.spec.template.spec.containers[0];
    expect(container("dagster-webserver").readinessProbe.httpGet).toEqual({ path: "/server_info", port: "http" });
    expect(container("dagster-webserver").ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(container("dagster-user-code").livenessProbe.exec.command).toEqual(["dagster", "api", "grpc-health-check", "--port", "4000"]);
    expect(container("dagster-user-code").ports).toEqual([{ name: "grpc", containerPort: 4000, protocol: "TCP" }]);
    expect(container("dagster-daemon").livenessProbe.exec.command).toEqual(["dagster-daemon", "liveness-check"]);
  });

  it("runs every pod as non-root with probes on every long-running container", () => {
    for (const { resource, spec } of pods(resources)) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      for (const container of spec.containers) {
        expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
        if (resource.type === DEPLOYMENT) expect([container.livenessProbe, container.readinessProbe]).not.toContain(undefined);
      }
    }
  });

  it("stores runs in PostgreSQL by the binding's DNS name, with credentials only from the environment", () => {
    const instance = parse(named(CONFIG_MAP, "dagster-instance", resources).inputs.data["dagster.yaml"]);
    expect(instance.storage.postgres.postgres_db).toEqual({
      username: { env: "DAGSTER_PG_USERNAME" },
      password: { env: "DAGSTER_PG_PASSWORD" },
      hostname: PLATFORM_DNS("postgres"),
      port: 5432,
      db_name: "dagster",
    });
    const plain = resources.filter((r) => r.type !== "kubernetes:core/v1:Secret").flatMap((r) => strings(r.inputs));
    expect(plain.filter(({ text }) => Object.values(SENTINELS).some((s) => text.includes(s)))).toEqual([]);
    const env = pods(resources).flatMap(({ spec }) => spec.containers.flatMap((c: any) => c.env ?? []));
    for (const variable of env.filter((e: any) => /PASSWORD|USERNAME|SECRET|KEY_ID/.test(e.name))) {
      expect(variable.valueFrom.secretKeyRef).toEqual(expect.objectContaining({ name: expect.any(String), key: expect.any(String) }));
    }
  });

  it("launches each run as a Job in the workflows namespace under the dagster ServiceAccount, locked down like the kit's pods", () => {
    const launcher = parse(named(CONFIG_MAP, "dagster-instance", resources).inputs.data["dagster.yaml"]).run_launcher;
    expect(launcher).toMatchObject({ module: "dagster_k8s", class: "K8sRunLauncher" });
    expect(launcher.config).toMatchObject({ job_namespace: "lakehouse-workflows", service_account_name: "dagster", instance_config_map: "dagster-instance" });
    expect(launcher.config.security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false, capabilities: { drop: ["ALL"] }, seccomp_profile: { type: "RuntimeDefault" } });
    expect(launcher.config.run_k8s_config.pod_spec_config.security_context).toMatchObject({ run_as_non_root: true, run_as_user: 10001 });
    expect(launcher.config.run_k8s_config.container_config.env).toContainEqual({ name: "DAGSTER_PG_PASSWORD", value_from: { secret_key_ref: { name: "dagster-database", key: "password" } } });
  });

  it("points the workspace at the code server by DNS, and tells runs which image and files to use", () => {
    const workspace = parse(named(CONFIG_MAP, "dagster-workspace", resources).inputs.data["workspace.yaml"]);
    expect(workspace.load_from).toEqual([{ grpc_server: { host: "dagster-user-code.lakehouse-workflows.svc.cluster.local", port: 4000, location_name: "lakehouse-example" } }]);
    const env = named(DEPLOYMENT, "dagster-user-code", resources).inputs.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === "DAGSTER_CURRENT_IMAGE").value).toBe("docker.io/dagster/dagster-celery-k8s:1.11.9");
    const context = JSON.parse(env.find((e: any) => e.name === "DAGSTER_CLI_API_GRPC_CONTAINER_CONTEXT").value);
    expect(context.k8s.volumes).toEqual([{ name: "user-code", config_map: { name: "dagster-user-code-files" } }]);
    expect(context.k8s.env).toContainEqual({ name: "AWS_SECRET_ACCESS_KEY", value_from: { secret_key_ref: { name: "dagster-object-store", key: "secretAccessKey" } } });
  });

  it("publishes the webserver, and its metrics sidecar's port for Prometheus (contract 8.1)", async () => {
    expect(await value(dagster.webserver.host)).toBe("dagster-webserver.lakehouse-workflows.svc.cluster.local");
    expect(dagster.webserver.port).toBe(3000);
    expect(dagster.webUi).toMatchObject({ name: "dagster", port: 3000 });
    expect(dagster.scrapeTargets).toEqual([expect.objectContaining({ name: "dagster", portName: "metrics", path: "/metrics" })]);
    const service = named("kubernetes:core/v1:Service", "dagster-webserver", resources).inputs;
    expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ["http", 3000],
      ["metrics", 9567],
    ]);
    const pod = named(DEPLOYMENT, "dagster-webserver", resources).inputs.spec.template.spec;
    const sidecar = pod.containers.find((c: any) => c.name === "metrics");
    expect(sidecar.command).toEqual(["python", "/opt/lakehouse/dagster_exporter.py"]);
    expect(sidecar.env).toContainEqual({ name: "DAGSTER_GRAPHQL_URL", value: "http://localhost:3000/graphql" });
    const script = pod.volumes.find((v: any) => v.name === "exporter");
    expect(ofType(CONFIG_MAP, resources).find((r) => r.inputs.metadata.name === script.configMap.name)?.inputs.data).toHaveProperty(["dagster_exporter.py"]);
  });

  it("passes the policy pack with no mandatory violation", () => {
    expect(mandatoryViolations(resources)).toEqual([]);
  });
});

describe("Dagster's code locations", () => {
  let registered: Registered[];
  beforeAll(async () => {
    const config = stagingConfig((c) => {
      c.services.dagster.codeLocations = [
        { name: "sales", image: "registry.acme.example/data/sales:1.4.2", module: "sales.definitions", replicas: 2 },
        { name: "finance", image: "registry.acme.example/data/finance@sha256:" + "a".repeat(64), package: "finance_pipelines", workingDirectory: "/opt/app" },
      ];
    });
    registered = await registrationsOf(
      () =>
        new Dagster("dagster-code", {
          service: serviceContext(fakePlatform(config, "code-"), "dagster"),
          database: fakeDatabase("dagster"),
          trino: { host: pulumi.output("trino.lakehouse-query.svc.cluster.local"), port: 8080, tls: false },
        }),
    );
  });
  const container = (name: string) => named(DEPLOYMENT, name, registered).inputs.spec.template.spec.containers[0];

  it("registers the example and each of your locations in the workspace, each by its own server's DNS name", () => {
    const workspace = parse(named(CONFIG_MAP, "dagster-code-workspace", registered).inputs.data["workspace.yaml"]);
    expect(workspace.load_from.map((l: any) => [l.grpc_server.location_name, l.grpc_server.host])).toEqual([
      ["lakehouse-example", "dagster-code-user-code.lakehouse-workflows.svc.cluster.local"],
      ["sales", "dagster-code-code-sales.lakehouse-workflows.svc.cluster.local"],
      ["finance", "dagster-code-code-finance.lakehouse-workflows.svc.cluster.local"],
    ]);
  });

  it("runs each location's gRPC server from its own image, loading its module or package, with probes", () => {
    expect(container("dagster-code-code-sales").command).toEqual(["dagster", "api", "grpc", "--host", "0.0.0.0", "--port", "4000", "--module-name", "sales.definitions"]);
    expect(container("dagster-code-code-finance").command.slice(7)).toEqual(["--package-name", "finance_pipelines", "--working-directory", "/opt/app"]);
    expect(container("dagster-code-code-sales").image).toBe("registry.acme.example/data/sales:1.4.2");
    expect(named(DEPLOYMENT, "dagster-code-code-sales", registered).inputs.spec.replicas).toBe(2);
    for (const name of ["dagster-code-code-sales", "dagster-code-code-finance"]) {
      expect(container(name).livenessProbe.exec.command).toEqual(["dagster", "api", "grpc-health-check", "--port", "4000"]);
      expect(container(name).readinessProbe).toBeDefined();
      // Runs launch from the location's image, with its environment and no example file.
      const env = container(name).env;
      expect(env.find((e: any) => e.name === "DAGSTER_CURRENT_IMAGE").value).toBe(container(name).image);
      const context = JSON.parse(env.find((e: any) => e.name === "DAGSTER_CLI_API_GRPC_CONTAINER_CONTEXT").value);
      expect(context.k8s.volumes).toBeUndefined();
      expect(context.k8s.env).toContainEqual({ name: "LAKEHOUSE_TRINO_URL", value: "http://trino.lakehouse-query.svc.cluster.local:8080" });
      expect(container(name).volumeMounts.map((m: any) => m.mountPath)).not.toContain("/opt/dagster/app");
    }
  });

  it("ships the example asset that writes Iceberg through Trino, and the smoke job", () => {
    const files = named(CONFIG_MAP, "dagster-code-user-code-files", registered).inputs.data["definitions.py"];
    expect(files).toContain("def lakehouse_iceberg_example(");
    expect(files).toContain('dg.define_asset_job("lakehouse_smoke"');
  });

  it("passes the policy pack with no mandatory violation", () => {
    expect(mandatoryViolations(registered)).toEqual([]);
  });

  it("leaves the example out when the stack says so", async () => {
    const config = stagingConfig((c) => (c.services.dagster.exampleCodeLocation = false));
    const without = await registrationsOf(() => new Dagster("dagster-bare", { service: serviceContext(fakePlatform(config, "bare-"), "dagster"), database: fakeDatabase("dagster") }));
    expect(
      ofType(DEPLOYMENT, without)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["dagster-bare-daemon", "dagster-bare-webserver"]);
    expect(parse(named(CONFIG_MAP, "dagster-bare-workspace", without).inputs.data["workspace.yaml"]).load_from).toEqual([]);
  });
});

describe("Dagster elsewhere", () => {
  it("registers no workload in external mode and hands over the configured endpoint", async () => {
    const config = stagingConfig((c) => {
      c.services.dagster.mode = "external";
      c.services.dagster.external = { host: "dagster.example.com", port: 443, tls: true };
    });
    const platform = fakePlatform(config, "external-");
    let external: Dagster | undefined;
    const registered = await registrationsOf(() => {
      external = new Dagster("dagster-elsewhere", { service: serviceContext(platform, "dagster"), database: fakeDatabase("dagster") });
    });
    expect(registered.map((r) => r.type)).toEqual(["lakehouse:workflows:Dagster"]);
    expect(await value(external!.webserver.host)).toBe("dagster.example.com");
    expect(external!.webUi).toBeUndefined();
  });
});
