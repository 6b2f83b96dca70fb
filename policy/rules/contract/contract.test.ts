import { policies } from "../../policies";
import { compliantContainer, deployment, DEPLOYMENT, podSpec } from "../../test/fixtures";
import { UNKNOWN_STRING, validateResource } from "../../test/harness";

const policy = (name: string) => {
  const found = policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};

describe("contract-run-as-non-root", () => {
  const p = policy("contract-run-as-non-root");
  it("passes a pod that runs as a non-root user", () => {
    expect(validateResource(p, DEPLOYMENT, deployment()).violations).toEqual([]);
  });
  it("fails runAsUser 0 set on the container even when the pod says non-root", () => {
    const spec = podSpec({ containers: [compliantContainer({ securityContext: { runAsUser: 0 } })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual(['container "app" runs as user 0 (root)']);
  });
  it("fails when neither the pod nor the container sets runAsNonRoot, init containers included", () => {
    const spec = podSpec({ securityContext: {}, initContainers: [compliantContainer({ name: "init", securityContext: { runAsNonRoot: true } })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual(['container "app" does not set runAsNonRoot: true (neither on the container nor on the pod)']);
  });
  it("lets the container override the pod", () => {
    const spec = podSpec({ securityContext: { runAsNonRoot: false }, containers: [compliantContainer({ securityContext: { runAsNonRoot: true, runAsUser: 10001 } })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual([]);
  });
  it("covers CronJobs' job templates", () => {
    const cronJob = { metadata: { name: "c" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: podSpec({ securityContext: {} }) } } } } };
    expect(validateResource(p, "kubernetes:batch/v1:CronJob", cronJob).violations).toHaveLength(1);
  });
});

describe("contract-liveness-readiness-probes", () => {
  const p = policy("contract-liveness-readiness-probes");
  it("passes probes on declared ports, by name and by number", () => {
    expect(validateResource(p, DEPLOYMENT, deployment()).violations).toEqual([]);
  });
  it("fails a missing readiness probe and a probe on an undeclared port", () => {
    const spec = podSpec({ containers: [compliantContainer({ readinessProbe: undefined, livenessProbe: { tcpSocket: { port: 9090 } } })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual([
      'container "app" livenessProbe targets port 9090, which the container does not expose',
      'container "app" has no readinessProbe',
    ]);
  });
  it("does not ask Jobs or init containers for probes", () => {
    const bare = compliantContainer({ livenessProbe: undefined, readinessProbe: undefined });
    const job = { metadata: { name: "j" }, spec: { template: { spec: podSpec({ containers: [bare], restartPolicy: "Never" }) } } };
    expect(validateResource(p, "kubernetes:batch/v1:Job", job).violations).toEqual([]);
    expect(validateResource(p, DEPLOYMENT, deployment(podSpec({ initContainers: [bare] }))).violations).toEqual([]);
  });
});

describe("contract-resource-requests-limits", () => {
  const p = policy("contract-resource-requests-limits");
  it("passes complete resources", () => {
    expect(validateResource(p, DEPLOYMENT, deployment()).violations).toEqual([]);
  });
  it("treats empty, zero and malformed quantities as missing", () => {
    const spec = podSpec({ containers: [compliantContainer({ resources: { requests: { cpu: "0", memory: "" }, limits: { cpu: "lots", memory: "256Mi" } } })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual(['container "app" has no valid requests.cpu, requests.memory, limits.cpu']);
  });
  it("checks init containers too", () => {
    const spec = podSpec({ initContainers: [compliantContainer({ name: "migrate", resources: undefined })] });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations).toEqual(['initContainer "migrate" has no valid requests.cpu, requests.memory, limits.cpu, limits.memory']);
  });
});

describe("contract-no-hardcoded-ips", () => {
  const p = policy("contract-no-hardcoded-ips");
  const withEnv = (value: string) => deployment(podSpec({ containers: [compliantContainer({ env: [{ name: "TARGET", value }] })] }));
  it.each([["postgres.lakehouse-platform.svc.cluster.local:5432"], ["0.0.0.0:8080"], ["[::]:9000"], ["127.0.0.1"], ["1.2.3.4-rc1"], ["v10.0.0.1"], ["2026-11-23T10:00:00Z"], ["10.0.0.0/8"]])(
    "accepts %s in an env value",
    (value) => {
      expect(validateResource(p, DEPLOYMENT, withEnv(value)).violations).toEqual([]);
    },
  );
  it.each([
    ["10.0.0.5", "10.0.0.5"],
    ["jdbc:postgresql://10.1.2.3:5432/nessie", "10.1.2.3"],
    ["http://[fd00::1]:8080/health", "fd00::1"],
    ["s3=2001:db8::7", "2001:db8::7"],
  ])("finds the endpoint in %s", (value, ip) => {
    expect(validateResource(p, DEPLOYMENT, withEnv(value)).violations).toEqual([`container "app" env TARGET points at ${ip}`]);
  });
  it("checks args, probe hosts and hostAliases", () => {
    const spec = podSpec({
      hostAliases: [{ ip: "192.168.1.20", hostnames: ["db"] }],
      containers: [compliantContainer({ args: ["--upstream=10.9.9.9"], readinessProbe: { httpGet: { path: "/", port: 8080, host: "10.1.1.1" } } })],
    });
    expect(validateResource(p, DEPLOYMENT, deployment(spec)).violations.sort()).toEqual([
      'container "app" args[0] points at 10.9.9.9',
      'container "app" readinessProbe.httpGet.host is the IP address 10.1.1.1',
      "hostAliases[0].ip is the IP address 192.168.1.20",
    ]);
  });
  it("checks ConfigMap data, pinned Service IPs, Endpoints and Ingress hosts", () => {
    expect(validateResource(p, "kubernetes:core/v1:ConfigMap", { data: { "catalog.properties": "iceberg.rest-catalog.uri=http://172.20.0.4:19120/iceberg" } }).violations).toEqual([
      "data.catalog.properties points at 172.20.0.4",
    ]);
    expect(validateResource(p, "kubernetes:core/v1:Service", { spec: { clusterIP: "10.96.0.50", externalIPs: ["203.0.113.9"] } }).violations).toHaveLength(2);
    expect(validateResource(p, "kubernetes:core/v1:Service", { spec: { clusterIP: "None" } }).violations).toEqual([]);
    expect(validateResource(p, "kubernetes:core/v1:Endpoints", { subsets: [{ addresses: [{ ip: "10.2.2.2" }] }] }).violations).toHaveLength(1);
    expect(validateResource(p, "kubernetes:discovery.k8s.io/v1:EndpointSlice", { endpoints: [{ addresses: ["fd00::2"] }] }).violations).toHaveLength(1);
    expect(
      validateResource(p, "kubernetes:networking.k8s.io/v1:Ingress", { metadata: { annotations: { "x/upstream": "10.3.3.3" } }, spec: { rules: [{ host: "10.4.4.4" }] } }).violations,
    ).toHaveLength(2);
  });
  it("leaves NetworkPolicy CIDRs alone", () => {
    expect(validateResource(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", { spec: { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.5/32" } }] }] } }).violations).toEqual([]);
  });
  it("reports a value unknown during preview as not verifiable, not as a pass", () => {
    const outcome = validateResource(p, DEPLOYMENT, withEnv(UNKNOWN_STRING));
    expect(outcome.unverifiable).toMatch(/can't run during preview: string value at \.spec\.template\.spec\.containers\.0\.env\.0\.value can't be known/);
  });
});

it("only the fields a rule reads must be known: a Secret's unknown payload leaves other rules verifiable", () => {
  const secret = { metadata: { name: "db", namespace: "lakehouse-platform" }, stringData: { password: UNKNOWN_STRING } };
  for (const name of ["contract-no-hardcoded-ips", "contract-run-as-non-root", "lakehouse-policy-exemptions"]) {
    expect(validateResource(policy(name), "kubernetes:core/v1:Secret", secret)).toEqual({ violations: [] });
  }
});

describe("contract-kubernetes-version", () => {
  const p = policy("contract-kubernetes-version");
  it.each([
    ["eks:index:Cluster", { version: "1.27" }, 1],
    ["eks:index:Cluster", { version: "1.33" }, 0],
    ["gcp:container/cluster:Cluster", { minMasterVersion: "1.27.9-gke.100" }, 1],
    ["azure-native:containerservice:ManagedCluster", { kubernetesVersion: "1.31.2" }, 0],
    ["pulumi-nodejs:dynamic/lakehouse:KindCluster", { config: { nodes: [{ image: "kindest/node:v1.26.15@sha256:abc" }] } }, 1],
    ["pulumi-nodejs:dynamic/lakehouse:KindCluster", { config: { nodes: [{ image: "kindest/node:v1.33.4@sha256:abc" }] } }, 0],
  ])("%s %j: %d violation(s)", (type, props, count) => {
    expect(validateResource(p, type, props).violations).toHaveLength(count);
  });
});

describe("exemptions", () => {
  const p = policy("contract-run-as-non-root");
  const exempt = (reason: string) => {
    const object = deployment(podSpec({ securityContext: {} }));
    (object.metadata as any).annotations = { "lakehouse.dev/policy-exempt.contract-run-as-non-root": reason };
    return object;
  };
  it("honours an exemption that states a reason, and lists it for audits", () => {
    expect(validateResource(p, DEPLOYMENT, exempt("vendor image needs root until v2; ticket DATA-12")).violations).toEqual([]);
    expect(validateResource(policy("lakehouse-policy-exemptions"), DEPLOYMENT, exempt("vendor image needs root until v2; ticket DATA-12")).violations).toEqual([
      "exempt from contract-run-as-non-root: vendor image needs root until v2; ticket DATA-12",
    ]);
  });
  it("ignores an exemption without a reason", () => {
    expect(validateResource(p, DEPLOYMENT, exempt("  ")).violations).toHaveLength(1);
  });
});

it("gives every policy a name, description, remediation, tags and an enforcement level", () => {
  for (const p of policies) {
    expect(p.name).toMatch(/^[a-z0-9-]+$/);
    expect(p.description.length).toBeGreaterThan(20);
    expect(p.remediationSteps?.length).toBeGreaterThan(10);
    expect(p.tags?.length).toBeGreaterThan(0);
    expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
  }
});
