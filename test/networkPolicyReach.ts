// Who may reach whom under a set of rendered NetworkPolicies, as the Kubernetes NetworkPolicy API
// defines it: a pod selected by no policy of a direction is open in that direction; otherwise a
// connection needs a rule of some selecting policy that matches the peer. Ports are not modelled
// (pods here are whole services), nor ipBlocks (peers are pods, not addresses).

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }>;
}

interface Peer {
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
  ipBlock?: unknown;
}

export interface Policy {
  namespace: string;
  spec: {
    podSelector: LabelSelector;
    policyTypes: Array<"Ingress" | "Egress">;
    ingress?: Array<{ from?: Peer[] }>;
    egress?: Array<{ to?: Peer[] }>;
  };
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return key in labels && values.includes(labels[key]);
      case "NotIn":
        return !(key in labels) || !values.includes(labels[key]);
      case "Exists":
        return key in labels;
      case "DoesNotExist":
        return !(key in labels);
    }
  });
  return byLabel && byExpression;
}

export class NetworkModel {
  /** `namespaceLabels`: each namespace's labels as created; the API server adds kubernetes.io/metadata.name. */
  constructor(
    private readonly policies: Policy[],
    private readonly namespaceLabels: Record<string, Record<string, string>>,
  ) {}

  /** Whether `from` may open a connection to `to`. */
  reaches(from: Pod, to: Pod): boolean {
    return this.allows("Egress", from, to) && this.allows("Ingress", to, from);
  }

  private allows(direction: "Ingress" | "Egress", subject: Pod, peer: Pod): boolean {
    const selecting = this.policies.filter((p) => p.namespace === subject.namespace && p.spec.policyTypes.includes(direction) && selects(p.spec.podSelector, subject.labels));
    if (selecting.length === 0) return true;
    return selecting.some((policy) => {
      const rules = (direction === "Ingress" ? policy.spec.ingress?.map((r) => r.from) : policy.spec.egress?.map((r) => r.to)) ?? [];
      return rules.some((peers) => peers === undefined || peers.length === 0 || peers.some((candidate) => this.matches(candidate, policy.namespace, peer)));
    });
  }

  private matches(peer: Peer, policyNamespace: string, pod: Pod): boolean {
    if (peer.ipBlock !== undefined) return false;
    const namespaceLabels = { ...(this.namespaceLabels[pod.namespace] ?? {}), "kubernetes.io/metadata.name": pod.namespace };
    const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels) : pod.namespace === policyNamespace;
    return namespaceOk && (peer.podSelector ? selects(peer.podSelector, pod.labels) : true);
  }
}
