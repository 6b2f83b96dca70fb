// A passing and a failing fixture for every best-practice rule.
import { policies } from "../../policies";
import { compliantContainer, deployment, DEPLOYMENT, podSpec } from "../../test/fixtures";
import { UNKNOWN_STRING, validateResource, validateStack } from "../../test/harness";
import { sensitiveHostPath } from "./sensitiveHostMounts";

const policy = (name: string) => {
  const found = policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
const resourceCheck = (name: string, type: string, props: Record<string, unknown>, config = {}) => validateResource(policy(name), type, props, config).violations;
const withContainer = (overrides: Record<string, unknown>, pod: Record<string, unknown> = {}) => deployment(podSpec({ containers: [compliantContainer(overrides)], ...pod }));
const replicated = (replicas: unknown, pod: Record<string, unknown> = {}) => {
  const base = deployment(podSpec(pod));
  return { ...base, spec: { ...(base.spec as object), replicas } };
};
const OWN_PODS = { matchLabels: { "app.kubernetes.io/name": "app" } };

describe("object rules", () => {
  const cases: Array<[name: string, failing: [string, Record<string, unknown>], expected: RegExp]> = [
    ["bp-image-pinned", [DEPLOYMENT, withContainer({ image: "registry.example:5000/team/app" })], /has no tag/],
    ["bp-read-only-root-filesystem", [DEPLOYMENT, withContainer({ securityContext: { allowPrivilegeEscalation: false } })], /writable root filesystem/],
    ["bp-no-secret-env-literals", [DEPLOYMENT, withContainer({ env: [{ name: "DB_PASSWORD", value: "hunter2" }] })], /DB_PASSWORD to a literal value/],
    ["bp-dedicated-service-account", [DEPLOYMENT, deployment(podSpec({ serviceAccountName: "default" }))], /default ServiceAccount/],
    ["bp-service-account-token-automount", [DEPLOYMENT, deployment(podSpec({ automountServiceAccountToken: undefined }))], /automountServiceAccountToken unset/],
    [
      "bp-duplicate-env",
      [
        DEPLOYMENT,
        withContainer({
          env: [
            { name: "A", value: "1" },
            { name: "A", value: "2" },
          ],
        }),
      ],
      /defines A more than once/,
    ],
    ["bp-selector-matches-template", [DEPLOYMENT, { ...deployment(), spec: { ...(deployment().spec as object), selector: { matchLabels: { app: "other" } } } }], /selector app=other/],
    ["bp-job-ttl", ["kubernetes:batch/v1:Job", { spec: { template: { spec: podSpec({ restartPolicy: "Never" }) } } }], /ttlSecondsAfterFinished/],
    ["bp-removed-api-version", ["kubernetes:policy/v1beta1:PodDisruptionBudget", { spec: {} }], /removed in Kubernetes 1.25; use policy\/v1/],
    ["bp-rbac-no-wildcards", ["kubernetes:rbac.authorization.k8s.io/v1:Role", { rules: [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }] }], /rules\[0\].resources contains "\*"/],
    ["bp-rbac-secret-access", ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", { rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }] }], /read access to Secrets/],
    ["bp-rbac-no-cluster-admin", ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", { roleRef: { kind: "ClusterRole", name: "cluster-admin" } }], /cluster-admin/],
    ["bp-opaque-resources", ["kubernetes:helm.sh/v3:Release", { chart: "kube-prometheus-stack", version: "79.1.0" }], /helm.v3.Release kube-prometheus-stack 79.1.0/],
    ["bp-privileged-ports", [DEPLOYMENT, withContainer({ ports: [{ name: "http", containerPort: 80 }] })], /declares port 80 \(http\) but runs as non-root, which cannot bind a port below 1024/],
    [
      "bp-sensitive-host-mounts",
      [DEPLOYMENT, deployment(podSpec({ volumes: [{ name: "runtime", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }] }))],
      /volume "runtime" mounts host path \/var\/run\/docker.sock \(the container runtime's socket/,
    ],
    ["bp-replicas-spread", [DEPLOYMENT, replicated(3)], /runs 3 replicas with nothing spreading them/],
  ];
  it.each(cases)("%s passes the compliant object and fails the offending one", (name, [type, failing], expected) => {
    expect(resourceCheck(name, DEPLOYMENT, deployment())).toEqual([]);
    expect(resourceCheck(name, type, failing).join("\n")).toMatch(expected);
  });

  it("accepts secrets from Secret references and digests with tags", () => {
    expect(resourceCheck("bp-no-secret-env-literals", DEPLOYMENT, withContainer({ env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] }))).toEqual([]);
    expect(resourceCheck("bp-image-pinned", DEPLOYMENT, withContainer({ image: `trinodb/trino:478@sha256:${"a".repeat(64)}` }))).toEqual([]);
  });

  it("judges API versions by the cluster's version", () => {
    expect(resourceCheck("bp-removed-api-version", "kubernetes:flowcontrol.apiserver.k8s.io/v1beta3:FlowSchema", {}, { kubernetesVersion: "1.31" })).toEqual([]);
    expect(resourceCheck("bp-removed-api-version", "kubernetes:flowcontrol.apiserver.k8s.io/v1beta3:FlowSchema", {}, { kubernetesVersion: "1.32" })).toHaveLength(1);
  });
});

describe("bp-privileged-ports", () => {
  const lowPort = (securityContext: Record<string, unknown>, pod: Record<string, unknown> = {}) =>
    resourceCheck("bp-privileged-ports", DEPLOYMENT, withContainer({ ports: [{ name: "http", containerPort: 443 }], securityContext }, pod));
  const hardened = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
  it("passes when the pod lowers net.ipv4.ip_unprivileged_port_start", () => {
    expect(lowPort(hardened, { securityContext: { runAsNonRoot: true, runAsUser: 1000, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] } })).toEqual([]);
  });
  it("counts NET_BIND_SERVICE only where file capabilities can work (privilege escalation allowed)", () => {
    expect(lowPort({ ...hardened, allowPrivilegeEscalation: true, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })).toEqual([]);
    expect(lowPort({ ...hardened, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })).toEqual([expect.stringMatching(/declares port 443/)]);
  });
  it("leaves root containers and containers of unknown user to contract-run-as-non-root", () => {
    expect(lowPort({ ...hardened, runAsUser: 0 })).toEqual([]);
    expect(lowPort(hardened, { securityContext: {} })).toEqual([]);
  });
});

describe("bp-sensitive-host-mounts", () => {
  it.each(["/", "/etc/", "/etc/../proc", "/proc/1/root", "/sys/fs/cgroup", "/var/run", "/var/lib/kubelet/pods", "/run/containerd/containerd.sock", "/host/run/crio.sock", "/etc/kubernetes/pki"])(
    "names %s",
    (path) => {
      expect(sensitiveHostPath(path)).toBeDefined();
    },
  );
  it.each(["/var/log", "/etc/localtime", "/etc/ssl/certs", "/data/app", "/var/lib/app-cache", "/mnt/disks/ssd0"])("lets %s be (the PSS hostPath rule still applies)", (path) => {
    expect(sensitiveHostPath(path)).toBeUndefined();
  });
  it("is not verifiable during preview while the path is unknown", () => {
    const outcome = validateResource(policy("bp-sensitive-host-mounts"), DEPLOYMENT, deployment(podSpec({ volumes: [{ name: "host", hostPath: { path: UNKNOWN_STRING } }] })));
    expect(outcome.unverifiable).toMatch(/hostPath\.path can't be known/);
  });
});

describe("bp-replicas-spread", () => {
  const spread = (pod: Record<string, unknown>) => resourceCheck("bp-replicas-spread", DEPLOYMENT, replicated(3, pod));
  it("passes the kit's preferred anti-affinity on the hostname, and a topology spread over zones", () => {
    expect(
      spread({
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: OWN_PODS } }] } },
      }),
    ).toEqual([]);
    expect(
      spread({
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["app"] }] },
          },
        ],
      }),
    ).toEqual([]);
  });
  it("fails spreading that does not select the workload's own pods, or not over nodes", () => {
    expect(
      spread({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "other" } } }] } } }),
    ).toHaveLength(1);
    expect(spread({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname" }] } } })).toHaveLength(1);
    expect(spread({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "example.com/rack", labelSelector: OWN_PODS }] })).toHaveLength(1);
  });
  it("leaves single replicas and autoscaled workloads (replicas unset) alone, and waits for unknown replica counts", () => {
    expect(resourceCheck("bp-replicas-spread", DEPLOYMENT, replicated(1))).toEqual([]);
    expect(resourceCheck("bp-replicas-spread", DEPLOYMENT, replicated(undefined))).toEqual([]);
    expect(validateResource(policy("bp-replicas-spread"), DEPLOYMENT, replicated(UNKNOWN_STRING)).unverifiable).toMatch(/spec\.replicas can't be known/);
  });
});

describe("cross-resource rules", () => {
  const ns = (name: string, environment: string, role = "platform") => ({
    type: "kubernetes:core/v1:Namespace",
    props: { metadata: { name, labels: { "lakehouse.dev/environment": environment, "lakehouse.dev/role": role } } },
  });
  const app = { type: DEPLOYMENT, props: deployment() };
  const service = (selector: Record<string, string>, type = "ClusterIP", namespace = "lakehouse-platform") => ({
    type: "kubernetes:core/v1:Service",
    props: { metadata: { name: "app", namespace }, spec: { type, selector, ports: [{ name: "http", port: 80 }] } },
  });
  const ingress = (backend: string, tls = true) => ({
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    props: {
      metadata: { name: "ui", namespace: "lakehouse-platform" },
      spec: {
        ...(tls ? { tls: [{ hosts: ["ui.example.internal"], secretName: "ui-tls" }] } : {}),
        rules: [{ host: "ui.example.internal", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: backend, port: { name: "http" } } } }] } }],
      },
    },
  });
  const stack = (name: string, resources: Array<{ type: string; props: Record<string, unknown> }>) => validateStack(policy(name), resources).violations;

  it("stack-service-selects-workload", () => {
    expect(stack("stack-service-selects-workload", [app, service({ "app.kubernetes.io/name": "app" })])).toEqual([]);
    expect(stack("stack-service-selects-workload", [app, service({ "app.kubernetes.io/name": "typo" })])).toEqual([expect.stringMatching(/selects no workload/)]);
  });
  it("stack-ingress-backend-exists", () => {
    expect(stack("stack-ingress-backend-exists", [service({ "app.kubernetes.io/name": "app" }), ingress("app")])).toEqual([]);
    expect(stack("stack-ingress-backend-exists", [service({ "app.kubernetes.io/name": "app" }), ingress("missing")])).toEqual([expect.stringMatching(/Service missing, which does not exist/)]);
  });
  it("stack-ingress-tls, only in staging and prod", () => {
    expect(stack("stack-ingress-tls", [ns("lakehouse-platform", "dev"), ingress("app", false)])).toEqual([]);
    expect(stack("stack-ingress-tls", [ns("lakehouse-platform", "staging"), ingress("app", false)])).toEqual([expect.stringMatching(/no TLS in staging/)]);
  });
  it("stack-exposed-services-in-edge-only", () => {
    expect(stack("stack-exposed-services-in-edge-only", [ns("lakehouse-edge", "dev", "edge"), service({ a: "b" }, "LoadBalancer", "lakehouse-edge")])).toEqual([]);
    expect(stack("stack-exposed-services-in-edge-only", [service({ a: "b" }, "NodePort")])).toEqual([expect.stringMatching(/NodePort outside the edge layer/)]);
  });
  it("stack-network-policy-per-namespace, only in prod", () => {
    const policyObject = { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", props: { metadata: { name: "default-deny", namespace: "lakehouse-platform" }, spec: { podSelector: {} } } };
    expect(stack("stack-network-policy-per-namespace", [ns("lakehouse-platform", "staging"), app])).toEqual([]);
    expect(stack("stack-network-policy-per-namespace", [ns("lakehouse-platform", "prod"), app])).toEqual([expect.stringMatching(/has no NetworkPolicy/)]);
    expect(stack("stack-network-policy-per-namespace", [ns("lakehouse-platform", "prod"), app, policyObject])).toEqual([]);
  });
  it("stack-replicated-stateful-pdb, only in prod", () => {
    const set = { type: "kubernetes:apps/v1:StatefulSet", props: { ...deployment(), spec: { ...(deployment().spec as object), replicas: 3 } } };
    const pdb = {
      type: "kubernetes:policy/v1:PodDisruptionBudget",
      props: { metadata: { name: "app", namespace: "lakehouse-platform" }, spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "app" } } } },
    };
    expect(stack("stack-replicated-stateful-pdb", [ns("lakehouse-platform", "prod"), set])).toEqual([expect.stringMatching(/3 replicas and no PodDisruptionBudget/)]);
    expect(stack("stack-replicated-stateful-pdb", [ns("lakehouse-platform", "prod"), set, pdb])).toEqual([]);
  });
  it("stack-prod-serving-replicas, only in prod", () => {
    const prod = ns("lakehouse-platform", "prod");
    const scaled = (replicas: number) => ({ type: DEPLOYMENT, props: replicated(replicas) });
    const selecting = service({ "app.kubernetes.io/name": "app" });
    expect(stack("stack-prod-serving-replicas", [prod, app, selecting])).toEqual([expect.stringMatching(/Deployment app serves Service app with 1 replica in prod \(spec.replicas\)/)]);
    expect(stack("stack-prod-serving-replicas", [prod, scaled(2), selecting])).toEqual([]);
    expect(stack("stack-prod-serving-replicas", [ns("lakehouse-platform", "staging"), app, selecting])).toEqual([]);
    expect(stack("stack-prod-serving-replicas", [prod, app])).toEqual([]);
  });
  it("stack-prod-serving-replicas counts an autoscaler's minReplicas", () => {
    const hpa = (minReplicas?: number) => ({
      type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      props: {
        metadata: { name: "app", namespace: "lakehouse-platform" },
        spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "app" }, maxReplicas: 5, ...(minReplicas ? { minReplicas } : {}) },
      },
    });
    const base = [ns("lakehouse-platform", "prod"), app, service({ "app.kubernetes.io/name": "app" })];
    expect(stack("stack-prod-serving-replicas", [...base, hpa(2)])).toEqual([]);
    expect(stack("stack-prod-serving-replicas", [...base, hpa()])).toEqual([expect.stringMatching(/HorizontalPodAutoscaler app's minReplicas/)]);
  });
  it("stack-service-target-port", () => {
    const targeting = (targetPort?: unknown, protocol?: string) => ({
      type: "kubernetes:core/v1:Service",
      props: {
        metadata: { name: "app", namespace: "lakehouse-platform" },
        spec: { selector: { "app.kubernetes.io/name": "app" }, ports: [{ name: "web", port: 8080, ...(targetPort === undefined ? {} : { targetPort }), ...(protocol ? { protocol } : {}) }] },
      },
    });
    expect(stack("stack-service-target-port", [app, targeting("http")])).toEqual([]);
    expect(stack("stack-service-target-port", [app, targeting(8080)])).toEqual([]);
    expect(stack("stack-service-target-port", [app, targeting()])).toEqual([]);
    expect(stack("stack-service-target-port", [app, targeting("metrics")])).toEqual(['Service app port web targets port name "metrics", which Deployment app\'s containers do not declare']);
    expect(stack("stack-service-target-port", [app, targeting(9090)])).toEqual(["Service app port web targets port 9090, which Deployment app's containers do not declare"]);
    expect(stack("stack-service-target-port", [app, targeting("http", "UDP")])).toEqual([expect.stringMatching(/port name "http"\/UDP/)]);
    // A Service that selects nothing is stack-service-selects-workload's finding, not this rule's.
    expect(stack("stack-service-target-port", [targeting("metrics")])).toEqual([]);
  });
  it("stack-service-account-exists, advisory and saying the account may come from outside", () => {
    const account = (namespace: string) => ({ type: "kubernetes:core/v1:ServiceAccount", props: { metadata: { name: "app", namespace } } });
    expect(stack("stack-service-account-exists", [app, account("lakehouse-platform")])).toEqual([]);
    expect(stack("stack-service-account-exists", [app, account("lakehouse-services")])).toEqual([
      expect.stringMatching(/ServiceAccount app, which is not among the ServiceAccounts of namespace lakehouse-platform .*unless the account comes from outside/),
    ]);
    expect(stack("stack-service-account-exists", [{ type: DEPLOYMENT, props: deployment(podSpec({ serviceAccountName: "default" })) }])).toEqual([]);
    expect(policy("stack-service-account-exists").enforcementLevel).toBe("advisory");
  });
});
