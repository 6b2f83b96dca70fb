// The metrics exporter beside a server: a container named "metrics" on a port named "metrics",
// alive and ready while its health path answers, sized from the service's
// lakehouse:services.<name>.metricsResources. Scrape targets and network policies find it by that
// port name.
import type { Resources } from "../../stacks";
import type { EnvVar, Probe, ServiceContainer } from "./podSpec";

export interface MetricsSidecarArgs {
  image: string;
  port: number;
  /** Answers 200 while the exporter is up, e.g. "/health". */
  healthPath: string;
  resources: Resources;
  env?: EnvVar[];
  /** How often each probe runs, when the exporter's own default is not wanted. */
  periods?: { liveness?: number; readiness?: number };
  /** The rest of the container: its command, volume mounts. */
  container?: Partial<Omit<ServiceContainer, "name" | "image" | "ports" | "probes" | "resources" | "env">>;
}

export function metricsSidecar(args: MetricsSidecarArgs): ServiceContainer {
  const probe = (periodSeconds?: number): Probe => ({ httpGet: { path: args.healthPath, port: "metrics" }, ...(periodSeconds === undefined ? {} : { periodSeconds }) });
  return {
    name: "metrics",
    image: args.image,
    ...args.container,
    ...(args.env ? { env: args.env } : {}),
    ports: [{ name: "metrics", containerPort: args.port }],
    probes: { liveness: probe(args.periods?.liveness), readiness: probe(args.periods?.readiness) },
    resources: args.resources,
  };
}
