import { asArray, asRecord, isRecord, type Json } from "../../lib/objects";
import { podSpecOf, type ContainerRef } from "../../lib/podSpecs";
import type { ObjectRule } from "../../lib/rule";

/** The port a probe targets, if it targets one (exec probes do not). */
function probePort(probe: Json): unknown {
  for (const handler of ["httpGet", "tcpSocket", "grpc"]) {
    if (isRecord(probe[handler])) return probe[handler].port;
  }
  return undefined;
}

function declaresPort(ref: ContainerRef, port: unknown): boolean {
  return asArray(ref.container.ports).some((p) => {
    const declared = asRecord(p);
    return declared.containerPort === port || (typeof port === "string" && declared.name === port);
  });
}

export const probes: ObjectRule = {
  scope: "object",
  name: "contract-liveness-readiness-probes",
  description: "Every container of a long-running workload has a liveness and a readiness probe, each on a port the container exposes (contract section 8.3). Jobs, CronJobs and init containers are exempt.",
  remediation: "Add livenessProbe and readinessProbe (httpGet on /health and /ready, tcpSocket, grpc or exec) targeting a port listed in the container's ports.",
  tags: ["contract"],
  enforcementLevel: "mandatory",
  check(object) {
    const pod = podSpecOf(object);
    if (!pod || !pod.longRunning) return [];
    return pod.containers
      .filter((ref) => ref.role === "container")
      .flatMap((ref) =>
        (["livenessProbe", "readinessProbe"] as const).flatMap((field) => {
          const probe = ref.container[field];
          if (!isRecord(probe)) return [`container "${ref.name}" has no ${field}`];
          const port = probePort(probe);
          if (port !== undefined && !declaresPort(ref, port)) return [`container "${ref.name}" ${field} targets port ${String(port)}, which the container does not expose`];
          return [];
        }),
      );
  },
};
