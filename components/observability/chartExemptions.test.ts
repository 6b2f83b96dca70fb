import { chartExemptionsTransform, withChartExemptions } from "./chartExemptions";

const clusterRole = (name: string) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels: { app: "x" } }, rules: [] });
const transformArgs = (type: string, props: Record<string, unknown>) => ({ custom: true, type, name: `kube-prometheus-stack:${String((props.metadata as any).name)}`, props, opts: {} });

it("exempts the operator's ClusterRole from the wildcard rule, with the reason, keeping its metadata", () => {
  const object: any = withChartExemptions(clusterRole("monitoring-operator"));
  expect(object.metadata.labels).toEqual({ app: "x" });
  expect(object.metadata.annotations["lakehouse.dev/policy-exempt.bp-rbac-no-wildcards"]).toMatch(/Prometheus Operator's upstream ClusterRole/);
});

it("exempts Grafana's Deployment from the probes rule and Prometheus' Service from the selector rule, and nothing else", () => {
  const grafana: any = withChartExemptions({ kind: "Deployment", metadata: { name: "grafana", annotations: { keep: "me" } } });
  expect(Object.keys(grafana.metadata.annotations)).toEqual(["keep", "lakehouse.dev/policy-exempt.contract-liveness-readiness-probes"]);
  const service: any = withChartExemptions({ kind: "Service", metadata: { name: "monitoring-prometheus" } });
  expect(Object.keys(service.metadata.annotations)).toEqual(["lakehouse.dev/policy-exempt.stack-service-selects-workload"]);
  for (const other of [clusterRole("monitoring-prometheus"), { kind: "Service", metadata: { name: "grafana" } }, { kind: "Deployment", metadata: { name: "monitoring-operator" } }]) {
    expect(withChartExemptions(other)).toBe(other);
  }
});

it("does the same as a transform of the chart's children, matched by type and name", async () => {
  const result: any = await chartExemptionsTransform(transformArgs("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", clusterRole("monitoring-operator")));
  expect(result.props.metadata.annotations["lakehouse.dev/policy-exempt.bp-rbac-no-wildcards"]).toBeTruthy();
  expect(await chartExemptionsTransform(transformArgs("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", clusterRole("monitoring-operator")))).toBeUndefined();
  expect(await chartExemptionsTransform(transformArgs("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", clusterRole("grafana-clusterrole")))).toBeUndefined();
});
