// Shared pieces of the pod-spec rules (Pod Security Standards and the others): version gates, and
// the walk over every container (init and ephemeral included) with its effective security context.
import * as semver from "semver";
import { kubernetesSemver } from "./kubernetesVersion";
import { asRecord, asString, type Json, type KubeObject } from "./objects";
import { podSpecOf, type ContainerRef, type PodSpecRef } from "./podSpecs";
import type { ObjectRule, RuleContext, RuleMeta, Tag } from "./rule";
import { effectiveSecurityContext, type EffectiveSecurityContext } from "./securityContext";

/** Whether the standard's semantics for `version` apply in this context (rules that call it are `versioned`). */
export function since(context: RuleContext, version: string): boolean {
  const current = kubernetesSemver(context.podSecurityVersion ?? context.kubernetesVersion) ?? "1.999.0";
  return semver.gte(current, kubernetesSemver(version) ?? version);
}

/** Windows pods are exempt from the Linux-only restricted controls (v1.25+). */
export const isWindows = (pod: PodSpecRef) => asString(asRecord(pod.spec.os).name) === "windows";

export const label = (ref: ContainerRef) => `${ref.role} "${ref.name}"`;

export interface PssCheck {
  pod: PodSpecRef;
  object: KubeObject;
  context: RuleContext;
  containers: Array<{ ref: ContainerRef; security: EffectiveSecurityContext; own: Json }>;
}

// Every pod rule walks the same containers: merge each one's security context once per pod spec.
const merged = new WeakMap<PodSpecRef, PssCheck["containers"]>();
function containersOf(pod: PodSpecRef): PssCheck["containers"] {
  let containers = merged.get(pod);
  if (!containers) {
    containers = pod.containers.map((ref) => ({ ref, security: effectiveSecurityContext(pod.spec, ref), own: asRecord(ref.container.securityContext) }));
    merged.set(pod, containers);
  }
  return containers;
}

/** A rule over pod specs: metadata plus a check that runs only on objects that carry a pod spec. */
export function podRule(meta: RuleMeta, check: (args: PssCheck) => string[]): ObjectRule {
  return {
    scope: "object",
    ...meta,
    check(object, context) {
      const pod = podSpecOf(object);
      if (!pod) return [];
      return check({ pod, object, context, containers: containersOf(pod) });
    },
  };
}

/** A PSS rule: mandatory, tagged with its profile (restricted includes baseline). */
export function pssRule(meta: { name: string; level: "baseline" | "restricted"; description: string; remediation: string; versioned?: boolean }, check: (args: PssCheck) => string[]): ObjectRule {
  const tags: Tag[] = meta.level === "baseline" ? ["pss-baseline", "pss-restricted"] : ["pss-restricted"];
  const rule = podRule({ name: meta.name, description: meta.description, remediation: meta.remediation, tags, enforcementLevel: "mandatory" }, check);
  return meta.versioned ? { ...rule, versioned: true } : rule;
}
