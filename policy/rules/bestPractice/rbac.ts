// Least privilege in RBAC objects, as kube-linter's wildcard-in-rules, access-to-secrets and
// cluster-admin-role-binding checks see it.
import { asArray, asRecord, asString, kindOf } from "../../lib/objects";
import type { ObjectRule } from "../../lib/rule";

const ROLE_KINDS = ["Role", "ClusterRole"];
const rulesOf = (object: Record<string, unknown>) => asArray(object.rules).map(asRecord);

export const rbacWildcards: ObjectRule = {
  scope: "object",
  name: "bp-rbac-no-wildcards",
  description: 'Roles and ClusterRoles name their API groups, resources and verbs: no "*".',
  remediation: "List the exact resources and verbs the service needs.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(object) {
    if (!ROLE_KINDS.includes(kindOf(object))) return [];
    return rulesOf(object).flatMap((rule, i) =>
      (["apiGroups", "resources", "verbs"] as const).filter((field) => asArray(rule[field]).includes("*")).map((field) => `rules[${i}].${field} contains "*"`),
    );
  },
};

export const rbacSecrets: ObjectRule = {
  scope: "object",
  name: "bp-rbac-secret-access",
  description: "No Role or ClusterRole reads Secrets; services get their credentials mounted, not through the API.",
  remediation: "Mount the Secret into the pod (env valueFrom or a volume) instead of granting get/list/watch on secrets.",
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(object) {
    if (!ROLE_KINDS.includes(kindOf(object))) return [];
    return rulesOf(object)
      .filter((rule) => asArray(rule.resources).some((r) => r === "secrets" || r === "*") && asArray(rule.apiGroups).some((g) => g === "" || g === "*"))
      .filter((rule) => asArray(rule.verbs).some((v) => ["get", "list", "watch", "*"].includes(String(v))))
      .map(() => "grants read access to Secrets");
  },
};

export const clusterAdminBinding: ObjectRule = {
  scope: "object",
  name: "bp-rbac-no-cluster-admin",
  description: "Nothing is bound to cluster-admin.",
  remediation: "Bind a Role with only the permissions the subject needs.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(object) {
    if (!["RoleBinding", "ClusterRoleBinding"].includes(kindOf(object))) return [];
    return asString(asRecord(object.roleRef).name) === "cluster-admin" ? ["binds the cluster-admin role"] : [];
  },
};
