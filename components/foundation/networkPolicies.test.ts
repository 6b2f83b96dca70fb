import { networkPoliciesFor } from "./networkPolicies";
import { ACCESS_RULES } from "../kit/accessRules";

const base = {
  ingressControllerNamespace: "lakehouse-edge",
  dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
  apiServerCidrs: [],
  externalEgressCidrs: [],
};

it("allows everything in allow-all mode, with one explicit policy", () => {
  expect(networkPoliciesFor({ ...base, policy: "allow-all" })).toEqual([{ name: "allow-all", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] } }]);
});

it("denies by default and allows only DNS to every pod: services reach each other by their own policies", () => {
  const policies = networkPoliciesFor({ ...base, policy: "default-deny" });
  expect(policies.map((p) => p.name)).toEqual(["default-deny", "allow-dns"]);
  expect(policies[0].spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
});

it("lets every pod query the cluster DNS the stack names, on OpenShift as on kind", () => {
  const openshift = { namespace: "openshift-dns", podLabels: { "dns.operator.openshift.io/daemonset-dns": "default" } };
  const dns = networkPoliciesFor({ ...base, dns: openshift, policy: "default-deny" }).find((p) => p.name === "allow-dns")!;
  expect((dns.spec.egress as Array<{ to: unknown }>)[0].to).toEqual([
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "openshift-dns" } }, podSelector: { matchLabels: openshift.podLabels } },
  ]);
});

it("opens the API server only to pods labelled for API access, and outside CIDRs only when named", () => {
  const policies = networkPoliciesFor({ ...base, policy: "default-deny", apiServerCidrs: ["10.20.0.0/16"], externalEgressCidrs: ["10.60.0.0/24"] });
  const api = policies.find((p) => p.name === "allow-api-server")!;
  expect(api.spec.podSelector).toEqual({ matchLabels: { "lakehouse.dev/api-access": "true" } });
  expect(JSON.stringify(api.spec)).toContain('"cidr":"10.20.0.0/16"');
  expect(policies.find((p) => p.name === "allow-external-services")).toBeDefined();
});

it("never grants access to Secrets or cluster-wide wildcards", () => {
  for (const rules of Object.values(ACCESS_RULES)) {
    for (const rule of rules) {
      expect(rule.resources).not.toContain("secrets");
      expect([...rule.verbs, ...rule.resources]).not.toContain("*");
    }
  }
});
