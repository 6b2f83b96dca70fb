// A service's identity in the cluster: its ServiceAccount and, if it calls the API, the Roles its
// access needs. The foundation makes the first instance's; `instanceContext` a second instance's.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ApiAccess, NamespaceRole } from "../../stacks";
import { ACCESS_RULES } from "./accessRules";
import { PART_OF } from "./labels";

export interface ServiceAccountArgs {
  /** The account's name, in Kubernetes and in Pulumi. */
  name: string;
  namespace: pulumi.Input<string>;
  apiAccess?: ApiAccess;
  /** Where its Roles go, by namespace role; one Role and RoleBinding per target. */
  roleTargets: ReadonlyArray<{ role: NamespaceRole; namespace: pulumi.Input<string> }>;
}

export function serviceAccountWithAccess(args: ServiceAccountArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.ServiceAccount {
  const serviceAccount = new k8s.core.v1.ServiceAccount(
    args.name,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: { ...PART_OF, "app.kubernetes.io/name": args.name } },
      // The token is mounted only into pods of services that call the API (the kit decides per pod).
      automountServiceAccountToken: args.apiAccess !== undefined,
    },
    opts,
  );
  if (!args.apiAccess) return serviceAccount;
  const roleName = `${args.name}-${args.apiAccess}`;
  for (const target of args.roleTargets) {
    const role = new k8s.rbac.v1.Role(`${roleName}-${target.role}`, { metadata: { name: roleName, namespace: target.namespace, labels: PART_OF }, rules: ACCESS_RULES[args.apiAccess] }, opts);
    new k8s.rbac.v1.RoleBinding(
      `${roleName}-${target.role}`,
      {
        metadata: { name: roleName, namespace: target.namespace, labels: PART_OF },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: args.namespace }],
      },
      opts,
    );
  }
  return serviceAccount;
}
