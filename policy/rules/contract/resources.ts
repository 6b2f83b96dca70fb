import { parseQuantity } from "../../lib/quantity";
import { asRecord } from "../../lib/objects";
import { label, podRule } from "../../lib/pss";

/** A quantity that is present, parses, and is above zero. */
function isSet(value: unknown): boolean {
  if (typeof value === "number") return value > 0;
  if (typeof value !== "string") return false;
  const quantity = parseQuantity(value);
  return quantity !== undefined && quantity.value > 0;
}

export const resources = podRule(
  {
    name: "contract-resource-requests-limits",
    description: "Every container (init containers included) states CPU and memory requests and limits, as valid non-zero quantities.",
    remediation: "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on each container, e.g. 250m / 256Mi requests and 500m / 512Mi limits.",
    tags: ["contract"],
    enforcementLevel: "mandatory",
  },
  ({ containers }) =>
    containers
      .filter(({ ref }) => ref.role !== "ephemeralContainer") // ephemeral containers cannot have resources
      .flatMap(({ ref }) => {
        const resourcesOf = asRecord(ref.container.resources);
        const missing = (["requests", "limits"] as const).flatMap((bound) =>
          (["cpu", "memory"] as const).filter((resource) => !isSet(asRecord(resourcesOf[bound])[resource])).map((resource) => `${bound}.${resource}`),
        );
        return missing.length ? [`${label(ref)} has no valid ${missing.join(", ")}`] : [];
      }),
);
