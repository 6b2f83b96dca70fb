// The kind cluster definition (kind.x-k8s.io/v1alpha4), as in kind-staging-design.md: several
// nodes, the pinned node image, and host ports 80/443 mapped to the first control-plane node,
// which is labelled `ingress-ready` so the ingress controller lands where the ports are.

export interface KindClusterSpec {
  name: string;
  nodeImage: string;
  controlPlaneNodes: number;
  workerNodes: number;
  httpPort: number;
  httpsPort: number;
}

export function renderKindConfig(spec: KindClusterSpec): object {
  const ingressNode = {
    role: "control-plane",
    image: spec.nodeImage,
    labels: { "ingress-ready": "true" },
    extraPortMappings: [
      { containerPort: 80, hostPort: spec.httpPort, protocol: "TCP" },
      { containerPort: 443, hostPort: spec.httpsPort, protocol: "TCP" },
    ],
  };
  const otherControlPlanes = Array.from({ length: spec.controlPlaneNodes - 1 }, () => ({ role: "control-plane", image: spec.nodeImage }));
  const workers = Array.from({ length: spec.workerNodes }, () => ({ role: "worker", image: spec.nodeImage }));
  return {
    kind: "Cluster",
    apiVersion: "kind.x-k8s.io/v1alpha4",
    name: spec.name,
    nodes: [ingressNode, ...otherControlPlanes, ...workers],
  };
}
