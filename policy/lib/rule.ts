// A policy is data plus one small function, as kube-linter keeps its checks: metadata for people
// and audits, and a check that turns one object (or all of them) into messages.
import type { KubeObject } from "./objects";

export const TAGS = ["contract", "pss-baseline", "pss-restricted", "best-practice"] as const;
export type Tag = (typeof TAGS)[number];
export type Enforcement = "mandatory" | "advisory";

export interface RuleContext {
  /** The Kubernetes version whose semantics apply ("1.31"): the cluster's, as configured. */
  kubernetesVersion: string;
  /**
   * The Pod Security Standards version a pod is judged by, when it is not kubernetesVersion. In a
   * base context it means the version was configured explicitly, and no Namespace label changes it;
   * otherwise the adapters set it per object from its Namespace's enforce-version label
   * (lib/podSecurityVersion.ts).
   */
  podSecurityVersion?: string;
  environment?: string;
  /** Namespaces of the edge layer, where NodePort and LoadBalancer Services belong. */
  edgeNamespaces?: string[];
  /** The Pulumi resource type, when the object comes from a Pulumi program (cluster resources have no `kind`). */
  resourceType?: string;
}

export interface RuleMeta {
  name: string;
  description: string;
  remediation: string;
  tags: Tag[];
  enforcementLevel: Enforcement;
}

/** Checks one object at a time; returns one message per violation. */
export interface ObjectRule extends RuleMeta {
  scope: "object";
  /**
   * Its verdict depends on the Pod Security Standards version (it calls `since`), which a
   * Namespace's enforce-version label can set: CrossGuard then runs it as a stack policy, the only
   * place a pod's Namespace is visible.
   */
  versioned?: boolean;
  check(object: KubeObject, context: RuleContext): string[];
}

/** Checks the objects of a whole stack or file set together (cross-resource rules). */
export interface StackRule extends RuleMeta {
  scope: "stack";
  check(objects: KubeObject[], context: RuleContext): Array<{ object: KubeObject; message: string }>;
}

export type Rule = ObjectRule | StackRule;

/** Objects opt out of one policy with this annotation, whose value must give the reason. */
export const EXEMPTION_PREFIX = "lakehouse.dev/policy-exempt.";
