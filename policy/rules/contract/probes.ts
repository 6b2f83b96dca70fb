import { isRecord } from "../../lib/objects";
import { declaresPort, probePort } from "../../lib/probes";
import { podRule } from "../../lib/pss";

export const probes = podRule(
  {
    name: "contract-liveness-readiness-probes",
    description:
      "Every container of a long-running workload has a liveness and a readiness probe, each on a port the container exposes (contract section 8.3). Jobs, CronJobs and init containers are exempt.",
    remediation: "Add livenessProbe and readinessProbe (httpGet on /health and /ready, tcpSocket, grpc or exec) targeting a port listed in the container's ports.",
    tags: ["contract"],
    enforcementLevel: "mandatory",
  },
  ({ pod }) => {
    if (!pod.longRunning) return [];
    return pod.containers
      .filter((ref) => ref.role === "container")
      .flatMap((ref) =>
        (["livenessProbe", "readinessProbe"] as const).flatMap((field) => {
          const probe = ref.container[field];
          if (!isRecord(probe)) return [`container "${ref.name}" has no ${field}`];
          const port = probePort(probe);
          if (port !== undefined && !declaresPort(ref.container, port)) return [`container "${ref.name}" ${field} targets port ${String(port)}, which the container does not expose`];
          return [];
        }),
      );
  },
);
