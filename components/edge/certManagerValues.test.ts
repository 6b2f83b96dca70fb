import { certManagerArgs } from "./certManagerArgs";
import { stackConfig } from "../../test/support/components";

it("pins the chart, installs the CRDs and keeps leader election in its own namespace", () => {
  const args: any = certManagerArgs(stackConfig("staging"), "lakehouse-cert-manager");
  expect(args.helmOptions).toEqual({
    name: "cert-manager",
    namespace: "lakehouse-cert-manager",
    chart: "cert-manager",
    version: "v1.21.2",
    repositoryOpts: { repo: "https://charts.jetstack.io" },
  });
  expect(args.installCRDs).toBe(true);
  expect(args.global).toEqual({ leaderElection: { namespace: "lakehouse-cert-manager" } });
});

it("sizes and labels every pod as an API client, two replicas outside dev", () => {
  const args: any = certManagerArgs(stackConfig("prod"), "lakehouse-cert-manager");
  for (const part of [args, args.webhook, args.cainjector, args.startupapicheck]) {
    expect(part.resources.requests).toBeDefined();
    expect(part.podLabels["lakehouse.dev/api-access"]).toBe("true");
  }
  expect([args.replicaCount, args.webhook.replicaCount, args.cainjector.replicaCount]).toEqual([2, 2, 2]);
  expect((certManagerArgs(stackConfig("dev"), "ns") as any).replicaCount).toBe(1);
});

it("takes each component's size and the replica count from lakehouse:edge", () => {
  const sized = (cpu: string) => ({ requests: { cpu, memory: "64Mi" }, limits: { cpu, memory: "64Mi" } });
  const config = stackConfig("staging", (raw) => {
    raw.edge.replicas = 3;
    raw.edge.resources = { certManager: sized("11m"), certManagerWebhook: sized("12m"), certManagerCainjector: sized("13m"), certManagerStartupCheck: sized("14m") };
  });
  const args: any = certManagerArgs(config, "ns");
  expect([args, args.webhook, args.cainjector, args.startupapicheck].map((part) => part.resources.requests.cpu)).toEqual(["11m", "12m", "13m", "14m"]);
  expect([args.replicaCount, args.webhook.replicaCount, args.cainjector.replicaCount]).toEqual([3, 3, 3]);
});

it("points every image at the stack's mirror through the chart's imageRegistry, not the deprecated per-image prefix", () => {
  const args: any = certManagerArgs(
    stackConfig("dev", (raw) => (raw.images = { registry: "mirror.acme.internal:5000/hub" })),
    "ns",
  );
  expect(args.helmOptions.values).toEqual({ imageRegistry: "mirror.acme.internal:5000/hub" });
  for (const part of [args, args.webhook, args.cainjector, args.startupapicheck]) expect(part.image).toBeUndefined();
  expect((certManagerArgs(stackConfig("dev"), "ns") as any).helmOptions.values).toBeUndefined();
});

it("labels pods with the API-client label only, and says why the controller and cainjector lack probes", () => {
  const args: any = certManagerArgs(stackConfig("staging"), "ns");
  expect(args.podLabels).toEqual({ "lakehouse.dev/api-access": "true" });
  expect(args.deploymentAnnotations["lakehouse.dev/policy-exempt.contract-liveness-readiness-probes"]).toMatch(/no readiness endpoint/);
  expect(args.cainjector.deploymentAnnotations["lakehouse.dev/policy-exempt.contract-liveness-readiness-probes"]).toMatch(/no health endpoint/);
  expect(args.webhook.deploymentAnnotations).toBeUndefined();
});
