// The Role each kind of API access needs, and nothing more.
import type { ApiAccess } from "../../stacks";

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const READ = ["get", "list", "watch"];

export const ACCESS_RULES: Record<ApiAccess, PolicyRule[]> = {
  "launch-pods": [
    { apiGroups: [""], resources: ["pods"], verbs: [...READ, "create", "patch", "delete"] },
    { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
    { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
  ],
  "launch-jobs": [
    { apiGroups: ["batch"], resources: ["jobs"], verbs: [...READ, "create", "delete"] },
    { apiGroups: [""], resources: ["pods"], verbs: READ },
    { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  ],
  "discover-targets": [
    { apiGroups: [""], resources: ["services", "endpoints", "pods"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  ],
};

/** launch-* roles apply in the service's own namespace; discovery in every lakehouse namespace. */
export function accessScope(access: ApiAccess): "own-namespace" | "every-namespace" {
  return access === "discover-targets" ? "every-namespace" : "own-namespace";
}
