// Compile-time checks of the kit, run by `tsc --noEmit` in `npm test`: each line below must fail
// to type-check, or the unused @ts-expect-error directive itself fails the build.
import type { ServiceContainer } from "./podSpec";
import type { Workload } from "./workload";

const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
const probes = { liveness: { tcpSocket: { port: "http" } }, readiness: { tcpSocket: { port: "http" } } };
const ports = [{ name: "http", containerPort: 8080 }];

// @ts-expect-error a long-running container without probes does not compile
export const withoutProbes: ServiceContainer = { name: "a", image: "a:1", ports, resources };

// @ts-expect-error a long-running container without resources does not compile
export const withoutResources: ServiceContainer = { name: "a", image: "a:1", ports, probes };

// @ts-expect-error a readiness probe alone is not enough
export const livenessMissing: ServiceContainer = { name: "a", image: "a:1", ports, resources, probes: { readiness: probes.readiness } };

export const complete: ServiceContainer = { name: "a", image: "a:1", ports, resources, probes };

// @ts-expect-error a workload declared with service: false has no Service to reach it by
export const serviceOfUnpublished = (workload: Workload<false>) => workload.service.metadata;

export const serviceOfPublished = (workload: Workload) => workload.service.metadata;
