// Two caches in one stack: a component names every child after itself and reads nothing global,
// so a second instance stands beside the first with objects of its own.
import * as pulumi from "@pulumi/pulumi";
import { GeneratedSecret } from "../kit/generatedSecret";
import { instanceContext } from "../kit/instanceContext";
import { platformOf } from "../kit/platform";
import { serviceContext } from "../kit/serviceContext";
import { fakeFoundation, type Registered, recordingMocks, stackConfig } from "../../test/support/components";
import { Valkey } from "./valkey";

const NAMESPACE = "lakehouse-platform";
const SESSIONS_EXPORTER = { requests: { cpu: "20m", memory: "48Mi" }, limits: { cpu: "150m", memory: "96Mi" } };

let resources: Registered[];
let caches: Valkey[];
beforeAll(async () => {
  const record = await recordingMocks();
  resources = await record(() => {
    const foundation = fakeFoundation({
      serviceAccounts: { valkey: pulumi.output("valkey") },
      credentials: { "valkey-auth": new GeneratedSecret("valkey-auth", { namespace: NAMESPACE, secretName: "valkey-auth", keys: { password: { length: 32 } } }) },
    });
    const service = serviceContext(platformOf(stackConfig("dev"), foundation), "valkey");
    // A second instance brings its own identity: credentials belong to an instance, not to the kind of service.
    const sessions = instanceContext("valkey", "sessions", service, {});
    const consumers = [{ name: "airflow" as const, namespaceRole: "workflows" as const, namespace: pulumi.output("lakehouse-workflows"), credentials: {} }];
    caches = [new Valkey("valkey", { service, consumers }), new Valkey("sessions", { service: { ...sessions, settings: { ...service.settings, metricsResources: SESSIONS_EXPORTER } }, consumers })];
  });
});

const hostOf = (cache: Valkey) => new Promise<string>((resolve) => pulumi.output(cache.endpoint.host).apply(resolve));

it("registers each object once: no name is claimed by both instances", () => {
  const keys = resources.map((r) => `${r.type}::${r.name}`);
  expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
});

it("names each instance's StatefulSet, Service and ConfigMap after the instance", () => {
  for (const name of ["valkey", "sessions"]) {
    expect(resources.some((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.inputs.metadata?.name === name)).toBe(true);
    expect(resources.some((r) => r.type === "kubernetes:core/v1:Service" && r.inputs.metadata?.name === name)).toBe(true);
    expect(resources.some((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name === `${name}-config`)).toBe(true);
  }
});

it("hands consumers each instance's own endpoint, by its own DNS name", async () => {
  expect(await hostOf(caches[0])).toBe(`valkey.${NAMESPACE}.svc.cluster.local`);
  expect(await hostOf(caches[1])).toBe(`sessions.${NAMESPACE}.svc.cluster.local`);
  expect(caches[1].bindings.airflow.endpoint).toBe(caches[1].endpoint);
});

it("sizes each instance's exporter sidecar from its own settings (metricsResources)", () => {
  const exporterOf = (name: string) =>
    resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.inputs.metadata?.name === name)?.inputs.spec.template.spec.containers.find((c: { name: string }) => c.name === "metrics");
  expect(exporterOf("valkey").resources).toEqual(stackConfig("dev").services.valkey.metricsResources);
  expect(exporterOf("sessions").resources).toEqual(SESSIONS_EXPORTER);
  expect(exporterOf("sessions").readinessProbe.httpGet).toEqual({ path: "/health", port: "metrics" });
});

it("gives the second instance its own password Secret and ServiceAccount, and runs it as that account", () => {
  const secretNames = resources.filter((r) => r.type === "kubernetes:core/v1:Secret").map((r) => r.inputs.metadata?.name);
  expect(secretNames).toEqual(expect.arrayContaining(["valkey-auth", "sessions-valkey-auth"]));
  const podOf = (name: string) => resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.inputs.metadata?.name === name)?.inputs.spec.template.spec;
  expect(podOf("sessions").serviceAccountName).toBe("sessions-valkey");
  expect(JSON.stringify(podOf("sessions"))).toContain("sessions-valkey-auth");
  expect(JSON.stringify(podOf("sessions"))).not.toContain('"valkey-auth"');
});
