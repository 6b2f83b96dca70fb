// A policy is data plus one small function, as kube-linter keeps its checks: metadata for people
// and audits, and a check that turns one object (or all of them) into messages.
import type { KubeObject } from "./objects";

export const TAGS = ["contract", "pss-baseline", "pss-restricted", "best-practice"] as const;
export type Tag = (typeof TAGS)[number];
export type Enforcement = "mandatory" | "advisory";

export interface RuleContext {
  /** The Kubernetes version whose semantics apply ("1.31"). */
  kubernetesVersion: string;
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
