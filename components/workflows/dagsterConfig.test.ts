import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { dagsterInstance, renderWorkspaceYaml, snakeCaseKeys, userCodeContainerContext } from "./dagsterConfig";
import { EXAMPLE_DEFINITIONS } from "./dagsterFiles";

const args = {
  database: { host: "postgres.lakehouse-platform.svc.cluster.local", port: 5432, name: "dagster", tls: false },
  databaseSecret: { name: "dagster-database", usernameKey: "username", passwordKey: "password" },
  namespace: "lakehouse-workflows",
  serviceAccountName: "dagster",
  instanceConfigMap: "dagster-instance",
  run: { resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } }, uid: 10001 },
};

describe("dagster.yaml", () => {
  it("asks PostgreSQL for TLS when the endpoint speaks it", () => {
    expect((dagsterInstance(args).storage as any).postgres.postgres_db.params).toBeUndefined();
    expect((dagsterInstance({ ...args, database: { ...args.database, tls: true } }).storage as any).postgres.postgres_db.params).toEqual({ sslmode: "require" });
  });

  it("sizes and locks down run pods, with writable /tmp and DAGSTER_HOME", () => {
    const config = (dagsterInstance(args).run_launcher as any).config;
    expect(config.resources).toEqual(args.run.resources);
    expect(config.volume_mounts).toEqual([
      { name: "tmp", mount_path: "/tmp" },
      { name: "dagster-home", mount_path: "/opt/dagster/dagster_home" },
    ]);
    expect(config.security_context.read_only_root_filesystem).toBe(true);
  });

  it("queues runs, monitors them and sends no telemetry", () => {
    const instance = dagsterInstance(args);
    expect(instance.run_coordinator).toEqual({ module: "dagster._core.run_coordinator", class: "QueuedRunCoordinator" });
    expect(instance.run_monitoring).toEqual({ enabled: true });
    expect(instance.telemetry).toEqual({ enabled: false });
  });
});

describe("workspace and code location", () => {
  it("loads each code location from its gRPC server", () => {
    const locations = [
      { locationName: "lakehouse-example", host: "dagster-user-code.ns.svc.cluster.local" },
      { locationName: "sales", host: "dagster-code-sales.ns.svc.cluster.local" },
    ];
    expect(parse(renderWorkspaceYaml(locations))).toEqual({
      load_from: [
        { grpc_server: { host: "dagster-user-code.ns.svc.cluster.local", port: 4000, location_name: "lakehouse-example" } },
        { grpc_server: { host: "dagster-code-sales.ns.svc.cluster.local", port: 4000, location_name: "sales" } },
      ],
    });
  });

  it("gives a location whose code is in its image no volume, only its environment", () => {
    const context = JSON.parse(userCodeContainerContext(undefined, [{ name: "B", value: "1" }]));
    expect(context).toEqual({ k8s: { env: [{ name: "B", value: "1" }] } });
  });

  it("gives run pods the location's files and environment, in dagster-k8s' snake_case", () => {
    const context = JSON.parse(userCodeContainerContext("dagster-user-code-files", [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }]));
    expect(context.k8s.volume_mounts).toEqual([{ name: "user-code", mount_path: "/opt/dagster/app", read_only: true }]);
    expect(context.k8s.env).toEqual([{ name: "A", value_from: { secret_key_ref: { name: "s", key: "k" } } }]);
  });

  it("converts keys, never values", () => {
    expect(snakeCaseKeys({ readOnlyRootFilesystem: true, seccompProfile: { type: "RuntimeDefault" }, env: [{ name: "DAGSTER_HOME", value: "x" }] })).toEqual({
      read_only_root_filesystem: true,
      seccomp_profile: { type: "RuntimeDefault" },
      env: [{ name: "DAGSTER_HOME", value: "x" }],
    });
  });

  (spawnSync("python3", ["--version"]).status === 0 ? it : it.skip)("ships example definitions that are valid Python", () => {
    expect(spawnSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: EXAMPLE_DEFINITIONS }).status).toBe(0);
  });
});
