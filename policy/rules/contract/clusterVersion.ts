import * as semver from "semver";
import { kubernetesSemver, MIN_KUBERNETES_VERSION } from "../../lib/kubernetesVersion";
import { asRecord, asString, type KubeObject } from "../../lib/objects";
import type { ObjectRule } from "../../lib/rule";

/** Where each cluster resource states its Kubernetes version (Pulumi types, and the kind layer's config). */
function statedVersion(object: KubeObject, resourceType: string | undefined): { field: string; version: unknown } | undefined {
  switch (resourceType) {
    case "eks:index:Cluster":
    case "aws:eks/cluster:Cluster":
      return { field: "version", version: object.version };
    case "gcp:container/cluster:Cluster":
      return { field: "minMasterVersion", version: object.minMasterVersion };
    case "azure-native:containerservice:ManagedCluster":
      return { field: "kubernetesVersion", version: object.kubernetesVersion };
    case "pulumi-nodejs:dynamic/lakehouse:KindCluster": {
      // kind states its version through the node image tag: kindest/node:v1.33.4@sha256:...
      const image = asString(asRecord((Array.isArray(asRecord(object.config).nodes) ? (asRecord(object.config).nodes as unknown[]) : [])[0]).image);
      const tag = image ? /:v(\d+\.\d+(?:\.\d+)?)/.exec(image)?.[1] : undefined;
      return { field: "config.nodes[0].image", version: tag };
    }
    default:
      return undefined;
  }
}

export const clusterVersion: ObjectRule = {
  scope: "object",
  name: "contract-kubernetes-version",
  description: "A cluster resource that states its Kubernetes version (EKS, GKE, AKS, the kind layer) runs 1.28 or newer (contract section 2.1).",
  remediation: 'Set lakehouse:cluster.kubernetesVersion to "1.28" or newer; on kind, use a node image of that version.',
  tags: ["contract"],
  enforcementLevel: "mandatory",
  check(object, context) {
    const stated = statedVersion(object, context.resourceType);
    if (!stated || stated.version === undefined) return [];
    const text = String(stated.version).replace(/^v/, "");
    const version = kubernetesSemver(text.split("-")[0]);
    if (!version) return [`${stated.field} "${text}" is not a Kubernetes version`];
    return semver.lt(version, MIN_KUBERNETES_VERSION) ? [`${stated.field} is ${text}, below the contract minimum 1.28`] : [];
  },
};
