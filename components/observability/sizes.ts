// The chart's helpers sized per environment: the operator, kube-state-metrics, Prometheus'
// config reloader and Grafana's sidecars. Prometheus and Grafana themselves are sized in the stack
// config (lakehouse:services); the schema has no keys for these helpers yet, so they live here.
import type { Environment, Resources } from "../../stacks";
import { size } from "../edge/sizes";

export interface HelperSizes {
  operator: Resources;
  kubeStateMetrics: Resources;
  configReloader: Resources;
  grafanaSidecar: Resources;
}

const SIZES: Record<Environment, HelperSizes> = {
  dev: {
    operator: size("50m", "64Mi", "200m", "128Mi"),
    kubeStateMetrics: size("20m", "64Mi", "100m", "128Mi"),
    configReloader: size("10m", "32Mi", "50m", "64Mi"),
    grafanaSidecar: size("10m", "64Mi", "100m", "128Mi"),
  },
  staging: {
    operator: size("100m", "128Mi", "500m", "256Mi"),
    kubeStateMetrics: size("50m", "128Mi", "200m", "256Mi"),
    configReloader: size("10m", "32Mi", "100m", "64Mi"),
    grafanaSidecar: size("20m", "64Mi", "200m", "128Mi"),
  },
  prod: {
    operator: size("200m", "256Mi", "1", "512Mi"),
    kubeStateMetrics: size("100m", "256Mi", "500m", "512Mi"),
    configReloader: size("20m", "32Mi", "100m", "64Mi"),
    grafanaSidecar: size("50m", "128Mi", "200m", "256Mi"),
  },
};

export function helperSizes(environment: Environment): HelperSizes {
  return SIZES[environment];
}
