// Rules as CrossGuard policies. Objects reach a rule lazily: the engine's proxy throws on a value
// unknown during preview, and the engine reports that rule as not verifiable yet (advisory)
// instead of letting it pass silently; nothing here catches that error.
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asRecord, type KubeObject, kindOfPulumiType } from "./objects";
import { EXEMPTION_PREFIX, type Rule, type RuleContext } from "./rule";

/** Per-stack pack config (`--policy-pack-config`): the Kubernetes version the cluster runs. */
export const DEFAULT_KUBERNETES_VERSION = "1.31";

const configSchema: PolicyConfigSchema = {
  properties: {
    kubernetesVersion: { type: "string", default: DEFAULT_KUBERNETES_VERSION, description: 'Kubernetes minor version whose semantics apply, e.g. "1.31"' },
    environment: { type: "string", enum: ["dev", "staging", "prod"], description: "The stack's environment, when its namespaces do not carry lakehouse.dev/environment" },
    edgeNamespaces: { type: "array", items: { type: "string" }, default: ["lakehouse-edge"], description: "Namespaces of the edge layer" },
  },
};

/**
 * The object a Pulumi resource describes: a Kubernetes object gets apiVersion and kind from its
 * type. The props stay behind the prototype, not copied, so only the fields a rule reads are
 * touched: a Secret's unknown stringData must not make every rule unverifiable.
 */
export function objectOf(type: string, props: Record<string, unknown>): KubeObject {
  const kind = kindOfPulumiType(type);
  const object: KubeObject = Object.create(props);
  if (kind) Object.assign(object, kind);
  return object;
}

/** The reason an object gives for opting out of a rule, if it does. */
export function exemptionReason(object: KubeObject, ruleName: string): string | undefined {
  const annotations = asRecord(asRecord(object.metadata).annotations);
  const reason = annotations[`${EXEMPTION_PREFIX}${ruleName}`];
  return typeof reason === "string" && reason.trim().length > 0 ? reason.trim() : undefined;
}

type PackConfig = { kubernetesVersion?: string; environment?: string; edgeNamespaces?: string[] };

function contextFrom(config: PackConfig, resourceType?: string): RuleContext {
  return { kubernetesVersion: config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, environment: config.environment, edgeNamespaces: config.edgeNamespaces ?? ["lakehouse-edge"], resourceType };
}

export function toPulumiPolicy(rule: Rule, enforcementLevel: EnforcementLevel = rule.enforcementLevel): ResourceValidationPolicy | StackValidationPolicy {
  const meta = { name: rule.name, description: rule.description, remediationSteps: rule.remediation, tags: [...rule.tags], enforcementLevel, configSchema };
  if (rule.scope === "object") {
    return {
      ...meta,
      validateResource: (args, reportViolation) => {
        const object = objectOf(args.type, args.props);
        if (exemptionReason(object, rule.name)) return;
        for (const message of rule.check(object, contextFrom(args.getConfig<PackConfig>(), args.type))) reportViolation(message);
      },
    };
  }
  return {
    ...meta,
    validateStack: (args, reportViolation) => {
      const objects = args.resources.map((resource) => ({ object: objectOf(resource.type, resource.props), urn: resource.urn }));
      const urnOf = new Map(objects.map(({ object, urn }) => [object, urn]));
      const eligible = objects.map(({ object }) => object).filter((object) => !exemptionReason(object, rule.name));
      for (const { object, message } of rule.check(eligible, contextFrom(args.getConfig<PackConfig>()))) reportViolation(message, urnOf.get(object));
    },
  };
}
