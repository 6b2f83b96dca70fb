import { label, podRule } from "../../lib/pss";

export const runAsNonRoot = podRule(
  {
    name: "contract-run-as-non-root",
    description: "Every container runs as non-root: runAsNonRoot is true and runAsUser is not 0, at container or pod level.",
    remediation: "Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod (or each container), with an image that runs as that user.",
    tags: ["contract", "pss-restricted"],
    enforcementLevel: "mandatory",
  },
  ({ containers }) =>
    containers.flatMap(({ ref, security }) => {
      if (security.runAsUser === 0) return [`${label(ref)} runs as user 0 (root)`];
      if (security.runAsNonRoot !== true) return [`${label(ref)} does not set runAsNonRoot: true (neither on the container nor on the pod)`];
      return [];
    }),
);
