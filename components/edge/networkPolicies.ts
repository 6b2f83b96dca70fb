// NetworkPolicies of the edge's namespaces. They start from the foundation's set for the stack
// (default-deny with DNS and the API server, or allow-all in dev), so the edge follows the same
// rules as every other namespace, and add what only the edge needs: the world reaching the
// controller's entry points, the controller reaching the services with a UI (which let it in:
// servicePolicies.ts), the API server reaching cert-manager's webhook, and cert-manager reaching
// the ACME server and its own HTTP-01 self-check.
import { type NetworkConfig, SERVICE_NAMES, SERVICES } from "../../stacks";
import { PLATFORM_LABEL } from "../foundation/labels";
import { SERVICE_LABEL } from "../kit/labels";
import { networkPoliciesFor, type NetworkPolicySpec } from "../foundation/networkPolicies";

/** Services the edge publishes (their descriptors say `ui`). */
const UI_SERVICES = SERVICE_NAMES.filter((name) => SERVICES[name].ui);

export type EdgeNamespaceRole = "ingress-controller" | "cert-manager";

const tcp = (port: number | string) => ({ protocol: "TCP", port });

/** cert-manager's chart labels its pods by component. */
const component = (name: string) => ({ matchLabels: { "app.kubernetes.io/component": name } });

/** cert-manager's controller serves its metrics here (the chart's Service port http-metrics). */
export const CERT_MANAGER_METRICS = { port: 9402, portName: "http-metrics", pods: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } } as const;

/** `prometheusNamespace`: where Prometheus runs in the cluster, to let it scrape cert-manager. */
export function edgeNetworkPolicies(network: NetworkConfig, role: EdgeNamespaceRole, controllerPods: Record<string, string>, prometheusNamespace?: string): NetworkPolicySpec[] {
  const base = networkPoliciesFor(network);
  if (network.policy === "allow-all") return base;
  if (role === "ingress-controller") {
    return [
      ...base,
      // From anywhere (no `from`): browsers, the load balancer, kind's port mapping. Named container ports.
      { name: "allow-web", spec: { podSelector: { matchLabels: controllerPods }, policyTypes: ["Ingress"], ingress: [{ ports: [tcp("web"), tcp("websecure")] }] } },
      // On to the services with a UI, and nothing else of the platform.
      {
        name: "allow-to-uis",
        spec: {
          podSelector: { matchLabels: controllerPods },
          policyTypes: ["Egress"],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { [PLATFORM_LABEL]: "true" } }, podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: "In", values: UI_SERVICES }] } }] }],
        },
      },
    ];
  }
  return [
    ...base,
    // The API server calls the webhook from the control plane, whose addresses we do not know.
    { name: "allow-webhook", spec: { podSelector: component("webhook"), policyTypes: ["Ingress"], ingress: [{ ports: [tcp(10250)] }] } },
    // The ACME directory (HTTPS) and the HTTP-01 self-check against our own public address.
    { name: "allow-acme", spec: { podSelector: component("controller"), policyTypes: ["Egress"], egress: [{ ports: [tcp(80), tcp(443)] }] } },
    // Prometheus scrapes the controller's certificate metrics (the certificate alerts).
    ...(prometheusNamespace
      ? [
          {
            name: "allow-prometheus",
            spec: {
              podSelector: { matchLabels: { ...CERT_MANAGER_METRICS.pods } },
              policyTypes: ["Ingress"],
              ingress: [
                {
                  from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": prometheusNamespace } }, podSelector: { matchLabels: { [SERVICE_LABEL]: "prometheus" } } }],
                  ports: [tcp(CERT_MANAGER_METRICS.port)],
                },
              ],
            },
          },
        ]
      : []),
  ];
}
