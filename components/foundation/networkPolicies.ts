// NetworkPolicies per namespace: allow-all in dev (the contract's default), and in staging and
// prod default-deny with explicit allows: DNS, traffic between lakehouse namespaces, the ingress
// controller, and the API server and outside CIDRs where config names them.
import type * as k8s from "@pulumi/kubernetes";
import type { NetworkConfig } from "../../stacks";
import { PLATFORM_LABEL } from "./labels";

/** Pods whose ServiceAccount may call the Kubernetes API carry this label (set by the workload kit). */
export const API_ACCESS_LABEL = "lakehouse.dev/api-access";

/**
 * The labels we add to the pods of an upstream chart: only the one our policies select. Each chart
 * sets its own app.kubernetes.io/* labels (managed-by Helm, its own part-of), and giving a key a
 * second value repeats it in the rendered YAML, which is invalid.
 */
export const CHART_POD_LABELS: Record<string, string> = { [API_ACCESS_LABEL]: "true" };

export interface NetworkPolicySpec {
  name: string;
  spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

const everyPod = {};
const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

export function networkPoliciesFor(network: NetworkConfig): NetworkPolicySpec[] {
  if (network.policy === "allow-all") {
    return [{ name: "allow-all", spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] } }];
  }
  const policies: NetworkPolicySpec[] = [
    { name: "default-deny", spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"] } },
    {
      name: "allow-dns",
      spec: {
        podSelector: everyPod,
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: byName(network.dns.namespace), podSelector: { matchLabels: network.dns.podLabels } }],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
    {
      name: "allow-platform",
      spec: {
        podSelector: everyPod,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [PLATFORM_LABEL]: "true" } } }] }],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { [PLATFORM_LABEL]: "true" } } }] }],
      },
    },
    {
      name: "allow-ingress-controller",
      spec: { podSelector: everyPod, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: byName(network.ingressControllerNamespace) }] }] },
    },
  ];
  if (network.apiServerCidrs.length) {
    policies.push({
      name: "allow-api-server",
      spec: {
        podSelector: { matchLabels: { [API_ACCESS_LABEL]: "true" } },
        policyTypes: ["Egress"],
        egress: [{ to: network.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [443, 6443].map((port) => ({ protocol: "TCP", port })) }],
      },
    });
  }
  if (network.externalEgressCidrs.length) {
    policies.push({
      name: "allow-external-services",
      spec: { podSelector: everyPod, policyTypes: ["Egress"], egress: [{ to: network.externalEgressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] },
    });
  }
  return policies;
}
