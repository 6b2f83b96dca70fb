import { certManagerValues } from "./certManagerValues";
import { stackConfig } from "../../test/support/components";

it("installs the CRDs with the chart and keeps leader election in its own namespace", () => {
  const values: any = certManagerValues(stackConfig("staging"), "lakehouse-cert-manager");
  expect(values.crds).toEqual({ enabled: true });
  expect(values.installCRDs).toBeUndefined(); // deprecated by the chart in favour of crds.enabled
  expect(values.global).toEqual({ leaderElection: { namespace: "lakehouse-cert-manager" } });
});

it("sizes and labels every pod as an API client, two replicas outside dev", () => {
  const values: any = certManagerValues(stackConfig("prod"), "lakehouse-cert-manager");
  for (const part of [values, values.webhook, values.cainjector, values.startupapicheck]) {
    expect(part.resources.requests).toBeDefined();
    expect(part.podLabels["lakehouse.dev/api-access"]).toBe("true");
  }
  expect([values.replicaCount, values.webhook.replicaCount, values.cainjector.replicaCount]).toEqual([2, 2, 2]);
  expect((certManagerValues(stackConfig("dev"), "ns") as any).replicaCount).toBe(1);
});

it("takes each component's size and the replica count from lakehouse:edge", () => {
  const sized = (cpu: string) => ({ requests: { cpu, memory: "64Mi" }, limits: { cpu, memory: "64Mi" } });
  const config = stackConfig("staging", (raw) => {
    raw.edge.replicas = 3;
    raw.edge.resources = { certManager: sized("11m"), certManagerWebhook: sized("12m"), certManagerCainjector: sized("13m"), certManagerStartupCheck: sized("14m") };
  });
  const values: any = certManagerValues(config, "ns");
  expect([values, values.webhook, values.cainjector, values.startupapicheck].map((part) => part.resources.requests.cpu)).toEqual(["11m", "12m", "13m", "14m"]);
  expect([values.replicaCount, values.webhook.replicaCount, values.cainjector.replicaCount]).toEqual([3, 3, 3]);
});

it("points every image at the stack's mirror through the chart's imageRegistry, not the deprecated per-image prefix", () => {
  const values: any = certManagerValues(
    stackConfig("dev", (raw) => (raw.images = { registry: "mirror.acme.internal:5000/hub" })),
    "ns",
  );
  expect(values.imageRegistry).toBe("mirror.acme.internal:5000/hub");
  for (const part of [values, values.webhook, values.cainjector, values.startupapicheck]) expect(part.image).toBeUndefined();
  expect((certManagerValues(stackConfig("dev"), "ns") as any).imageRegistry).toBeUndefined();
});

it("labels pods with the API-client label only, and says why the controller and cainjector lack probes", () => {
  const values: any = certManagerValues(stackConfig("staging"), "ns");
  expect(values.podLabels).toEqual({ "lakehouse.dev/api-access": "true" });
  expect(values.deploymentAnnotations["lakehouse.dev/policy-exempt.contract-liveness-readiness-probes"]).toMatch(/no readiness endpoint/);
  expect(values.cainjector.deploymentAnnotations["lakehouse.dev/policy-exempt.contract-liveness-readiness-probes"]).toMatch(/no health endpoint/);
  expect(values.webhook.deploymentAnnotations).toBeUndefined();
});
