// One ServiceMonitor per scrape target, next to the Service it scrapes: Prometheus selects every
// ServiceMonitor (serviceMonitorSelectorNilUsesHelmValues false), so no extra label is needed.
import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget } from "../kit/bindings";
import { PART_OF } from "../kit/labels";

export interface ServiceMonitorObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "ServiceMonitor";
  metadata: { name: string; namespace: pulumi.Input<string>; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

export function serviceMonitorFor(target: ScrapeTarget): ServiceMonitorObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: target.name, namespace: target.namespace, labels: { ...PART_OF, "app.kubernetes.io/name": target.name } },
    spec: {
      selector: { matchLabels: target.selector },
      endpoints: [{ port: target.portName, path: target.path, interval: "30s", scrapeTimeout: "10s" }],
    },
  };
}

/** Target names become resource names: each must be unique. */
export function assertUniqueTargets(targets: ScrapeTarget[]): void {
  const names = targets.map((target) => target.name);
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (duplicates.length) throw new Error(`Observability: scrape targets named twice: ${duplicates.join(", ")}`);
}
