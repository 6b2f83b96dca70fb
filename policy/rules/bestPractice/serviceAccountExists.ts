// A pod whose ServiceAccount does not exist is never created: the ReplicaSet or Job controller
// keeps failing with "serviceaccount not found" (kube-linter non-existent-service-account).
// Advisory: the account may come from outside the stack (a helm.v3.Release, an operator, another
// stack), which the pack cannot see.
import { asString } from "../../lib/objects";
import { podSpecOf } from "../../lib/podSpecs";
import type { StackRule } from "../../lib/rule";
import { nameOf, namespaceOf, ofKind } from "../../lib/stack";

export const serviceAccountExists: StackRule = {
  scope: "stack",
  name: "stack-service-account-exists",
  description:
    "Every pod's serviceAccountName (other than \"default\") names a ServiceAccount in the pod's namespace among the stack's objects (or the linted files); without it the pods are never created (kube-linter non-existent-service-account). Advisory: the account may be created outside the stack.",
  remediation: "Create the ServiceAccount in the same namespace (the foundation layer's service catalog does it per service), fix the name, or exempt the workload stating what creates the account.",
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(objects) {
    const accounts = new Set(ofKind(objects, "ServiceAccount").map((account) => `${namespaceOf(account)}/${nameOf(account)}`));
    return objects.flatMap((object) => {
      const pod = podSpecOf(object);
      if (!pod) return [];
      const account = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount);
      if (account === undefined || account === "" || account === "default" || accounts.has(`${namespaceOf(object)}/${account}`)) return [];
      return [
        {
          object,
          message: `the pod runs as ServiceAccount ${account}, which is not among the ServiceAccounts of namespace ${namespaceOf(object)} in the stack (or the linted files): its pods will not be created unless the account comes from outside (a Helm release, an operator, another stack)`,
        },
      ];
    });
  },
};
