// Replicas that share a node fall together: replicated workloads ask the scheduler to spread them
// (kube-score's deployment-has-host-podantiaffinity, kube-linter's no-anti-affinity).
import { asArray, asRecord, asString, type Json, type KubeObject, kindOf } from "../../lib/objects";
import type { ObjectRule } from "../../lib/rule";
import { labelSelectorSelects } from "../../lib/selectors";

const HOSTNAME = "kubernetes.io/hostname";
const SPREAD_KEYS = [HOSTNAME, "topology.kubernetes.io/zone"];

/** Whether an affinity term counts the workload's own pods: its selector selects them, in their namespace. */
function countsOwnPods(term: Json, labels: Json, object: KubeObject): boolean {
  if (!labelSelectorSelects(term.labelSelector, labels)) return false;
  const namespaces = asArray(term.namespaces);
  if (namespaces.length === 0 || term.namespaceSelector !== undefined) return true;
  return namespaces.includes(asString(asRecord(object.metadata).namespace) || "default");
}

export const replicaSpread: ObjectRule = {
  scope: "object",
  name: "bp-replicas-spread",
  description:
    "Deployments and StatefulSets with more than one replica spread them: a pod anti-affinity (preferred or required) on kubernetes.io/hostname, or a topology spread constraint over kubernetes.io/hostname or topology.kubernetes.io/zone, whose label selector selects the workload's own pods (kube-score's deployment-has-host-podantiaffinity).",
  remediation:
    "Declare the workload through the kit (it adds both for replicated workloads), or add affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution with topologyKey kubernetes.io/hostname, or a topologySpreadConstraint, with a labelSelector matching the pod template's labels.",
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(object) {
    const kind = kindOf(object);
    if (kind !== "Deployment" && kind !== "StatefulSet") return [];
    const spec = asRecord(object.spec);
    // Unset replicas (1, or an autoscaler's choice) is not judged here; the prod minimum is stack-prod-serving-replicas.
    const replicas = spec.replicas;
    if (typeof replicas !== "number" || replicas <= 1) return [];
    const template = asRecord(spec.template);
    const labels = asRecord(asRecord(template.metadata).labels);
    const pod = asRecord(template.spec);
    const antiAffinity = asRecord(asRecord(pod.affinity).podAntiAffinity);
    const terms = [
      ...asArray(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution),
      ...asArray(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((preferred) => asRecord(preferred).podAffinityTerm),
    ].map(asRecord);
    const spread =
      terms.some((term) => term.topologyKey === HOSTNAME && countsOwnPods(term, labels, object)) ||
      asArray(pod.topologySpreadConstraints)
        .map(asRecord)
        .some((constraint) => SPREAD_KEYS.includes(String(constraint.topologyKey)) && labelSelectorSelects(constraint.labelSelector, labels));
    return spread
      ? []
      : [
          `the ${kind} runs ${replicas} replicas with nothing spreading them (no pod anti-affinity on ${HOSTNAME}, no topology spread constraint over hostname or zone, selecting its own pods): one node's loss can take them all`,
        ];
  },
};
