// In prod, what serves traffic survives one pod going away: a node drain, an eviction, a rollout.
// Two replicas is the minimum for that; kube-linter's minimum-three-replicas asks for three, which
// is what quorum systems need, but those (etcd, ZooKeeper, a Raft store) size themselves, and three
// copies of every stateless service is a cost small prod clusters should choose, not be forced into.
// Hence two, advisory: a single-primary database legitimately runs one pod (exempt it with the reason).
import { asRecord, type KubeObject, kindOf } from "../../lib/objects";
import type { StackRule } from "../../lib/rule";
import { environmentOf, nameOf, namespaceOf, ofKind, selectedWorkloads, workloadsByNamespace } from "../../lib/stack";

const MINIMUM = 2;

/** The replicas a workload keeps at least: its autoscaler's minReplicas (default 1), else spec.replicas (default 1). */
function minimumReplicas(workload: KubeObject, autoscalers: KubeObject[]): { replicas: number; from: string } {
  const autoscaler = autoscalers.find((hpa) => {
    const target = asRecord(asRecord(hpa.spec).scaleTargetRef);
    return namespaceOf(hpa) === namespaceOf(workload) && target.kind === kindOf(workload) && target.name === nameOf(workload);
  });
  if (autoscaler) {
    const min = asRecord(autoscaler.spec).minReplicas;
    return { replicas: typeof min === "number" ? min : 1, from: `its HorizontalPodAutoscaler ${nameOf(autoscaler)}'s minReplicas` };
  }
  const replicas = asRecord(workload.spec).replicas;
  return { replicas: typeof replicas === "number" ? replicas : 1, from: "spec.replicas" };
}

export const prodServingReplicas: StackRule = {
  scope: "stack",
  name: "stack-prod-serving-replicas",
  description: `In prod, every Deployment or StatefulSet that a Service selects keeps at least ${MINIMUM} replicas (spec.replicas, or its HorizontalPodAutoscaler's minReplicas), so a node drain or a rollout does not interrupt it. Two, not kube-linter's three: quorum systems size themselves, and three of every stateless service is a cost to choose.`,
  remediation: `Set the service's prod size to ${MINIMUM} replicas or more (with the kit's anti-affinity and PodDisruptionBudget), or an autoscaler minReplicas of ${MINIMUM}; a single-primary store that cannot replicate takes an exemption stating so.`,
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(objects, context) {
    if (environmentOf(objects, context) !== "prod") return [];
    const workloads = workloadsByNamespace(objects);
    const served = new Map<KubeObject, string>();
    for (const service of ofKind(objects, "Service")) {
      for (const workload of selectedWorkloads(service, workloads)) if (!served.has(workload)) served.set(workload, nameOf(service));
    }
    const autoscalers = ofKind(objects, "HorizontalPodAutoscaler");
    return [...served]
      .filter(([workload]) => ["Deployment", "StatefulSet"].includes(kindOf(workload)))
      .flatMap(([workload, service]) => {
        const { replicas, from } = minimumReplicas(workload, autoscalers);
        if (replicas >= MINIMUM) return [];
        return [
          {
            object: workload,
            message: `${kindOf(workload)} ${nameOf(workload)} serves Service ${service} with ${replicas} replica${replicas === 1 ? "" : "s"} in prod (${from}): a node drain, eviction or rollout interrupts it; ${MINIMUM} is the minimum`,
          },
        ];
      });
  },
};
