import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import type { WebUi } from "../kit/bindings";
import { type Registered, recordingMocks, stackConfig } from "../../test/support/components";

let record: Awaited<ReturnType<typeof recordingMocks>>;
beforeAll(async () => {
  record = await recordingMocks();
});

const uis: WebUi[] = [
  { name: "trino", namespace: pulumi.output("lakehouse-platform"), serviceName: pulumi.output("trino"), port: 8080 },
  { name: "grafana", namespace: pulumi.output("lakehouse-observability"), serviceName: pulumi.output("grafana"), port: 80 },
];

// The edge reads only the config; the foundation's outputs are not needed.

async function deploy(config: StackConfig) {
  const { Edge } = await import("./edge");
  let edge: InstanceType<typeof Edge> | undefined;
  const resources = await record(() => {
    // As index.ts does: the cluster's provider handed down, never the ambient default.
    const provider = new k8s.Provider("cluster", { kubeconfig: "{}", clusterIdentifier: "test" });
    edge = new Edge("edge", { config, uis }, { providers: [provider] });
  });
  return { edge: edge!, resources };
}

const ofType = (resources: Registered[], type: string) => resources.filter((r) => r.type === type);
// A CustomResource registers under its own type token, kubernetes:<group>/<version>:<kind>.
const certManagerObjects = (resources: Registered[]) => resources.filter((r) => r.type.startsWith("kubernetes:cert-manager.io/v1:")).map((r) => r.inputs);

describe("dev (kind, self-signed)", () => {
  let run: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    run = await deploy(stackConfig("dev"));
  });

  it("installs Traefik from its pinned chart into the edge namespace", () => {
    const chart = ofType(run.resources, "kubernetes:helm.sh/v4:Chart").find((c) => c.inputs.chart === "traefik")!;
    expect(chart.providers).toEqual(["kubernetes"]);
    expect(chart.inputs).toMatchObject({ chart: "traefik", version: "41.6.0", repositoryOpts: { repo: "https://traefik.github.io/charts" }, namespace: "lakehouse-edge", skipCrds: true });
    expect(chart.inputs.values.ingressClass).toEqual({ enabled: true, isDefaultClass: false, name: "traefik" });
    expect(chart.inputs.values.ports).toEqual({ web: { hostPort: 80 }, websecure: { hostPort: 443 } });
  });

  it("creates the edge namespaces: privileged for host ports on kind, restricted for cert-manager", () => {
    const namespaces = Object.fromEntries(ofType(run.resources, "kubernetes:core/v1:Namespace").map((r) => [r.inputs.metadata.name, r.inputs.metadata.labels]));
    expect(namespaces["lakehouse-edge"]).toMatchObject({ "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "restricted", "lakehouse.dev/role": "edge" });
    expect(namespaces["lakehouse-cert-manager"]).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "lakehouse.dev/role": "edge" });
  });

  it("installs cert-manager from its pinned chart, with its CRDs, on the cluster's provider", () => {
    const certManager = ofType(run.resources, "kubernetes:helm.sh/v4:Chart").find((chart) => chart.inputs.chart === "cert-manager");
    expect(certManager?.providers).toEqual(["kubernetes"]);
    expect(certManager?.inputs).toMatchObject({
      name: "cert-manager",
      version: "v1.21.2",
      repositoryOpts: { repo: "https://charts.jetstack.io" },
      namespace: "lakehouse-cert-manager",
      values: { crds: { enabled: true } },
    });
  });

  it("chains a self-signed issuer, a CA certificate and a CA ClusterIssuer", () => {
    expect(certManagerObjects(run.resources).map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(["ClusterIssuer/lakehouse-self-signed", "Certificate/lakehouse-ca", "ClusterIssuer/lakehouse-ca"]);
    // Each needs cert-manager's CRDs and webhook.
    for (const object of run.resources.filter((r) => r.type.startsWith("kubernetes:cert-manager.io/v1:"))) expect(object.dependsOn).toContain("cert-manager");
  });

  it("publishes each UI over TLS, signed by the shared CA", async () => {
    const ingresses = ofType(run.resources, "kubernetes:networking.k8s.io/v1:Ingress").map((r) => r.inputs);
    expect(ingresses).toHaveLength(2);
    const trino = ingresses.find((ingress) => ingress.metadata.name === "trino")!;
    expect(trino.metadata).toMatchObject({ namespace: "lakehouse-platform", annotations: { "cert-manager.io/cluster-issuer": "lakehouse-ca" } });
    expect(trino.spec).toMatchObject({ ingressClassName: "traefik", tls: [{ hosts: ["trino.lakehouse.localtest.me"], secretName: "trino-tls" }] });
    expect(trino.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: "trino", port: { number: 8080 } } });
    const url = await new Promise((resolve) => run.edge.urls.grafana.apply(resolve));
    expect(url).toBe("https://grafana.lakehouse.localtest.me");
  });

  it("adds no extra policies in allow-all", () => {
    expect(ofType(run.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs.metadata.name)).toEqual(["allow-all", "allow-all"]);
  });
});

describe("staging (EKS, ACME, default-deny)", () => {
  let run: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    run = await deploy(stackConfig("staging"));
  });

  it("uses one ACME ClusterIssuer with an HTTP-01 solver on our ingress class", () => {
    const issuers = certManagerObjects(run.resources);
    expect(issuers).toHaveLength(1);
    expect(issuers[0]).toMatchObject({
      kind: "ClusterIssuer",
      metadata: { name: "lakehouse-acme" },
      spec: { acme: { server: "https://acme-staging-v02.api.letsencrypt.org/directory", email: "platform-team@example.com", solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }] } },
    });
    const ingress = ofType(run.resources, "kubernetes:networking.k8s.io/v1:Ingress")[0].inputs;
    expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("lakehouse-acme");
  });

  it("runs two Traefik replicas behind a LoadBalancer, restricted", () => {
    const values = ofType(run.resources, "kubernetes:helm.sh/v4:Chart")[0].inputs.values;
    expect(values.deployment.replicas).toBe(2);
    expect(values.service.spec.type).toBe("LoadBalancer");
    const edgeNamespace = ofType(run.resources, "kubernetes:core/v1:Namespace").find((r) => r.inputs.metadata.name === "lakehouse-edge")!;
    expect(edgeNamespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("lets the world reach the controller and cert-manager reach ACME under default-deny", () => {
    const names = ofType(run.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["lakehouse-edge-default-deny", "lakehouse-edge-allow-api-server", "lakehouse-edge-allow-web"]));
    expect(names).toEqual(expect.arrayContaining(["lakehouse-cert-manager-default-deny", "lakehouse-cert-manager-allow-webhook", "lakehouse-cert-manager-allow-acme"]));
  });
});

it("registers nothing but itself when disabled", async () => {
  const run = await deploy(stackConfig("dev", (raw) => (raw.edge.enabled = false)));
  // The provider is the test's own.
  expect(run.resources.map((r) => r.type).filter((type) => !type.startsWith("pulumi:providers:"))).toEqual(["lakehouse:edge:Edge"]);
  expect(run.edge.urls).toEqual({});
  expect(run.edge.issuerName).toBeUndefined();
});

it("installs no controller with controller existing, and still issues certificates", async () => {
  const run = await deploy(stackConfig("staging", (raw) => (raw.edge.controller = "existing")));
  expect(ofType(run.resources, "kubernetes:helm.sh/v4:Chart").map((chart) => chart.inputs.chart)).toEqual(["cert-manager"]);
  expect(ofType(run.resources, "kubernetes:core/v1:Namespace").map((r) => r.inputs.metadata.name)).toEqual(["lakehouse-cert-manager"]);
  expect(ofType(run.resources, "kubernetes:networking.k8s.io/v1:Ingress")).toHaveLength(2);
});

it("installs cert-manager in the namespace the stack names", async () => {
  const run = await deploy(stackConfig("staging", (raw) => (raw.edge.certManagerNamespace = "cert-manager")));
  expect(ofType(run.resources, "kubernetes:core/v1:Namespace").map((r) => r.inputs.metadata.name)).toContain("cert-manager");
  const certManager = ofType(run.resources, "kubernetes:helm.sh/v4:Chart").find((chart) => chart.inputs.chart === "cert-manager");
  expect(certManager?.inputs.values.global).toEqual(expect.objectContaining({ leaderElection: { namespace: "cert-manager" } }));
  const policies = ofType(run.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs.metadata.namespace);
  expect(policies).toContain("cert-manager");
  expect(policies).not.toContain("lakehouse-cert-manager");
});
