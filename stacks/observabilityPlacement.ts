// Where Prometheus and Grafana run in this stack, for the observability layer and for the charts a
// stack needs (charts.ts): not at all, in the cluster, or outside it (then
// the layer only hands out the configured endpoint). Grafana needs Prometheus (the config checks
// refuse it otherwise), so "Grafana without Prometheus" never reaches this layer.
import type { ServicesConfig } from "./schema";

export type Placement = "off" | "in-cluster" | "external";

export interface ObservabilityPlacement {
  prometheus: Placement;
  grafana: Placement;
}

const placementOf = (service: { enabled: boolean; mode: "in-cluster" | "external" }): Placement => (service.enabled ? service.mode : "off");

export function observabilityPlacement(services: Pick<ServicesConfig, "prometheus" | "grafana">): ObservabilityPlacement {
  return { prometheus: placementOf(services.prometheus), grafana: placementOf(services.grafana) };
}

/** The chart is installed when either runs in the cluster. */
export function deploysChart(placement: ObservabilityPlacement): boolean {
  return placement.prometheus === "in-cluster" || placement.grafana === "in-cluster";
}
