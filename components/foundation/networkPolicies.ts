// NetworkPolicies every namespace gets: allow-all in dev (the contract's default), and in staging
// and prod default-deny with explicit allows: DNS, and the API server and outside CIDRs where
// config names them. Traffic between services follows the dependency graph (servicePolicies.ts).
import type * as k8s from "@pulumi/kubernetes";
import type { NetworkConfig, ServiceName } from "../../stacks";
import { SERVICE_LABEL } from "./labels";

/** Pods whose ServiceAccount may call the Kubernetes API carry this label (set by the workload kit). */
export const API_ACCESS_LABEL = "lakehouse.dev/api-access";

/**
 * The labels we add to the pods of an upstream chart: only the one our policies select. Each chart
 * sets its own app.kubernetes.io/* labels (managed-by Helm, its own part-of), and giving a key a
 * second value repeats it in the rendered YAML, which is invalid.
 */
export const CHART_POD_LABELS: Record<string, string> = { [API_ACCESS_LABEL]: "true" };

/** The labels for the pods of a chart that runs one of our services: also its service label. */
export const chartServicePodLabels = (service: ServiceName): Record<string, string> => ({ ...CHART_POD_LABELS, [SERVICE_LABEL]: service });

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
