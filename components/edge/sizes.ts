// How big the edge's own pods are in each environment. The stack schema has no keys for the
// edge's sizes yet, so they live here, next to the values that use them, as one table.
import type { Environment, Resources } from "../../stacks";

/** Requests and limits in one line, as stacks/defaults.ts writes them. */
export const size = (requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string): Resources => ({
  requests: { cpu: requestCpu, memory: requestMemory },
  limits: { cpu: limitCpu, memory: limitMemory },
});

export interface EdgeSizes {
  traefik: Resources;
  certManager: Resources;
  webhook: Resources;
  cainjector: Resources;
  startupCheck: Resources;
}

const SIZES: Record<Environment, EdgeSizes> = {
  dev: {
    traefik: size("100m", "128Mi", "500m", "256Mi"),
    certManager: size("20m", "64Mi", "200m", "256Mi"),
    webhook: size("10m", "32Mi", "100m", "128Mi"),
    cainjector: size("10m", "64Mi", "100m", "256Mi"),
    startupCheck: size("10m", "32Mi", "100m", "64Mi"),
  },
  staging: {
    traefik: size("250m", "256Mi", "1", "512Mi"),
    certManager: size("50m", "128Mi", "500m", "512Mi"),
    webhook: size("20m", "64Mi", "200m", "128Mi"),
    cainjector: size("20m", "128Mi", "200m", "512Mi"),
    startupCheck: size("10m", "32Mi", "100m", "64Mi"),
  },
  prod: {
    traefik: size("500m", "512Mi", "2", "1Gi"),
    certManager: size("100m", "256Mi", "1", "512Mi"),
    webhook: size("50m", "64Mi", "200m", "256Mi"),
    cainjector: size("50m", "256Mi", "500m", "1Gi"),
    startupCheck: size("10m", "32Mi", "100m", "64Mi"),
  },
};

export function edgeSizes(environment: Environment): EdgeSizes {
  return SIZES[environment];
}

/** One replica in dev; two elsewhere, so a node drain or a rollout never takes the edge down. */
export function edgeReplicas(environment: Environment): number {
  return environment === "dev" ? 1 : 2;
}
