// Rules over the whole set of objects: references that must resolve, and what prod must have.
// The environment comes from the lakehouse namespaces' own label, else from the pack's config.
import { asArray, asRecord, metadataOf } from "../../lib/objects";
import { podSpecOf } from "../../lib/podSpecs";
import type { StackRule } from "../../lib/rule";
import { labelSelectorSelects } from "../../lib/selectors";
import { environmentOf, namespaceOf, ofKind, selectedWorkloads, serviceSelector, templateLabels, workloadsByNamespace } from "../../lib/stack";

export const serviceSelectsWorkload: StackRule = {
  scope: "stack",
  name: "stack-service-selects-workload",
  description: "Every Service with a selector selects the pods of some workload in its namespace.",
  remediation: "Fix the Service's selector (or the workload's pod labels) so they match.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects) {
    const workloads = workloadsByNamespace(objects);
    return ofKind(objects, "Service").flatMap((service) => {
      const selector = serviceSelector(service);
      if (!selector || selectedWorkloads(service, workloads).length > 0) return [];
      return [
        {
          object: service,
          message: `Service ${metadataOf(service).name} selects no workload's pods (${Object.entries(selector)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ")})`,
        },
      ];
    });
  },
};

export const ingressBackendExists: StackRule = {
  scope: "stack",
  name: "stack-ingress-backend-exists",
  description: "Every Ingress backend names a Service (and port) that exists in the Ingress's namespace.",
  remediation: "Point the backend at an existing Service name and one of its ports.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects) {
    const services = ofKind(objects, "Service");
    return ofKind(objects, "Ingress").flatMap((ingress) => {
      const spec = asRecord(ingress.spec);
      const backends = [spec.defaultBackend, ...asArray(spec.rules).flatMap((rule) => asArray(asRecord(asRecord(rule).http).paths).map((path) => asRecord(path).backend))];
      return backends
        .map((backend) => asRecord(asRecord(backend).service))
        .filter((service) => service.name !== undefined)
        .flatMap((backend) => {
          const target = services.find((s) => metadataOf(s).name === backend.name && namespaceOf(s) === namespaceOf(ingress));
          if (!target) return [{ object: ingress, message: `Ingress ${metadataOf(ingress).name} routes to Service ${String(backend.name)}, which does not exist in ${namespaceOf(ingress)}` }];
          const port = asRecord(backend.port);
          const ports = asArray(asRecord(target.spec).ports).map(asRecord);
          const known = port.number === undefined && port.name === undefined ? true : ports.some((p) => p.port === port.number || (port.name !== undefined && p.name === port.name));
          return known ? [] : [{ object: ingress, message: `Ingress ${metadataOf(ingress).name} routes to a port Service ${String(backend.name)} does not expose` }];
        });
    });
  },
};

export const ingressTls: StackRule = {
  scope: "stack",
  name: "stack-ingress-tls",
  description: "In staging and prod, every Ingress terminates TLS.",
  remediation: "Add spec.tls with the Ingress's hosts and a cert-manager-issued Secret.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects, context) {
    const environment = environmentOf(objects, context);
    if (environment !== "staging" && environment !== "prod") return [];
    return ofKind(objects, "Ingress")
      .filter((ingress) => asArray(asRecord(ingress.spec).tls).length === 0)
      .map((ingress) => ({ object: ingress, message: `Ingress ${metadataOf(ingress).name} has no TLS in ${environment}` }));
  },
};

export const exposedServices: StackRule = {
  scope: "stack",
  name: "stack-exposed-services-in-edge-only",
  description:
    "Only the edge layer (namespaces labelled lakehouse.dev/role=edge, or the pack's edgeNamespaces) exposes NodePort or LoadBalancer Services; everything else is reached through the ingress.",
  remediation: "Make the Service ClusterIP and route to it through an Ingress or Gateway route.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects, context) {
    const edge = new Set([
      ...(context.edgeNamespaces ?? []),
      ...ofKind(objects, "Namespace")
        .filter((ns) => metadataOf(ns).labels["lakehouse.dev/role"] === "edge")
        .map((ns) => metadataOf(ns).name),
    ]);
    return ofKind(objects, "Service")
      .filter((service) => ["NodePort", "LoadBalancer"].includes(String(asRecord(service.spec).type)) && !edge.has(namespaceOf(service)))
      .map((service) => ({ object: service, message: `Service ${metadataOf(service).name} is ${String(asRecord(service.spec).type)} outside the edge layer` }));
  },
};

export const networkPolicyPerNamespace: StackRule = {
  scope: "stack",
  name: "stack-network-policy-per-namespace",
  description: "In prod, every namespace that runs workloads has at least one NetworkPolicy.",
  remediation: "Use lakehouse:network.policy default-deny, which gives every lakehouse namespace its policies.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects, context) {
    if (environmentOf(objects, context) !== "prod") return [];
    const covered = new Set(ofKind(objects, "NetworkPolicy").map(namespaceOf));
    const seen = new Set<string>();
    return objects
      .filter((o) => podSpecOf(o) !== undefined && !covered.has(namespaceOf(o)))
      .filter((o) => !seen.has(namespaceOf(o)) && seen.add(namespaceOf(o)))
      .map((o) => ({ object: o, message: `namespace ${namespaceOf(o)} runs workloads but has no NetworkPolicy` }));
  },
};

export const statefulPdb: StackRule = {
  scope: "stack",
  name: "stack-replicated-stateful-pdb",
  description: "In prod, every StatefulSet with more than one replica has a PodDisruptionBudget selecting its pods.",
  remediation: "Declare the workload through the kit (which adds the budget for replicated workloads), or add a policy/v1 PodDisruptionBudget.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects, context) {
    if (environmentOf(objects, context) !== "prod") return [];
    const budgets = ofKind(objects, "PodDisruptionBudget");
    return ofKind(objects, "StatefulSet")
      .filter((set) => Number(asRecord(set.spec).replicas ?? 1) > 1)
      .filter((set) => !budgets.some((pdb) => namespaceOf(pdb) === namespaceOf(set) && labelSelectorSelects(asRecord(pdb.spec).selector, templateLabels(set))))
      .map((set) => ({ object: set, message: `StatefulSet ${metadataOf(set).name} has ${String(asRecord(set.spec).replicas)} replicas and no PodDisruptionBudget` }));
  },
};

export const CROSS_RESOURCE = [serviceSelectsWorkload, ingressBackendExists, ingressTls, exposedServices, networkPolicyPerNamespace, statefulPdb];
