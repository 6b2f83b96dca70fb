// An app bound to the platform's services, through the whole program under mocks: PostgreSQL makes
// its role and database, the object store its key, Valkey and Trino are handed over, each as
// environment from Secrets in the app's namespace; the NetworkPolicies open exactly those paths.
import { BINDING_ENV } from "../stacks";
import { ofType, runProgram, type ProgramRun } from "./mocks";
import { stackFileConfig } from "./stackFiles";

const APP = {
  name: "circle-core",
  image: "registry.acme.example/circle/core:2.3.1",
  ports: [{ name: "http", port: 8080 }],
  replicas: 2,
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  probes: { liveness: { http: { path: "/healthz", port: "http" } }, readiness: { http: { path: "/healthz", port: "http" } } },
  bindings: { database: true, objectStore: true, cache: { database: 3 }, trino: true },
  ingress: { host: "circle", port: "http" },
};

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("staging", { ...stackFileConfig("staging"), "lakehouse:apps": [APP] });
}, 120_000);

const named = (type: string, name: string) => {
  const found = ofType(run, type).find((r) => r.name === name);
  if (!found)
    throw new Error(
      `no ${type} ${name}: ${ofType(run, type)
        .map((r) => r.name)
        .join(", ")}`,
    );
  return found.inputs;
};
const container = () => named("kubernetes:apps/v1:Deployment", "circle-core").spec.template.spec.containers[0];
const envOf = () => Object.fromEntries(container().env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));

it("hands the app every variable its bindings promise, credentials only as Secret keys in its namespace", () => {
  const env = envOf();
  for (const variable of Object.values(BINDING_ENV).flat()) expect(env).toHaveProperty([variable]);
  expect(env).toMatchObject({
    DATABASE_HOST: "postgres.lakehouse-platform.svc.cluster.local",
    DATABASE_NAME: "circle-core",
    DATABASE_USER: { name: "circle-core-database", key: "username" },
    DATABASE_PASSWORD: { name: "circle-core-database", key: "password" },
    S3_BUCKET: "warehouse",
    S3_PREFIX: "apps/circle-core/",
    AWS_SECRET_ACCESS_KEY: { name: "object-store-circle-core", key: "secretAccessKey" },
    REDIS_DB: "3",
    REDIS_PASSWORD: { name: "valkey-auth", key: "password" },
    TRINO_URL: "http://trino.lakehouse-platform.svc.cluster.local:8080",
    TRINO_USER: "circle-core",
  });
  const inServices = (name: string) => ofType(run, "kubernetes:core/v1:Secret").some((s) => s.inputs.metadata.name === name && s.inputs.metadata.namespace === "lakehouse-services");
  for (const secret of ["circle-core-database", "object-store-circle-core", "valkey-auth"]) expect({ secret, inServices: inServices(secret) }).toEqual({ secret, inServices: true });
});

it("gives the app its own role and database, made by PostgreSQL's provisioning Job", () => {
  const job = ofType(run, "kubernetes:batch/v1:Job").find((j) => j.name === "postgres-provision")!.inputs;
  const env = job.spec.template.spec.containers[0].env.map((e: any) => e.name);
  expect(env).toEqual(expect.arrayContaining(["CIRCLE_CORE_USERNAME", "CIRCLE_CORE_PASSWORD"]));
  const script = ofType(run, "kubernetes:core/v1:ConfigMap").find((c) => c.name === "postgres-provision")!.inputs.data["provision.sh"];
  expect(script).toContain('-v role="$CIRCLE_CORE_USERNAME"');
  expect(script).toContain("-v database=circle-core");
});

it("gives the app an object store key of its own, imported by the store's bootstrap", () => {
  const bootstrap = ofType(run, "kubernetes:batch/v1:Job").filter((j) => JSON.stringify(j.inputs).includes("object-store-circle-core"));
  expect(bootstrap.length).toBeGreaterThan(0);
});

it("lets the app reach exactly its bindings' pods, and each of them admit it", () => {
  const policy = named("kubernetes:networking.k8s.io/v1:NetworkPolicy", "circle-core").spec;
  const reached = policy.egress[0].to.map((peer: any) => peer.podSelector.matchLabels["lakehouse.dev/service"]).sort();
  expect(reached).toEqual(["circle-core", "objectStore", "postgres", "trino", "valkey"]);
  const admitted = (service: string) =>
    ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .filter((p) => p.inputs.metadata.name === `allow-${service}`)
      .flatMap((p) => p.inputs.spec.ingress[0].from)
      .some((peer: any) => peer.podSelector?.matchLabels?.["lakehouse.dev/service"] === "circle-core");
  for (const service of ["postgres", "object-store", "valkey", "trino"]) expect({ service, admitted: admitted(service) }).toEqual({ service, admitted: true });
  // Nothing it is not bound to.
  expect(admitted("nessie")).toBe(false);
});
