// Rules as CrossGuard policies. Objects reach a rule lazily: the engine's proxy throws on a value
// unknown during preview, and the engine reports that rule as not verifiable yet (advisory)
// instead of letting it pass silently; nothing here catches that error.
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asRecord, type KubeObject, kindOfPulumiType } from "./objects";
import { contextFor, memo, namespaceVersions } from "./podSecurityVersion";
import { EXEMPTION_PREFIX, type Rule, type RuleContext } from "./rule";

/** Per-stack pack config (`--policy-pack-config`): the Kubernetes version the cluster runs. */
export const DEFAULT_KUBERNETES_VERSION = "1.31";

// kubernetesVersion has no schema default on purpose: the engine fills schema defaults into every
// policy's config, and the pack must tell a version someone set (which overrides the Namespaces'
// enforce-version labels) from none (the labels apply, else DEFAULT_KUBERNETES_VERSION).
const configSchema: PolicyConfigSchema = {
  properties: {
    kubernetesVersion: {
      type: "string",
      description: `Kubernetes minor version whose semantics apply, e.g. "1.31" (default ${DEFAULT_KUBERNETES_VERSION}); set, it also overrides the version a Namespace's pod-security.kubernetes.io/enforce-version label gives its pods`,
    },
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
  return exemptionsOf(object).get(ruleName);
}

// Every rule asks every object: read each object's exemption annotations once.
const exemptions = new WeakMap<object, Map<string, string>>();
function exemptionsOf(object: KubeObject): Map<string, string> {
  let found = exemptions.get(object);
  if (!found) {
    found = new Map();
    const annotations = asRecord(asRecord(object.metadata).annotations);
    // Keys only, then the exemptions' values: during preview another annotation may be unknown,
    // and reading it would make every rule unverifiable.
    for (const key of Object.keys(annotations).filter((k) => k.startsWith(EXEMPTION_PREFIX))) {
      const reason = annotations[key];
      if (typeof reason === "string" && reason.trim().length > 0) found.set(key.slice(EXEMPTION_PREFIX.length), reason.trim());
    }
    exemptions.set(object, found);
  }
  return found;
}

type PackConfig = { kubernetesVersion?: string; environment?: string; edgeNamespaces?: string[] };

export function contextFrom(config: PackConfig, resourceType?: string): RuleContext {
  return {
    kubernetesVersion: config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    podSecurityVersion: config.kubernetesVersion,
    environment: config.environment,
    edgeNamespaces: config.edgeNamespaces ?? ["lakehouse-edge"],
    resourceType,
  };
}

export function toPulumiPolicy(rule: Rule, enforcementLevel: EnforcementLevel = rule.enforcementLevel): ResourceValidationPolicy | StackValidationPolicy {
  const meta = { name: rule.name, description: rule.description, remediationSteps: rule.remediation, tags: [...rule.tags], enforcementLevel, configSchema };
  if (rule.scope === "object" && !rule.versioned) {
    return {
      ...meta,
      validateResource: (args, reportViolation) => {
        const object = objectOf(args.type, args.props);
        if (exemptionReason(object, rule.name)) return;
        for (const message of rule.check(object, contextFrom(args.getConfig<PackConfig>(), args.type))) reportViolation(message);
      },
    };
  }
  if (rule.scope === "object") {
    // A versioned rule: each object judged alone, but with the PSS version of its Namespace.
    return {
      ...meta,
      validateStack: (args, reportViolation) => {
        const resources = args.resources.map((resource) => ({ object: objectOf(resource.type, resource.props), type: resource.type, urn: resource.urn }));
        const config = args.getConfig<PackConfig>();
        const versions = memo(() => namespaceVersions(resources.map(({ object }) => object)));
        for (const { object, type, urn } of resources) {
          if (exemptionReason(object, rule.name)) continue;
          for (const message of rule.check(object, contextFor(contextFrom(config, type), object, versions))) reportViolation(message, urn);
        }
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
