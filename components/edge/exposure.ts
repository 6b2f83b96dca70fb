// How traffic from outside reaches the ingress controller, decided once from the cluster type:
// kind maps the laptop's ports to the ingress-ready control-plane node, where the controller binds
// host ports; clusters with a load-balancer controller get a LoadBalancer Service; the rest a
// NodePort Service that the operator puts behind their own load balancer or DNS.
import type { StackConfig } from "../../stacks";
import { clusterFacts } from "../cluster/facts";

export type Exposure = "host-port" | "load-balancer" | "node-port";

export function exposureOf(config: Pick<StackConfig, "cluster" | "storage">): Exposure {
  if (config.cluster.type === "kind") return "host-port";
  return clusterFacts(config.cluster, config.storage).loadBalancer ? "load-balancer" : "node-port";
}

/**
 * The ports kind's extraPortMappings forward to on the node (components/cluster/kind/kindConfig.ts):
 * the laptop's httpPort/httpsPort arrive on the node's 80/443 whatever they are.
 */
export const KIND_NODE_PORTS = { http: 80, https: 443 } as const;

/** kind labels the node that carries the port mappings; the controller must run there. */
export const KIND_INGRESS_NODE_LABEL = { "ingress-ready": "true" } as const;

/**
 * Pod Security level of the controller's namespace. hostPort is refused by the built-in admission
 * at baseline (it allows only 0 or unset), so kind needs privileged; the namespace's warn and audit
 * stay restricted, and the policy pack exemption on the Deployment says why. Elsewhere: restricted.
 */
export function controllerPodSecurity(exposure: Exposure): "privileged" | "restricted" {
  return exposure === "host-port" ? "privileged" : "restricted";
}
