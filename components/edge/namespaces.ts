// The edge's namespaces, which the foundation does not create: the ingress controller's (its name
// is config, and the foundation's policies admit traffic from it into every UI's namespace) and
// cert-manager's. They carry the same Pod Security and platform labels as every lakehouse
// namespace, with role "edge" (the policy pack allows exposed Services only there).
import type { StackConfig } from "../../stacks";
import { namespaceLabels } from "../foundation/labels";

/** cert-manager's home: restricted, apart from a controller that may need host ports. */
export const CERT_MANAGER_NAMESPACE = "lakehouse-cert-manager";

export function edgeNamespaceLabels(config: StackConfig, podSecurity: "privileged" | "baseline" | "restricted"): Record<string, string> {
  return namespaceLabels({ environment: config.environment, role: "edge", podSecurity, kubernetesVersion: config.cluster.kubernetesVersion });
}
