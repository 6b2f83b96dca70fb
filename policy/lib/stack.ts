// What the cross-resource (stack) rules share: objects by kind, where they live, the environment
// the stack runs as, and which workloads a Service selects. Accessors read only the field they
// need, so a value unknown during preview elsewhere in an object does not make a rule unverifiable.
import { asRecord, asString, type KubeObject, kindOf, metadataOf } from "./objects";
import { podSpecOf } from "./podSpecs";
import type { RuleContext } from "./rule";
import { mapSelects } from "./selectors";

export const ofKind = (objects: KubeObject[], ...kinds: string[]) => objects.filter((o) => kinds.includes(kindOf(o)));
export const nameOf = (object: KubeObject) => asString(asRecord(object.metadata).name) ?? "";
/** The object's namespace; unset means "default", as kubectl and the provider's default read it. */
export const namespaceOf = (object: KubeObject) => asString(asRecord(object.metadata).namespace) || "default";

/** The stack's environment: the lakehouse namespaces' own label, else the pack's config. */
export function environmentOf(objects: KubeObject[], context: RuleContext): string | undefined {
  const labelled = ofKind(objects, "Namespace")
    .map((ns) => metadataOf(ns).labels["lakehouse.dev/environment"])
    .find((env) => env !== undefined);
  return labelled ?? context.environment;
}

/** The labels of the pods a workload creates (a Pod's own labels). */
export function templateLabels(object: KubeObject): Record<string, unknown> {
  if (kindOf(object) === "Pod") return metadataOf(object).labels;
  return asRecord(asRecord(asRecord(asRecord(object.spec).template).metadata).labels);
}

/** A Service's selector, or undefined for one that selects no pods itself (none, empty, ExternalName). */
export function serviceSelector(service: KubeObject): Record<string, unknown> | undefined {
  const spec = asRecord(service.spec);
  if (spec.type === "ExternalName") return undefined;
  const selector = asRecord(spec.selector);
  return Object.keys(selector).length > 0 ? selector : undefined;
}

/** The pod-bearing objects of each namespace. */
export function workloadsByNamespace(objects: KubeObject[]): Map<string, KubeObject[]> {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const workload of objects.filter((o) => podSpecOf(o) !== undefined)) {
    const namespace = namespaceOf(workload);
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), workload]);
  }
  return byNamespace;
}

/** The workloads whose pods a Service selects, in the Service's namespace. */
export function selectedWorkloads(service: KubeObject, workloads: Map<string, KubeObject[]>): KubeObject[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  return (workloads.get(namespaceOf(service)) ?? []).filter((workload) => mapSelects(selector, templateLabels(workload)));
}
