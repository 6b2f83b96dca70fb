// Values for the Traefik chart: an IngressClass that is ours and not the cluster default, the pod
// secure by default (non-root, read-only root, no capabilities, RuntimeDefault seccomp), sized per
// environment, probes as the chart ships them (/ping on the traefik port), and exposed the way
// the cluster allows (exposure.ts).
import type { StackConfig } from "../../stacks";
import { EXEMPTION_PREFIX } from "../../policy/lib/rule";
import { CHART_POD_LABELS } from "../kit/labels";
import { type Exposure, exposureOf, KIND_INGRESS_NODE_LABEL, KIND_NODE_PORTS } from "./exposure";

/** kind: one pod, as the host ports exist on one node only; otherwise lakehouse:edge.replicas. */
export function traefikReplicas(configured: number, exposure: Exposure): number {
  return exposure === "host-port" ? 1 : configured;
}

/** The Traefik pods' labels, for the NetworkPolicy that lets the world in (set by the chart). */
export const TRAEFIK_POD_LABELS = { "app.kubernetes.io/name": "traefik" };

/** The Traefik Service's type for each exposure. */
export const SERVICE_TYPES: Record<Exposure, "ClusterIP" | "LoadBalancer" | "NodePort"> = { "host-port": "ClusterIP", "load-balancer": "LoadBalancer", "node-port": "NodePort" };

export function traefikValues(config: Pick<StackConfig, "edge" | "cluster" | "storage" | "images" | "environment">): Record<string, unknown> {
  const exposure = exposureOf(config);
  const replicas = traefikReplicas(config.edge.replicas, exposure);
  const onKind = exposure === "host-port";
  const ingressClass = config.cluster.ingressClass;
  return {
    ...(config.images.registry ? { image: { registry: config.images.registry } } : {}),
    deployment: {
      replicas,
      // The controller watches Ingresses, Services and EndpointSlices: it calls the API server.
      podLabels: CHART_POD_LABELS,
      annotations: onKind
        ? { [`${EXEMPTION_PREFIX}pss-baseline-host-ports`]: "kind forwards the laptop's ports to the ingress-ready node's 80/443; binding them is how the controller receives that traffic" }
        : {},
    },
    ingressClass: { enabled: true, isDefaultClass: false, name: ingressClass },
    providers: {
      // Ingresses only: no IngressRoute CRDs (the Chart skips them), no cluster-wide extra RBAC.
      kubernetesCRD: { enabled: false },
      kubernetesIngress: {
        ingressClass,
        // With a load balancer, Ingress status copies its address. Without one the status names the
        // domain, so the Ingresses report ready (Pulumi waits for status) and point where DNS does.
        publishedService: { enabled: exposure === "load-balancer" },
      },
    },
    additionalArguments: exposure === "load-balancer" ? [] : [`--providers.kubernetesingress.ingressendpoint.hostname=${config.edge.domain}`],
    ports: {
      web: onKind ? { hostPort: KIND_NODE_PORTS.http } : {},
      websecure: onKind ? { hostPort: KIND_NODE_PORTS.https } : {},
    },
    // The chart (since v35) takes the Service's fields under service.spec; a top-level service.type is ignored.
    service: { spec: { type: SERVICE_TYPES[exposure] } },
    ...(onKind
      ? {
          nodeSelector: KIND_INGRESS_NODE_LABEL,
          // kind taints control-plane nodes when it has workers; the ingress-ready node is one.
          tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
          // The old pod holds the host ports: it must go before the new one can start.
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        }
      : {}),
    podDisruptionBudget: replicas > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
    resources: config.edge.resources.traefik,
    podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
    // The dashboard is not published; nothing phones home.
    api: { dashboard: false },
    global: { checkNewVersion: false, sendAnonymousUsage: false },
  };
}
