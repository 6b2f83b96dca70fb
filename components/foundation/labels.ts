import type { Environment, NamespaceRole } from "../../stacks";
import { PART_OF } from "../kit/labels";

/** Every lakehouse namespace carries this label. */
export const PLATFORM_LABEL = "lakehouse.dev/platform";

export function namespaceLabels(args: {
  environment: Environment;
  /** A foundation role, a placeholder, or the edge layer's own namespaces. */
  role: NamespaceRole | "placeholder" | "edge";
  podSecurity: string;
  kubernetesVersion: string;
}): Record<string, string> {
  const minor = args.kubernetesVersion.split(".").slice(0, 2).join(".");
  return {
    ...PART_OF,
    [PLATFORM_LABEL]: "true",
    "lakehouse.dev/environment": args.environment,
    "lakehouse.dev/role": args.role,
    // Enforce the configured level, pinned to the cluster's version so an upgrade cannot
    // silently change what is admitted; always warn and audit against the latest restricted.
    "pod-security.kubernetes.io/enforce": args.podSecurity,
    "pod-security.kubernetes.io/enforce-version": `v${minor}`,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": "latest",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": "latest",
  };
}
