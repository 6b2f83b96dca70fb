// The pack's policy list, kept apart from index.ts so tests can load the policies without
// starting the pack's gRPC server.
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exemptionReport } from "./lib/exemptions";
import { toPulumiPolicy } from "./lib/pulumi";
import type { Rule } from "./lib/rule";
import { clusterVersion } from "./rules/contract/clusterVersion";
import { noHardcodedIps } from "./rules/contract/noHardcodedIps";
import { probes } from "./rules/contract/probes";
import { resources } from "./rules/contract/resources";
import { runAsNonRoot } from "./rules/contract/runAsNonRoot";
import { deprecatedApis } from "./rules/bestPractice/apiVersions";
import { CROSS_RESOURCE } from "./rules/bestPractice/crossResource";
import { pinnedImages } from "./rules/bestPractice/images";
import { clusterAdminBinding, rbacSecrets, rbacWildcards } from "./rules/bestPractice/rbac";
import { opaqueResources } from "./rules/bestPractice/opaque";
import { duplicateEnv, jobTtl, noSecretLiterals, readOnlyRoot, selectorMatchesTemplate, serviceAccount, tokenAutomount } from "./rules/bestPractice/podHygiene";
import { privilegedPorts } from "./rules/bestPractice/privilegedPorts";
import { prodServingReplicas } from "./rules/bestPractice/prodServingReplicas";
import { replicaSpread } from "./rules/bestPractice/replicaSpread";
import { sensitiveHostMounts } from "./rules/bestPractice/sensitiveHostMounts";
import { serviceAccountExists } from "./rules/bestPractice/serviceAccountExists";
import { serviceTargetPort } from "./rules/bestPractice/serviceTargetPort";
import { BASELINE } from "./rules/pss/baseline";
import { RESTRICTED } from "./rules/pss/restricted";

/** Every rule, in the order reports list them. */
export const RULES: Rule[] = [
  runAsNonRoot,
  probes,
  resources,
  noHardcodedIps,
  clusterVersion,
  ...BASELINE,
  ...RESTRICTED,
  pinnedImages,
  readOnlyRoot,
  noSecretLiterals,
  serviceAccount,
  tokenAutomount,
  duplicateEnv,
  selectorMatchesTemplate,
  jobTtl,
  deprecatedApis,
  opaqueResources,
  privilegedPorts,
  sensitiveHostMounts,
  replicaSpread,
  rbacWildcards,
  rbacSecrets,
  clusterAdminBinding,
  ...CROSS_RESOURCE,
  serviceTargetPort,
  serviceAccountExists,
  prodServingReplicas,
];

export const policies: Array<ResourceValidationPolicy | StackValidationPolicy> = [...RULES.map((rule) => toPulumiPolicy(rule)), exemptionReport];
