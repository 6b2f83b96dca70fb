// The edge's namespaces, which the foundation does not create: the ingress controller's (its name
// is config, and the foundation's policies admit traffic from it into every UI's namespace) and
// cert-manager's (lakehouse:edge.certManagerNamespace, restricted). They carry the same Pod Security and platform labels as every lakehouse
// namespace, with role "edge" (the policy pack allows exposed Services only there).
import type { StackConfig } from "../../stacks";
import { namespaceLabels } from "../foundation/labels";

export function edgeNamespaceLabels(config: Pick<StackConfig, "cluster" | "environment">, podSecurity: "privileged" | "baseline" | "restricted"): Record<string, string> {
  return namespaceLabels({ environment: config.environment, role: "edge", podSecurity, kubernetesVersion: config.cluster.kubernetesVersion });
}
