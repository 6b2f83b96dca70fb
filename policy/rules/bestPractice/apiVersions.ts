import * as semver from "semver";
import { kubernetesSemver } from "../../lib/kubernetesVersion";
import { asString, kindOf } from "../../lib/objects";
import type { ObjectRule } from "../../lib/rule";

// API versions removed from Kubernetes, with the release that removed them and the replacement.
const REMOVED: Array<[apiVersion: string, kinds: string[] | "*", removedIn: string, use: string]> = [
  ["extensions/v1beta1", "*", "1.22", "apps/v1, networking.k8s.io/v1"],
  ["apps/v1beta1", "*", "1.16", "apps/v1"],
  ["apps/v1beta2", "*", "1.16", "apps/v1"],
  ["networking.k8s.io/v1beta1", "*", "1.22", "networking.k8s.io/v1"],
  ["rbac.authorization.k8s.io/v1beta1", "*", "1.22", "rbac.authorization.k8s.io/v1"],
  ["policy/v1beta1", "*", "1.25", "policy/v1 (PodSecurityPolicy is gone: use Pod Security Admission)"],
  ["batch/v1beta1", ["CronJob"], "1.25", "batch/v1"],
  ["discovery.k8s.io/v1beta1", "*", "1.25", "discovery.k8s.io/v1"],
  ["autoscaling/v2beta1", "*", "1.25", "autoscaling/v2"],
  ["autoscaling/v2beta2", "*", "1.26", "autoscaling/v2"],
  ["storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "1.27", "storage.k8s.io/v1"],
  ["flowcontrol.apiserver.k8s.io/v1beta2", "*", "1.29", "flowcontrol.apiserver.k8s.io/v1"],
  ["flowcontrol.apiserver.k8s.io/v1beta3", "*", "1.32", "flowcontrol.apiserver.k8s.io/v1"],
];

export const deprecatedApis: ObjectRule = {
  scope: "object",
  name: "bp-removed-api-version",
  description: "Objects use API versions that the cluster's Kubernetes version still serves.",
  remediation: "Move the object to the replacement API version named in the message.",
  tags: ["best-practice"],
  enforcementLevel: "mandatory",
  check(object, context) {
    const apiVersion = asString(object.apiVersion);
    const current = kubernetesSemver(context.kubernetesVersion);
    if (!apiVersion || !current) return [];
    return REMOVED.filter(([version, kinds, removedIn]) => version === apiVersion && (kinds === "*" || kinds.includes(kindOf(object))) && semver.gte(current, `${removedIn}.0`)).map(
      ([version, , removedIn, use]) => `${kindOf(object)} uses ${version}, removed in Kubernetes ${removedIn}; use ${use}`,
    );
  },
};
