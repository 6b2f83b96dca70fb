import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE_ROLES, type NamespaceRole, type StackConfig } from "../../stacks";
import type { ClusterFacts } from "../cluster/facts";
import { GeneratedSecret } from "../kit/generatedSecret";
import type { FoundationView } from "../kit/platform";
import { namespaceLabels } from "./labels";
import { PART_OF } from "../kit/labels";
import { networkPoliciesFor } from "./networkPolicies";
import { limitRangeSpec, resourceQuotaSpec } from "./quotas";
import { accessScope } from "../kit/accessRules";
import { serviceAccountWithAccess } from "../kit/serviceAccount";
import { CREDENTIALS, inClusterServices, serviceAccountsFor } from "./serviceCatalog";
import { servicePoliciesFor } from "./servicePolicies";

export interface FoundationArgs {
  config: StackConfig;
  facts: ClusterFacts;
}

/**
 * What every service layer stands on: namespaces with Pod Security labels, quotas and limits,
 * the storage class, network policies, a ServiceAccount per service with least-privilege RBAC,
 * and generated credentials in Secrets.
 */
export class Foundation extends pulumi.ComponentResource implements FoundationView {
  /** Namespace name per role, resolved once the namespace exists. */
  readonly namespaces: Record<NamespaceRole, pulumi.Output<string>>;
  readonly placeholderNamespaces: pulumi.Output<string>[];
  /** ServiceAccount name per account, e.g. "trino-worker". */
  readonly serviceAccounts: Record<string, pulumi.Output<string>>;
  /** Generated credentials by Secret name. */
  readonly credentials: Record<string, GeneratedSecret>;
  readonly storageClassName: pulumi.Output<string>;

  constructor(name: string, args: FoundationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:foundation:Foundation", name, {}, opts);
    const { config, facts } = args;
    const parent = { parent: this };

    const namespaceResources = Object.fromEntries(
      NAMESPACE_ROLES.map((role) => {
        const namespace = config.namespaces[role];
        const labels = namespaceLabels({ environment: config.environment, role, podSecurity: namespace.podSecurity, kubernetesVersion: facts.kubernetesVersion });
        return [role, new k8s.core.v1.Namespace(namespace.name, { metadata: { name: namespace.name, labels } }, parent)];
      }),
    ) as Record<NamespaceRole, k8s.core.v1.Namespace>;
    this.namespaces = Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, namespaceResources[role].metadata.name])) as Record<NamespaceRole, pulumi.Output<string>>;

    const placeholders = config.placeholderNamespaces.map(
      (placeholder) =>
        new k8s.core.v1.Namespace(
          placeholder.name,
          {
            metadata: {
              name: placeholder.name,
              labels: {
                ...namespaceLabels({ environment: config.environment, role: "placeholder", podSecurity: "restricted", kubernetesVersion: facts.kubernetesVersion }),
                "lakehouse.dev/status": "placeholder",
                ...(placeholder.owner ? { "lakehouse.dev/owner": placeholder.owner } : {}),
              },
              annotations: { "lakehouse.dev/description": placeholder.description, "lakehouse.dev/deployment-guide": "README.md#placeholder-namespaces" },
            },
          },
          parent,
        ),
    );
    this.placeholderNamespaces = placeholders.map((namespace) => namespace.metadata.name);

    for (const role of NAMESPACE_ROLES) {
      const namespace = this.namespaces[role];
      new k8s.core.v1.ResourceQuota(`${role}-quota`, { metadata: { name: "lakehouse-quota", namespace, labels: PART_OF }, spec: resourceQuotaSpec(config.namespaces[role]) }, parent);
      new k8s.core.v1.LimitRange(`${role}-limits`, { metadata: { name: "lakehouse-limits", namespace, labels: PART_OF }, spec: limitRangeSpec(config.namespaces[role]) }, parent);
    }

    const everyNamespace = [
      ...NAMESPACE_ROLES.map((role) => ({ name: config.namespaces[role].name, resource: namespaceResources[role] })),
      ...config.placeholderNamespaces.map((placeholder, index) => ({ name: placeholder.name, resource: placeholders[index] })),
    ];
    for (const { name: namespaceName, resource } of everyNamespace) {
      for (const policy of networkPoliciesFor(config.network)) {
        new k8s.networking.v1.NetworkPolicy(`${namespaceName}-${policy.name}`, { metadata: { name: policy.name, namespace: resource.metadata.name, labels: PART_OF }, spec: policy.spec }, parent);
      }
    }

    for (const { namespace: role, policy } of servicePoliciesFor(config)) {
      new k8s.networking.v1.NetworkPolicy(
        `${config.namespaces[role].name}-${policy.name}`,
        { metadata: { name: policy.name, namespace: this.namespaces[role], labels: PART_OF }, spec: policy.spec },
        parent,
      );
    }

    const storageClass = config.storage.create
      ? new k8s.storage.v1.StorageClass(
          config.storage.className,
          {
            metadata: { name: config.storage.className, labels: PART_OF },
            provisioner: config.storage.provisioner as string,
            parameters: config.storage.parameters,
            reclaimPolicy: config.storage.reclaimPolicy,
            volumeBindingMode: config.storage.volumeBindingMode,
            allowVolumeExpansion: config.storage.allowVolumeExpansion,
          },
          // Parameters of a StorageClass are immutable: replace it, keeping its fixed name free first.
          { ...parent, deleteBeforeReplace: true },
        )
      : undefined;
    this.storageClassName = storageClass ? storageClass.metadata.name : pulumi.output(config.storage.className);

    const enabled = inClusterServices(config.services);
    this.serviceAccounts = {};
    for (const account of serviceAccountsFor(config.services)) {
      const targets = !account.apiAccess ? [] : accessScope(account.apiAccess) === "own-namespace" ? [account.namespace] : [...NAMESPACE_ROLES];
      const serviceAccount = serviceAccountWithAccess(
        { name: account.name, namespace: this.namespaces[account.namespace], apiAccess: account.apiAccess, roleTargets: targets.map((role) => ({ role, namespace: this.namespaces[role] })) },
        parent,
      );
      this.serviceAccounts[account.name] = serviceAccount.metadata.name;
    }

    this.credentials = {};
    for (const credential of CREDENTIALS.filter((c) => enabled.has(c.service))) {
      this.credentials[credential.secretName] = new GeneratedSecret(
        credential.secretName,
        { namespace: this.namespaces[credential.namespace], secretName: credential.secretName, keys: credential.keys, labels: { ...PART_OF, "app.kubernetes.io/name": credential.service } },
        parent,
      );
    }

    this.registerOutputs({
      namespaces: this.namespaces,
      placeholderNamespaces: this.placeholderNamespaces,
      serviceAccounts: this.serviceAccounts,
      storageClassName: this.storageClassName,
    });
  }
}
