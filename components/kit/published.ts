// What each service's layer publishes: addresses for the stack's `endpoints` output, UIs for the
// edge, scrape targets for Prometheus. The descriptor names them (endpoints, ui, metrics); the
// network policies are derived from the descriptor, so a layer that published more than its
// descriptor says would be unreachable. Collecting checks that, and fails the program early.
import type * as pulumi from "@pulumi/pulumi";
import { SERVICES, type ServiceName } from "../../stacks";
import type { ScrapeTarget, WebUi } from "./bindings";

export interface Published {
  /** By the keys its descriptor's `endpoints` names; each an address, never a credential. */
  endpoints: Record<string, pulumi.Output<string>>;
  webUis: WebUi[];
  scrapeTargets: ScrapeTarget[];
}

/** Every layer's publications, checked against its descriptor, merged in registry order. */
export function collectPublished(layers: Record<ServiceName, Published | undefined>): Published {
  const problems: string[] = [];
  const present = (Object.keys(SERVICES) as ServiceName[]).flatMap((name) => (layers[name] ? [[name, layers[name]] as const] : []));
  for (const [name, layer] of present) {
    const descriptor = SERVICES[name];
    const declared: readonly string[] = descriptor.endpoints;
    const given = Object.keys(layer.endpoints);
    const undeclared = given.filter((key) => !declared.includes(key));
    const missing = declared.filter((key) => !given.includes(key));
    if (undeclared.length) problems.push(`${name} publishes endpoints its descriptor does not name: ${undeclared.join(", ")}`);
    if (missing.length) problems.push(`${name}'s descriptor names endpoints its layer does not publish: ${missing.join(", ")}`);
    if (layer.webUis.length && !descriptor.ui) problems.push(`${name} publishes a UI, but its descriptor has no ui: the edge would be kept out`);
    if (layer.scrapeTargets.length && !descriptor.metrics) problems.push(`${name} has scrape targets, but its descriptor has no metrics: Prometheus would be kept out`);
  }
  if (problems.length) throw new Error(`service layers and descriptors disagree:\n- ${problems.join("\n- ")}`);
  return {
    endpoints: Object.assign({}, ...present.map(([, layer]) => layer.endpoints)),
    webUis: present.flatMap(([, layer]) => layer.webUis),
    scrapeTargets: present.flatMap(([, layer]) => layer.scrapeTargets),
  };
}
