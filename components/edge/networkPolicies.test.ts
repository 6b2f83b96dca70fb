import { edgeNetworkPolicies } from "./networkPolicies";
import { stackConfig } from "../../test/support/components";

const traefik = { "app.kubernetes.io/name": "traefik" };

it("follows the stack's allow-all in dev", () => {
  expect(edgeNetworkPolicies(stackConfig("dev").network, "ingress-controller", traefik).map((p) => p.name)).toEqual(["allow-all"]);
});

it("under default-deny, lets anyone reach the controller's web and websecure ports only", () => {
  const policies = edgeNetworkPolicies(stackConfig("staging").network, "ingress-controller", traefik);
  expect(policies.map((p) => p.name)).toEqual(["default-deny", "allow-dns", "allow-api-server", "allow-web", "allow-to-uis"]);
  expect(policies.find((p) => p.name === "allow-web")!.spec).toEqual({
    podSelector: { matchLabels: traefik },
    policyTypes: ["Ingress"],
    ingress: [
      {
        ports: [
          { protocol: "TCP", port: "web" },
          { protocol: "TCP", port: "websecure" },
        ],
      },
    ],
  });
});

it("under default-deny, lets the controller reach the pods of services with a UI, and no others", () => {
  const toUis = edgeNetworkPolicies(stackConfig("staging").network, "ingress-controller", traefik).find((p) => p.name === "allow-to-uis")!;
  const [peer] = (toUis.spec.egress as any[])[0].to;
  expect(peer.namespaceSelector).toEqual({ matchLabels: { "lakehouse.dev/platform": "true" } });
  expect(peer.podSelector.matchExpressions[0].values).toEqual(expect.arrayContaining(["trino", "airflow", "grafana"]));
  expect(peer.podSelector.matchExpressions[0].values).not.toContain("postgres");
});

it("under default-deny, opens cert-manager's webhook to the API server and its controller to ACME", () => {
  const policies = edgeNetworkPolicies(stackConfig("prod").network, "cert-manager", traefik);
  const byName = Object.fromEntries(policies.map((p) => [p.name, p.spec]));
  expect(byName["allow-webhook"]).toMatchObject({ podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } }, ingress: [{ ports: [{ protocol: "TCP", port: 10250 }] }] });
  expect(byName["allow-acme"]).toMatchObject({
    podSelector: { matchLabels: { "app.kubernetes.io/component": "controller" } },
    egress: [
      {
        ports: [
          { protocol: "TCP", port: 80 },
          { protocol: "TCP", port: 443 },
        ],
      },
    ],
  });
  expect(byName["allow-web"]).toBeUndefined();
});

it("lets Prometheus, and only its pods, scrape cert-manager's controller when it runs in the cluster", () => {
  const without = edgeNetworkPolicies(stackConfig("prod").network, "cert-manager", traefik).map((p) => p.name);
  expect(without).not.toContain("allow-prometheus");
  const policies = edgeNetworkPolicies(stackConfig("prod").network, "cert-manager", traefik, "lakehouse-observability");
  const scrape = policies.find((p) => p.name === "allow-prometheus")!.spec;
  expect(scrape).toMatchObject({
    podSelector: { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } },
    policyTypes: ["Ingress"],
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "lakehouse-observability" } }, podSelector: { matchLabels: { "lakehouse.dev/service": "prometheus" } } }],
        ports: [{ protocol: "TCP", port: 9402 }],
      },
    ],
  });
});
