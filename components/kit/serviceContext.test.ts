// A layer sees its own slice of the platform only: its settings, its accounts, its credentials.
import { fakePlatform, stagingConfig, useMocks } from "../../test/support/workflows";
import { serviceConsumers, serviceContext } from "./serviceContext";

beforeAll(useMocks);

describe("serviceContext", () => {
  // Each call declares the fake foundation's Secrets again: a prefix keeps their names apart.
  let calls = 0;
  const platform = (config = stagingConfig()) => fakePlatform(config, `context-${++calls}-`);

  it("hands a service its own block, namespace, ServiceAccounts and credentials, and no other's", () => {
    const given = platform();
    const airflow = serviceContext(given, "airflow");
    expect(airflow.settings).toBe(given.config.services.airflow);
    expect(airflow.settings.workers.replicas).toBe(stagingConfig().services.airflow.workers.replicas);
    expect(airflow.namespaceName).toBe(stagingConfig().namespaces.workflows.name);
    expect(Object.keys(airflow.serviceAccounts)).toEqual(["airflow"]);
    expect(Object.keys(airflow.credentials).sort()).toEqual(["airflow-database", "airflow-keys"]);

    const dagster = serviceContext(platform(), "dagster");
    expect(Object.keys(dagster.serviceAccounts)).toEqual(["dagster"]);
    expect(Object.keys(dagster.credentials)).toEqual(["dagster-database"]);
    expect(Object.keys(serviceContext(platform(), "valkey").credentials)).toEqual(["valkey-auth"]);
  });

  it("protects volumes in prod only", () => {
    expect(serviceContext(platform(), "postgres").protect).toBe(false);
    expect(serviceContext(platform(stagingConfig((c) => (c.environment = "prod"))), "postgres").protect).toBe(true);
  });

  it("gives the edge's public URL only when the stack has an edge", () => {
    expect(serviceContext(platform(), "airflow").publicUrl?.("airflow")).toBe(`https://airflow.${stagingConfig().edge.domain}`);
    expect(serviceContext(platform(stagingConfig((c) => (c.edge.enabled = false))), "airflow").publicUrl).toBeUndefined();
  });

  it("places each consumer in its namespace with its own credentials", () => {
    const [airflow, dagster] = serviceConsumers(platform(), [
      { name: "airflow", namespaceRole: "workflows" },
      { name: "dagster", namespaceRole: "workflows" },
    ]);
    expect(Object.keys(airflow.credentials).sort()).toEqual(["airflow-database", "airflow-keys"]);
    expect(Object.keys(dagster.credentials)).toEqual(["dagster-database"]);
  });
});
