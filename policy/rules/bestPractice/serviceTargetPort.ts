// A Service reaches its pods on targetPort: a name is resolved in each pod's container ports (with
// the same protocol; a pod without it is left out of the endpoints), a number is used as is. A
// target no selected workload declares is a Service that routes nowhere, or to a port nobody
// wrote down (kube-score service-targets-pod-port; kube-linter dangling-service checks the
// selector, which stack-service-selects-workload does here).
import { asArray, asRecord, asString, type Json, type KubeObject, kindOf } from "../../lib/objects";
import { podSpecOf } from "../../lib/podSpecs";
import type { StackRule } from "../../lib/rule";
import { nameOf, ofKind, selectedWorkloads, workloadsByNamespace } from "../../lib/stack";

/** The ports a workload's serving containers declare (containers and native sidecars). */
function declaredPorts(workload: KubeObject): Json[] {
  const pod = podSpecOf(workload);
  if (!pod) return [];
  return pod.containers.filter((ref) => ref.role === "container" || ref.sidecar).flatMap((ref) => asArray(ref.container.ports).map(asRecord));
}

const protocolOf = (port: Json) => asString(port.protocol) ?? "TCP";

export const serviceTargetPort: StackRule = {
  scope: "stack",
  name: "stack-service-target-port",
  description:
    "Every port of a Service targets a port that each workload it selects declares: a named targetPort is a container port name (same protocol), a numeric one (or none: the port itself) a declared containerPort (kube-score service-targets-pod-port).",
  remediation: "Point targetPort at the name of a port in the containers' ports (the kit's Services use the port's name), or declare the port in the container.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(objects) {
    const workloads = workloadsByNamespace(objects);
    return ofKind(objects, "Service").flatMap((service) => {
      const selected = selectedWorkloads(service, workloads);
      if (selected.length === 0) return [];
      return asArray(asRecord(service.spec).ports).flatMap((entry) => {
        const port = asRecord(entry);
        const target = port.targetPort ?? port.port;
        if (typeof target !== "number" && typeof target !== "string") return [];
        const protocol = protocolOf(port);
        const what = typeof target === "number" ? `port ${target}` : `port name "${target}"`;
        const where = asString(port.name) ?? String(port.port);
        return selected
          .filter((workload) => !declaredPorts(workload).some((p) => (typeof target === "number" ? p.containerPort === target : p.name === target) && protocolOf(p) === protocol))
          .map((workload) => ({
            object: service,
            message: `Service ${nameOf(service)} port ${where} targets ${what}${protocol === "TCP" ? "" : `/${protocol}`}, which ${kindOf(workload)} ${nameOf(workload)}'s containers do not declare`,
          }));
      });
    });
  },
};
