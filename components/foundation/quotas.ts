import type * as k8s from "@pulumi/kubernetes";
import type { NamespaceConfig } from "../../stacks";

export function resourceQuotaSpec(namespace: NamespaceConfig): { hard: Record<string, string> } {
  const { quota } = namespace;
  return {
    hard: {
      "requests.cpu": quota.requests.cpu,
      "requests.memory": quota.requests.memory,
      "limits.cpu": quota.limits.cpu,
      "limits.memory": quota.limits.memory,
      pods: String(quota.pods),
      persistentvolumeclaims: String(quota.persistentVolumeClaims),
      "requests.storage": quota.storage,
    },
  };
}

export function limitRangeSpec(namespace: NamespaceConfig): k8s.types.input.core.v1.LimitRangeSpec {
  const { limitRange } = namespace;
  return {
    limits: [{ type: "Container", defaultRequest: { ...limitRange.defaultRequest }, default: { ...limitRange.defaultLimit }, max: { ...limitRange.max } }],
  };
}
