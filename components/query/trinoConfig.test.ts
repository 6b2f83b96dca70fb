import { configProperties, drainTimings, icebergProperties, jvmConfig, LOG_PROPERTIES, MANAGEMENT_USER, passwordAuthenticatorProperties, trinoMemory, workerAccessControl } from "./trinoConfig";

test("sizes the heap and query memory from the container's memory limit", () => {
  const memory = trinoMemory("16Gi", 6);
  expect(memory.heapBytes).toBe(Math.floor(16 * 2 ** 30 * 0.8));
  expect(memory.maxMemoryPerNode).toBe(Math.floor(memory.heapBytes * 0.3));
  expect(memory.maxMemory).toBe(memory.maxMemoryPerNode * 6);
  expect(() => trinoMemory("lots", 1)).toThrow(/not a memory quantity/);
});

test("bounds the JVM by the container limit, and exits on OOM so Kubernetes restarts it", () => {
  const jvm = jvmConfig(trinoMemory("1536Mi", 1));
  expect(jvm).toContain("-XX:MaxRAMPercentage=80");
  expect(jvm).toContain("-XX:+ExitOnOutOfMemoryError");
  expect(jvm).not.toMatch(/-Xmx/);
});

test("coordinator schedules no work on itself once there are workers; secrets stay environment references", () => {
  const base = { port: 8080, discoveryUri: "http://trino.ns.svc.cluster.local:8080", memory: trinoMemory("2Gi", 2), shutdownGracePeriodSeconds: 120, workers: 2, inClusterLogins: "none" as const };
  const coordinator = configProperties({ ...base, role: "coordinator" });
  expect(coordinator).toContain("coordinator=true");
  expect(coordinator).toContain("node-scheduler.include-coordinator=false");
  expect(coordinator).toContain("internal-communication.shared-secret=${ENV:TRINO_SHARED_SECRET}");
  const worker = configProperties({ ...base, role: "worker" });
  expect(worker).toContain("coordinator=false");
  expect(worker).toContain("shutdown.grace-period=120s");
  expect(worker).not.toContain("include-coordinator");
  expect(configProperties({ ...base, role: "coordinator", workers: 0 })).toContain("node-scheduler.include-coordinator=true");
});

test("the coordinator takes passwords over HTTPS only (the edge), plain HTTP by config; workers take no logins", () => {
  const base = { port: 8080, discoveryUri: "http://trino.ns.svc.cluster.local:8080", memory: trinoMemory("2Gi", 2), shutdownGracePeriodSeconds: 120, workers: 2, inClusterLogins: "none" as const };
  const coordinator = configProperties({ ...base, role: "coordinator" });
  expect(coordinator).toMatch(/^http-server\.authentication\.type=PASSWORD$/m);
  expect(coordinator).toMatch(/^http-server\.authentication\.allow-insecure-over-http=false$/m);
  expect(configProperties({ ...base, role: "coordinator", inClusterLogins: "user-name" })).toMatch(/^http-server\.authentication\.allow-insecure-over-http=true$/m);
  expect(coordinator).toMatch(/^http-server\.process-forwarded=true$/m);
  const worker = configProperties({ ...base, role: "worker" });
  expect(worker).not.toContain("http-server.authentication");
  // Both: the shared secret for node-to-node traffic, and a fixed user for metrics over plain HTTP.
  for (const node of [coordinator, worker]) {
    expect(node).toMatch(/^internal-communication\.shared-secret=\$\{ENV:TRINO_SHARED_SECRET\}$/m);
    expect(node).toMatch(/^management\.user=lakehouse-monitoring$/m);
    expect(node).not.toContain("management.user.https-enabled");
  }
});

test("the file password authenticator reads the mounted password file", () => {
  expect(passwordAuthenticatorProperties("/etc/trino/auth/password.db")).toBe("password-authenticator.name=file\nfile.password-file=/etc/trino/auth/password.db\n");
});

test("points the Iceberg catalog at the REST catalog and the object store, keys from the environment", () => {
  const iceberg = icebergProperties({
    restUri: "http://nessie.p.svc.cluster.local:19120/iceberg",
    warehouse: "warehouse",
    s3Endpoint: "http://garage.p.svc.cluster.local:3900",
    region: "garage",
    pathStyle: true,
  });
  expect(iceberg).toContain("iceberg.catalog.type=rest");
  expect(iceberg).toContain("iceberg.rest-catalog.uri=http://nessie.p.svc.cluster.local:19120/iceberg");
  expect(iceberg).toContain("s3.endpoint=http://garage.p.svc.cluster.local:3900");
  expect(iceberg).toContain("s3.path-style-access=true");
  expect(iceberg).toContain("s3.aws-secret-key=${ENV:S3_SECRET_KEY}");
});

test("a worker lets only the drain hook's user shut it down, and the pod waits out the whole drain", () => {
  const access = workerAccessControl("/etc/trino/rules.json");
  expect(access.properties).toBe("access-control.name=file\nsecurity.config-file=/etc/trino/rules.json\n");
  const rules = JSON.parse(access.rules);
  // Plain-HTTP management requests (the drain hook's) act as management.user, so that user drains.
  expect(rules.system_information).toEqual([{ user: MANAGEMENT_USER, allow: ["read", "write"] }, { allow: ["read"] }]);
  expect(rules.catalogs).toEqual([{ allow: "all" }]);
  // Notice, tasks, notice again: the pod must not be killed mid-drain.
  expect(drainTimings(30, 240)).toEqual({ shutdownGracePeriodSeconds: 30, terminationGracePeriodSeconds: 300 });
});

test("log.properties holds logger levels only; JSON logs are a server property", () => {
  // Trino reads every log.properties line as <logger>=<level> and refuses to start otherwise.
  for (const line of LOG_PROPERTIES.trim().split("\n")) expect(line).toMatch(/^[\w.$]+=(DEBUG|INFO|WARN|ERROR|OFF)$/);
  const base = { port: 8080, discoveryUri: "http://trino.ns.svc.cluster.local:8080", memory: trinoMemory("2Gi", 2), shutdownGracePeriodSeconds: 120, workers: 2, inClusterLogins: "none" as const };
  for (const role of ["coordinator", "worker"] as const) expect(configProperties({ ...base, role })).toContain("log.format=json");
});
