// The Trino component under Pulumi mocks: password logins on the coordinator, the shared secret on
// every node, and no credential (password, hash, shared secret) outside a Secret.
import * as pulumi from "@pulumi/pulumi";
import { isSecretValue } from "../../test/secretWire";
import type { ScrapeTarget } from "../kit/bindings";
import { inClusterEndpoint } from "../kit/endpoint";
import { GeneratedSecret } from "../kit/generatedSecret";
import { platformOf } from "../kit/platform";
import { serviceContext } from "../kit/serviceContext";
import { fakeFoundation, mandatoryViolations, MOCK_BCRYPT_HASH, type Registered, recordingMocks, stackConfig } from "../../test/support/components";

const NAMESPACE = "lakehouse-platform";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SECRET = "kubernetes:core/v1:Secret";

let resources: Registered[];
let scrapeTargets: ScrapeTarget[];
beforeAll(async () => {
  const record = await recordingMocks();
  const { Trino } = await import("./trino");
  resources = await record(() => {
    // What the foundation hands over: namespaces, ServiceAccounts and Trino's generated credentials.
    const credential = (secretName: string, keys: ConstructorParameters<typeof GeneratedSecret>[1]["keys"]) => new GeneratedSecret(secretName, { namespace: NAMESPACE, secretName, keys });
    const foundation = fakeFoundation({
      serviceAccounts: { "trino-coordinator": pulumi.output("trino-coordinator"), "trino-worker": pulumi.output("trino-worker") },
      credentials: {
        "trino-internal": credential("trino-internal", { sharedSecret: { length: 64 } }),
        "trino-admin": credential("trino-admin", { username: { value: "admin" }, password: { length: 32 } }),
      },
    });
    ({ scrapeTargets } = new Trino("trino", {
      service: serviceContext(platformOf(stackConfig("dev"), foundation), "trino"),
      catalog: { icebergRestUri: pulumi.output(`http://nessie.${NAMESPACE}.svc.cluster.local:19120/iceberg`), warehouse: "warehouse", ready: [] },
      objectStore: {
        endpoint: inClusterEndpoint("garage", NAMESPACE, 3900),
        region: "garage",
        pathStyle: true,
        warehouseBucket: "warehouse",
        secret: { name: "object-store-trino", keys: { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" } },
        ready: [],
      },
    }));
  });
});

const named = (type: string, name: string) => {
  const found = resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}; registered: ${resources.map((r) => `${r.type}::${r.name}`).join(", ")}`);
  return found;
};
const unwrapped = (value: any) => (isSecretValue(value) ? value.value : value);
const podSpec = (deployment: string) => named(DEPLOYMENT, deployment).inputs.spec.template.spec;
// Each node's files, in the ConfigMap its Workload makes (<workload>-config).
const files = (role: string): Record<string, string> => named(CONFIG_MAP, role === "coordinator" ? "trino-config" : "trino-worker-config").inputs.data;

it("logs clients in on the coordinator with the password file over HTTPS, by user name over in-cluster HTTP; workers take no logins", () => {
  const coordinator = files("coordinator");
  expect(coordinator["config.properties"]).toMatch(/^http-server\.authentication\.type=PASSWORD$/m);
  // The stack's default, lakehouse:services.trino.inClusterLogins "user-name".
  expect(coordinator["config.properties"]).toMatch(/^http-server\.authentication\.allow-insecure-over-http=true$/m);
  expect(coordinator["password-authenticator.properties"]).toBe("password-authenticator.name=file\nfile.password-file=/etc/trino/auth/password.db\n");
  const worker = files("worker");
  expect(worker["config.properties"]).not.toContain("http-server.authentication");
  expect(worker).not.toHaveProperty("password-authenticator.properties");
});

it("mounts the password file Secret, the admin's bcrypt line, into the coordinator only", () => {
  const passwordFile = named(SECRET, "trino-password-file");
  expect(unwrapped(passwordFile.inputs.stringData)).toEqual({ "password.db": `admin:$2y$${MOCK_BCRYPT_HASH.slice(4)}\n` });
  const coordinator = podSpec("trino");
  // The Secret is auto-named, so under mocks its name is unknown: the volume's dependency names it.
  expect(coordinator.volumes).toContainEqual({ name: "auth", secret: { defaultMode: 0o440 } });
  expect(named(DEPLOYMENT, "trino").dependsOn).toContain("trino-password-file");
  expect(named(DEPLOYMENT, "trino-worker").dependsOn).not.toContain("trino-password-file");
  expect(coordinator.containers[0].volumeMounts).toContainEqual({ name: "auth", mountPath: "/etc/trino/auth", readOnly: true });
  const worker = podSpec("trino-worker");
  expect(worker.volumes.map((v: any) => v.name)).not.toContain("auth");
  expect(worker.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain("auth");
});

it("gives coordinator and workers the shared secret from its Secret, referenced by ${ENV:...}", () => {
  for (const [deployment, role] of [
    ["trino", "coordinator"],
    ["trino-worker", "worker"],
  ]) {
    expect(podSpec(deployment).containers[0].env).toContainEqual({ name: "TRINO_SHARED_SECRET", valueFrom: { secretKeyRef: { name: "trino-internal", key: "sharedSecret" } } });
    expect(files(role)["config.properties"]).toContain("internal-communication.shared-secret=${ENV:TRINO_SHARED_SECRET}");
  }
});

it("keeps the password, its hash and the shared secret out of every ConfigMap and every other non-Secret object", () => {
  const credentials = ["generated-trino-admin-password", "generated-trino-internal-sharedSecret", MOCK_BCRYPT_HASH.slice(7)];
  const configMaps = resources.filter((r) => r.type === CONFIG_MAP);
  expect(configMaps.map((r) => r.name).sort()).toEqual(["trino-catalog", "trino-config", "trino-worker-config"]);
  const exposed = JSON.stringify(resources.filter((r) => r.type !== SECRET && !r.type.startsWith("random:")).map((r) => r.inputs));
  for (const credential of credentials) expect(exposed).not.toContain(credential);
});

it("sends every Secret's payload, the password file's included, to the engine as a secret", () => {
  const secrets = resources.filter((r) => r.type === SECRET);
  expect(secrets.map((r) => r.name).sort()).toEqual(["trino-admin", "trino-internal", "trino-password-file"]);
  for (const secret of secrets) {
    const payload = secret.wire.stringData;
    expect({ secret: secret.name, payloadIsSecret: isSecretValue(payload) || Object.values(payload).every(isSecretValue) }).toEqual({ secret: secret.name, payloadIsSecret: true });
  }
});

it("lives on /v1/info, which Trino answers without credentials, is Ready only once started, and scrapes /metrics as before", () => {
  for (const deployment of ["trino", "trino-worker"]) {
    const container = podSpec(deployment).containers[0];
    expect(container.livenessProbe.httpGet).toEqual({ path: "/v1/info", port: "http" });
    // The image's script: /v1/info answers 200 while the server is still starting.
    for (const probe of [container.readinessProbe, container.startupProbe]) expect(probe.exec).toEqual({ command: ["/usr/lib/trino/bin/health-check"] });
  }
  expect(scrapeTargets.map(({ name, portName, path }) => ({ name, portName, path }))).toEqual([
    { name: "trino", portName: "http", path: "/metrics" },
    { name: "trino-worker", portName: "http", path: "/metrics" },
  ]);
});

it("passes the policy pack's mandatory rules", () => {
  expect(mandatoryViolations(resources)).toEqual([]);
});

it("drains a worker as the one user its access control lets shut it down, within the pod's grace period", () => {
  const worker = files("worker");
  expect(worker["access-control.properties"]).toBe("access-control.name=file\nsecurity.config-file=/etc/trino/rules.json\n");
  expect(JSON.parse(worker["rules.json"]).system_information[0]).toEqual({ user: "lakehouse-monitoring", allow: ["read", "write"] });
  expect(files("coordinator")).not.toHaveProperty("access-control.properties");
  const spec = podSpec("trino-worker");
  // The shutdown request must succeed before the hook waits: a refused one fails the hook at once.
  expect(spec.containers[0].lifecycle.preStop.exec.command.join(" ")).toMatch(/\/v1\/info\/state && while curl/);
  const grace = Number(/^shutdown\.grace-period=(\d+)s$/m.exec(worker["config.properties"])![1]);
  expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * grace + 60);
});
