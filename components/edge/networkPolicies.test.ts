import { edgeNetworkPolicies } from "./networkPolicies";
import { stackConfig } from "../kit/testing";

const traefik = { "app.kubernetes.io/name": "traefik" };

it("follows the stack's allow-all in dev", () => {
  expect(edgeNetworkPolicies(stackConfig("dev").network, "ingress-controller", traefik).map((p) => p.name)).toEqual(["allow-all"]);
});

it("under default-deny, lets anyone reach the controller's web and websecure ports only", () => {
  const policies = edgeNetworkPolicies(stackConfig("staging").network, "ingress-controller", traefik);
  expect(policies.map((p) => p.name)).toEqual(["default-deny", "allow-dns", "allow-platform", "allow-ingress-controller", "allow-api-server", "allow-web"]);
  expect(policies.at(-1)!.spec).toEqual({
    podSelector: { matchLabels: traefik },
    policyTypes: ["Ingress"],
    ingress: [{ ports: [{ protocol: "TCP", port: "web" }, { protocol: "TCP", port: "websecure" }] }],
  });
});

it("under default-deny, opens cert-manager's webhook to the API server and its controller to ACME", () => {
  const policies = edgeNetworkPolicies(stackConfig("prod").network, "cert-manager", traefik);
  const byName = Object.fromEntries(policies.map((p) => [p.name, p.spec]));
  expect(byName["allow-webhook"]).toMatchObject({ podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } }, ingress: [{ ports: [{ protocol: "TCP", port: 10250 }] }] });
  expect(byName["allow-acme"]).toMatchObject({ podSelector: { matchLabels: { "app.kubernetes.io/component": "controller" } }, egress: [{ ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 443 }] }] });
  expect(byName["allow-web"]).toBeUndefined();
});
