// NetworkPolicies of the edge's namespaces. They start from the foundation's set for the stack
// (default-deny with DNS, the lakehouse namespaces and the API server, or allow-all in dev), so the
// edge follows the same rules as every other namespace, and add what only the edge needs: the
// world reaching the controller's entry points, the API server reaching cert-manager's webhook,
// and cert-manager reaching the ACME server and its own HTTP-01 self-check.
import type { NetworkConfig } from "../../stacks";
import { networkPoliciesFor, type NetworkPolicySpec } from "../foundation/networkPolicies";

export type EdgeNamespaceRole = "ingress-controller" | "cert-manager";

const tcp = (port: number | string) => ({ protocol: "TCP", port });

/** cert-manager's chart labels its pods by component. */
const component = (name: string) => ({ matchLabels: { "app.kubernetes.io/component": name } });

export function edgeNetworkPolicies(network: NetworkConfig, role: EdgeNamespaceRole, controllerPods: Record<string, string>): NetworkPolicySpec[] {
  const base = networkPoliciesFor(network);
  if (network.policy === "allow-all") return base;
  if (role === "ingress-controller") {
    return [
      ...base,
      // From anywhere (no `from`): browsers, the load balancer, kind's port mapping. Named container ports.
      { name: "allow-web", spec: { podSelector: { matchLabels: controllerPods }, policyTypes: ["Ingress"], ingress: [{ ports: [tcp("web"), tcp("websecure")] }] } },
    ];
  }
  return [
    ...base,
    // The API server calls the webhook from the control plane, whose addresses we do not know.
    { name: "allow-webhook", spec: { podSelector: component("webhook"), policyTypes: ["Ingress"], ingress: [{ ports: [tcp(10250)] }] } },
    // The ACME directory (HTTPS) and the HTTP-01 self-check against our own public address.
    { name: "allow-acme", spec: { podSelector: component("controller"), policyTypes: ["Egress"], egress: [{ ports: [tcp(80), tcp(443)] }] } },
  ];
}
