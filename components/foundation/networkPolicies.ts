// NetworkPolicies every namespace gets: allow-all in dev (the contract's default), and in staging
// and prod default-deny with explicit allows: DNS, and the API server and outside CIDRs where
// config names them. Traffic between services follows the dependency graph (servicePolicies.ts).
import type * as k8s from "@pulumi/kubernetes";
import type { NetworkConfig } from "../../stacks";
import { API_ACCESS_LABEL } from "../kit/labels";

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
