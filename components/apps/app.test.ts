// An app of your own through the workload kit: the contract comes with it, its secrets never
// appear as values, and the edge, the autoscaler, the volume and the policy follow its settings.
import * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../../stacks";
import { mandatoryViolations, type Registered, recordingMocks, stackConfig } from "../../test/support/components";
import { App } from "./app";

const base: AppConfig = {
  name: "circle-core",
  image: "registry.acme.example/circle/core:2.3.1",
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9100 },
  ],
  args: ["serve"],
  replicas: 2,
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  probes: { liveness: { http: { path: "/healthz", port: "http" } }, readiness: { http: { path: "/ready", port: "http" }, periodSeconds: 5 }, startup: { tcp: { port: "http" }, failureThreshold: 30 } },
  env: { LOG_FORMAT: "json" },
  configFiles: { mountPath: "/etc/circle", files: { "app.yaml": "mode: production\n" } },
  generatedSecrets: { SESSION_KEY: { length: 48 } },
  secretEnv: { PARTNER_TOKEN: { secret: "circle-partner", key: "token" } },
  writablePaths: ["/var/cache/circle"],
  ingress: { host: "circle", port: "http" },
};

const NAMESPACE = pulumi.output("lakehouse-services");
let record: (declare: () => void) => Promise<Registered[]>;
beforeAll(async () => {
  record = await recordingMocks();
});
const deploy = (settings: AppConfig, network = true) =>
  record(
    () =>
      new App(settings.name, {
        settings,
        namespace: NAMESPACE,
        storageClassName: "lakehouse-data",
        protect: false,
        network: network ? { ingressControllerNamespace: "lakehouse-edge", serviceNamespaces: {} } : undefined,
      }),
  );
const ofType = (resources: Registered[], type: string) => resources.filter((r) => r.type === type);
const one = (resources: Registered[], type: string) => {
  const found = ofType(resources, type);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("an app through the kit", () => {
  let resources: Registered[];
  let app: App;
  beforeAll(async () => {
    resources = await record(() => {
      app = new App("circle-core", {
        settings: base,
        namespace: NAMESPACE,
        storageClassName: "lakehouse-data",
        protect: false,
        network: { ingressControllerNamespace: "lakehouse-edge", serviceNamespaces: {} },
      });
    });
  });
  const pod = () => one(resources, "kubernetes:apps/v1:Deployment").inputs.spec.template.spec;
  const container = () => pod().containers[0];

  it("runs its pinned image non-root with a read-only root, probes, requests and limits", () => {
    expect(container()).toMatchObject({ image: base.image, args: ["serve"], resources: base.resources });
    expect(container().securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod().securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
    expect(container().livenessProbe).toMatchObject({ httpGet: { path: "/healthz", port: "http" } });
    expect(container().readinessProbe).toMatchObject({ httpGet: { path: "/ready", port: "http" }, periodSeconds: 5 });
    expect(container().startupProbe).toMatchObject({ tcpSocket: { port: "http" }, failureThreshold: 30 });
    expect(container().volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(["/etc/circle", "/tmp", "/var/cache/circle"]));
  });

  it("has its own ServiceAccount without an API token", () => {
    const account = one(resources, "kubernetes:core/v1:ServiceAccount");
    expect(account.inputs).toMatchObject({ metadata: { name: "circle-core" }, automountServiceAccountToken: false });
    expect(pod().automountServiceAccountToken).toBe(false);
  });

  it("hands over plain values, generated secrets and the operator's Secrets, only the first as values", () => {
    const env = Object.fromEntries(container().env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
    expect(env).toMatchObject({ LOG_FORMAT: "json", SESSION_KEY: { name: "circle-core-generated", key: "SESSION_KEY" }, PARTNER_TOKEN: { name: "circle-partner", key: "token" } });
    const secret = one(resources, "kubernetes:core/v1:Secret");
    expect(secret.inputs.metadata.name).toBe("circle-core-generated");
    // Secret in state: the payload arrives wrapped as a secret value.
    expect(secret.inputs.stringData["4dabf18193072939515e22adb298388d"]).toBeDefined();
    expect(Object.keys(secret.inputs.stringData.value)).toEqual(["SESSION_KEY"]);
    // The value comes from @pulumi/random, never from config.
    expect(ofType(resources, "random:index/randomPassword:RandomPassword").map((r) => r.inputs.length)).toEqual([48]);
  });

  it("mounts its configuration files and rolls its pods when they change", () => {
    const configMap = one(resources, "kubernetes:core/v1:ConfigMap");
    expect(configMap.inputs.data).toEqual({ "app.yaml": "mode: production\n" });
    expect(one(resources, "kubernetes:apps/v1:Deployment").inputs.spec.template.metadata.annotations["lakehouse.dev/config-checksum"]).toMatch(/^[0-9a-f]{16,}$/);
  });

  it("is replicated with a PodDisruptionBudget and spread across nodes", () => {
    expect(one(resources, "kubernetes:apps/v1:Deployment").inputs.spec.replicas).toBe(2);
    expect(one(resources, "kubernetes:policy/v1:PodDisruptionBudget").inputs.spec.maxUnavailable).toBe(1);
    expect(pod().topologySpreadConstraints[0].topologyKey).toBe("kubernetes.io/hostname");
  });

  it("publishes its Service's port through the edge under its host", () => {
    expect(one(resources, "kubernetes:core/v1:Service").inputs.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ["http", 8080],
      ["metrics", 9100],
    ]);
    expect(app.webUi).toMatchObject({ name: "circle", port: 8080 });
  });

  it("lets in its own pods and the ingress controller, and out only to its own pods", () => {
    const policy = one(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs;
    expect(policy.metadata.name).toBe("allow-circle-core");
    expect(policy.spec.podSelector).toEqual({ matchLabels: { "lakehouse.dev/service": "circle-core" } });
    expect(policy.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { "lakehouse.dev/service": "circle-core" } } },
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "lakehouse-edge" } } },
    ]);
    expect(policy.spec.egress[0].to).toEqual([{ podSelector: { matchLabels: { "lakehouse.dev/service": "circle-core" } } }]);
  });

  it("passes the policy pack with no mandatory violation", () => {
    expect(mandatoryViolations(resources)).toEqual([]);
  });
});

describe("an app's other shapes", () => {
  it("with a volume, runs as a StatefulSet with one claim per replica on the stack's storage class", async () => {
    const resources = await deploy({ ...base, name: "ledger", ingress: undefined, replicas: 1, volume: { size: "5Gi", mountPath: "/var/lib/ledger" } });
    const set = one(resources, "kubernetes:apps/v1:StatefulSet").inputs.spec;
    expect(set.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: "lakehouse-data", resources: { requests: { storage: "5Gi" } } });
    expect(set.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/ledger" });
    expect(mandatoryViolations(resources)).toEqual([]);
  });

  it("with autoscaling, leaves the pod count to a HorizontalPodAutoscaler on CPU", async () => {
    const resources = await deploy({ ...base, name: "burst", replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 } });
    expect(one(resources, "kubernetes:apps/v1:Deployment").inputs.spec.replicas).toBeUndefined();
    const hpa = one(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").inputs.spec;
    expect(hpa).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: "Deployment", name: "burst" } });
    expect(hpa.metrics[0].resource).toEqual({ name: "cpu", target: { type: "Utilization", averageUtilization: 70 } });
    expect(ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget")).toHaveLength(1);
  });

  it("single, without an Ingress, in an allow-all stack: no PDB, no edge, no policy of its own", async () => {
    const resources = await deploy({ ...base, name: "worker", replicas: 1, ingress: undefined, generatedSecrets: undefined }, false);
    expect(ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget")).toHaveLength(0);
    expect(ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy")).toHaveLength(0);
    expect(ofType(resources, "kubernetes:core/v1:Secret")).toHaveLength(0);
  });
});

describe("lakehouse:apps in a stack", () => {
  const withApps = (apps: unknown[], overrides: Record<string, unknown> = {}) =>
    stackConfig("staging", (raw) => {
      raw.apps = apps;
      raw.appOverrides = overrides;
    });

  it("applies the stack's overrides key by key, as an overlay patches its base", () => {
    const config = withApps([base], { "circle-core": { replicas: 4, resources: { limits: { memory: "1Gi" } }, env: { FEATURE_X: "on" } } });
    expect(config.apps[0]).toMatchObject({
      replicas: 4,
      resources: { requests: base.resources.requests, limits: { cpu: "500m", memory: "1Gi" } },
      env: { LOG_FORMAT: "json", FEATURE_X: "on" },
      image: base.image,
    });
  });
});
