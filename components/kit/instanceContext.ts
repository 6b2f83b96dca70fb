// A second instance of a service (two caches, two Kafka clusters) needs an identity of its own: the
// foundation generates one set of ServiceAccounts and credentials per service, for its first
// instance. This derives another set from the same descriptor, named after the instance, and hands
// it over under the descriptor's keys, so the component reads it exactly as it reads the first.
import type * as pulumi from "@pulumi/pulumi";
import { CREDENTIALS, SERVICE_ACCOUNTS, type ServiceName, namespaceOf } from "../../stacks";
import { accessScope } from "./accessRules";
import { GeneratedSecret } from "./generatedSecret";
import { PART_OF } from "./labels";
import { serviceAccountWithAccess } from "./serviceAccount";
import type { ServiceContext } from "./serviceContext";

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** The context of instance `instance` of service `name`: `base` with ServiceAccounts and credentials of its own. */
export function instanceContext<Name extends ServiceName>(name: Name, instance: string, base: ServiceContext<Name>, opts: pulumi.CustomResourceOptions): ServiceContext<Name> {
  if (!DNS_LABEL.test(instance) || instance === name) {
    throw new Error(`instance "${instance}" of ${name}: an instance needs a name of its own, a DNS label of at most 40 characters other than "${name}" (the first instance's).`);
  }
  const role = namespaceOf(name);
  const serviceAccounts: Record<string, pulumi.Output<string>> = {};
  for (const account of SERVICE_ACCOUNTS.filter((a) => a.service === name)) {
    if (account.apiAccess && accessScope(account.apiAccess) !== "own-namespace") {
      throw new Error(`instance "${instance}" of ${name}: its account ${account.name} needs ${account.apiAccess} in every namespace, which only the foundation grants; run one ${name}.`);
    }
    const roleTargets = account.apiAccess ? [{ role, namespace: base.namespace }] : [];
    const created = serviceAccountWithAccess({ name: `${instance}-${account.name}`, namespace: base.namespace, apiAccess: account.apiAccess, roleTargets }, opts);
    serviceAccounts[account.name] = created.metadata.name;
  }
  const credentials = Object.fromEntries(
    CREDENTIALS.filter((c) => c.service === name).map((c) => {
      const secretName = `${instance}-${c.secretName}`;
      const labels = { ...PART_OF, "app.kubernetes.io/name": name, "app.kubernetes.io/instance": instance };
      return [c.secretName, new GeneratedSecret(secretName, { namespace: base.namespace, secretName, keys: c.keys, labels }, opts)];
    }),
  );
  return { ...base, serviceAccounts, credentials };
}
