import { podSpecOf } from "../../lib/podSpecs";
import { effectiveSecurityContext } from "../../lib/securityContext";
import type { ObjectRule } from "../../lib/rule";

export const runAsNonRoot: ObjectRule = {
  scope: "object",
  name: "contract-run-as-non-root",
  description: "Every container runs as non-root: runAsNonRoot is true and runAsUser is not 0, at container or pod level.",
  remediation: "Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod (or each container), with an image that runs as that user.",
  tags: ["contract", "pss-restricted"],
  enforcementLevel: "mandatory",
  check(object) {
    const pod = podSpecOf(object);
    if (!pod) return [];
    return pod.containers.flatMap((ref) => {
      const context = effectiveSecurityContext(pod.spec, ref);
      if (context.runAsUser === 0) return [`${ref.role} "${ref.name}" runs as user 0 (root)`];
      if (context.runAsNonRoot !== true) return [`${ref.role} "${ref.name}" does not set runAsNonRoot: true (neither on the container nor on the pod)`];
      return [];
    });
  },
};
