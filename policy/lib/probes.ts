// Where probes point: shared by the probes policy and the workload kit, which refuses the same
// mistake at declaration time.
import { asArray, asRecord, isRecord } from "./objects";

/** The port a probe targets, if it targets one (exec probes do not). */
export function probePort(probe: unknown): unknown {
  const record = asRecord(probe);
  for (const handler of ["httpGet", "tcpSocket", "grpc"]) {
    if (isRecord(record[handler])) return record[handler].port;
  }
  return undefined;
}

/** Whether a container declares a port, by number or by name. */
export function declaresPort(container: unknown, port: unknown): boolean {
  return asArray(asRecord(container).ports).some((p) => {
    const declared = asRecord(p);
    return declared.containerPort === port || (typeof port === "string" && declared.name === port);
  });
}
