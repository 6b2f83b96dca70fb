// Least-privilege NetworkPolicies from the dependency graph (stacks/services/), for default-deny
// stacks: each enabled in-cluster service gets one policy over its own pods (label
// lakehouse.dev/service) that lets in its own pods, the services that depend on it, the ingress
// controller when it has a UI and Prometheus when Prometheus runs here; and lets out traffic to
// its own pods and to what it depends on. Nothing else crosses: not the other lakehouse
// namespaces, not the placeholders, not the edge.
import { type AppBinding, BINDING_SERVICES, dependentsOf, type NamespaceRole, namespaceOf, SERVICE_NAMES, SERVICES, type ServiceName, type StackConfig } from "../../stacks";
import { PLATFORM_LABEL } from "./labels";
import { SERVICE_LABEL } from "../kit/labels";
import type { NetworkPolicySpec } from "./networkPolicies";
import { inClusterServices } from "./serviceCatalog";
import { CERT_MANAGER_METRICS } from "../edge/networkPolicies";

type Peer = { namespaceSelector?: Record<string, unknown>; podSelector?: Record<string, unknown> };

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/** The NetworkPolicy name of a service's own policy, e.g. allow-object-store. */
export const servicePolicyName = (service: ServiceName): string => `allow-${kebab(service)}`;

export interface ServicePolicy {
  namespace: NamespaceRole;
  policy: NetworkPolicySpec;
}

export function servicePoliciesFor(config: Pick<StackConfig, "services" | "namespaces" | "network" | "edge" | "apps">): ServicePolicy[] {
  if (config.network.policy === "allow-all") return [];
  const running = inClusterServices(config.services);
  const pods = (service: ServiceName): Peer => ({ namespaceSelector: byName(config.namespaces[namespaceOf(service)].name), podSelector: { matchLabels: { [SERVICE_LABEL]: service } } });
  const prometheus = running.has("prometheus") ? [pods("prometheus")] : [];
  const edge = config.edge.enabled ? [{ namespaceSelector: byName(config.network.ingressControllerNamespace) }] : [];
  // Prometheus scrapes the services whose descriptors declare metrics (and only it reaches them all).
  const everyService: Peer = { namespaceSelector: { matchLabels: { [PLATFORM_LABEL]: "true" } }, podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: "Exists" }] } };

  // Your apps bound to a service (lakehouse:apps[].bindings) reach it too, from the services namespace.
  const appsBoundTo = (service: ServiceName): Peer[] =>
    config.apps
      .filter((app) => app.enabled !== false && (Object.keys(BINDING_SERVICES) as AppBinding[]).some((binding) => app.bindings?.[binding] && BINDING_SERVICES[binding] === service))
      .map((app) => ({ namespaceSelector: byName(config.namespaces.services.name), podSelector: { matchLabels: { [SERVICE_LABEL]: app.name } } }));

  return SERVICE_NAMES.filter((service) => running.has(service)).map((service) => {
    const descriptor = SERVICES[service];
    const consumers = dependentsOf(service).filter((other) => running.has(other));
    const dependencies = descriptor.dependsOn.map((d) => d.service as ServiceName).filter((d) => running.has(d));
    // A podSelector alone means this namespace: the service's own pods.
    const own: Peer = { podSelector: { matchLabels: { [SERVICE_LABEL]: service } } };
    const from: Peer[] = [own, ...consumers.map(pods), ...appsBoundTo(service), ...(descriptor.ui ? edge : []), ...(descriptor.metrics ? prometheus : [])];
    // Prometheus also scrapes cert-manager's controller, for the certificate alerts.
    const certManager: Peer[] = config.edge.enabled ? [{ namespaceSelector: byName(config.edge.certManagerNamespace), podSelector: { matchLabels: { ...CERT_MANAGER_METRICS.pods } } }] : [];
    const to: Peer[] = [own, ...dependencies.map(pods), ...(service === "prometheus" ? [everyService, ...certManager] : [])];
    return {
      namespace: namespaceOf(service),
      policy: {
        name: servicePolicyName(service),
        spec: {
          podSelector: { matchLabels: { [SERVICE_LABEL]: service } },
          policyTypes: ["Ingress", "Egress"],
          ingress: [{ from }],
          egress: [{ to }],
        },
      },
    };
  });
}
