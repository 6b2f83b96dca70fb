import { exposureOf } from "./exposure";
import { stackConfig } from "../../test/support/components";
import { traefikReplicas, traefikValues } from "./traefikValues";

it("runs one replica on kind, where the host ports are, and the configured count elsewhere", () => {
  expect(traefikReplicas(2, "host-port")).toBe(1);
  expect(traefikReplicas(1, "load-balancer")).toBe(1);
  expect(traefikReplicas(3, "node-port")).toBe(3);
  expect((traefikValues(stackConfig("prod")) as any).deployment.replicas).toBe(2);
});

it("sizes the controller from lakehouse:edge.resources.traefik", () => {
  const traefik = { requests: { cpu: "300m", memory: "300Mi" }, limits: { cpu: "3", memory: "3Gi" } };
  const values: any = traefikValues(stackConfig("staging", (raw) => (raw.edge.resources = { traefik })));
  expect(values.resources).toEqual(traefik);
});

it("on kind binds host ports 80/443 on the ingress-ready node, tolerating its taint, and says why", () => {
  const values: any = traefikValues(stackConfig("dev"));
  expect(values.ports).toEqual({ web: { hostPort: 80 }, websecure: { hostPort: 443 } });
  expect(values.nodeSelector).toEqual({ "ingress-ready": "true" });
  expect(values.tolerations).toEqual([{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }]);
  expect(values.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  expect(values.service.spec.type).toBe("ClusterIP");
  expect(values.deployment.annotations["lakehouse.dev/policy-exempt.pss-baseline-host-ports"]).toMatch(/kind forwards/);
  // No load balancer: the Ingress status names the domain.
  expect(values.additionalArguments).toEqual(["--providers.kubernetesingress.ingressendpoint.hostname=lakehouse.localtest.me"]);
});

it("elsewhere sits behind a LoadBalancer with a disruption budget", () => {
  const values: any = traefikValues(stackConfig("prod"));
  expect(values.service.spec.type).toBe("LoadBalancer");
  expect(values.ports).toEqual({ web: {}, websecure: {} });
  expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  expect(values.providers.kubernetesIngress.publishedService).toEqual({ enabled: true });
  expect(values.nodeSelector).toBeUndefined();
});

it("uses a NodePort on an existing cluster without load balancers", () => {
  const config = stackConfig("staging", (raw) => {
    raw.cluster = { type: "existing", name: "shared", kubernetesVersion: "1.33", existing: { context: "shared", loadBalancer: false } };
    raw.storage = { className: "standard", create: false, reclaimPolicy: "Delete" };
  });
  expect(exposureOf(config)).toBe("node-port");
  expect((traefikValues(config) as any).service.spec.type).toBe("NodePort");
});

it("serves our ingress class only, not as the cluster default, non-root and sized", () => {
  const values: any = traefikValues(stackConfig("staging", (raw) => (raw.cluster.ingressClass = "lakehouse")));
  expect(values.ingressClass).toEqual({ enabled: true, isDefaultClass: false, name: "lakehouse" });
  expect(values.providers.kubernetesIngress.ingressClass).toBe("lakehouse");
  expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
  expect(values.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  expect(values.resources).toEqual({ requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } });
  expect(values.deployment.podLabels["lakehouse.dev/api-access"]).toBe("true");
});

it("pulls from the stack's mirror when it has one", () => {
  expect((traefikValues(stackConfig("dev", (raw) => (raw.images = { registry: "mirror.acme.internal:5000/hub" }))) as any).image).toEqual({ registry: "mirror.acme.internal:5000/hub" });
});
