// The security context in force for a container: its own fields where set, else the pod's
// (Kubernetes' own merge for the fields both levels have).
import { asRecord, type Json } from "./objects";
import type { ContainerRef } from "./podSpecs";

const SHARED_FIELDS = ["runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile", "seLinuxOptions", "appArmorProfile", "windowsOptions"] as const;

export type EffectiveSecurityContext = Json & Partial<Record<(typeof SHARED_FIELDS)[number], unknown>>;

export function effectiveSecurityContext(podSpec: Json, ref: ContainerRef): EffectiveSecurityContext {
  const pod = asRecord(podSpec.securityContext);
  const own = asRecord(ref.container.securityContext);
  const merged: Json = { ...own };
  for (const field of SHARED_FIELDS) {
    if (own[field] === undefined && pod[field] !== undefined) merged[field] = pod[field];
  }
  return merged;
}
