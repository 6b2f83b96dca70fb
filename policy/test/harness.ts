// Runs a policy the way the engine does: validation args with type checks, getConfig, stackTags and
// notApplicable, props behind the engine's unknown-checking proxy, and UnknownValueError turned into
// an advisory "can't run during preview" diagnostic. No gRPC server is started.
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

// The engine's own proxy and sentinel values (internal to @pulumi/policy, so typed here).
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T extends object>(target: T): T;
  UnknownValueError: new (...args: never[]) => Error;
  unknownStringValue: string;
};
const { unknownCheckingProxy, UnknownValueError, unknownStringValue } = proxy;

export const UNKNOWN_STRING = unknownStringValue;

export interface Outcome {
  violations: string[];
  /** Set when the engine would report the policy as not verifiable during preview. */
  unverifiable?: string;
  notApplicable?: string;
}

class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason);
  }
}

// The engine fills every policy's config with its schema's defaults, then the given values.
const schemaDefaults = (policy: ResourceValidationPolicy | StackValidationPolicy): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => typeof schema === "object" && schema !== null && "default" in schema)
      .map(([key, schema]) => [key, (schema as { default: unknown }).default]),
  );

const baseArgs = (policy: ResourceValidationPolicy | StackValidationPolicy, config: Record<string, unknown>) => ({
  stackTags: new Map<string, string>([["pulumi:project", "lakehouse"]]),
  getConfig: <T>() => ({ ...schemaDefaults(policy), ...config }) as T,
  notApplicable: (reason?: string): never => {
    throw new NotApplicable(reason);
  },
});

function settle(run: () => void, violations: string[]): Outcome {
  try {
    run();
    return { violations };
  } catch (error) {
    if (error instanceof UnknownValueError) return { violations, unverifiable: `can't run during preview: ${error.message}` };
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason ?? "" };
    throw error;
  }
}

export function validateResource(policy: ResourceValidationPolicy | StackValidationPolicy, type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}): Outcome {
  if (!("validateResource" in policy) || !policy.validateResource) throw new Error(`${policy.name} is not a resource policy`);
  const validate = policy.validateResource as (args: any, report: (message: string) => void) => void;
  const violations: string[] = [];
  const args = {
    ...baseArgs(policy, config),
    type,
    props: unknownCheckingProxy(props),
    urn: `urn:pulumi:test::lakehouse::${type}::subject`,
    name: "subject",
    opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: {} },
    isType: () => false,
    asType: () => undefined,
  };
  return settle(() => validate(args, (message) => violations.push(message)), violations);
}

export function validateStack(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: Array<{ type: string; props: Record<string, unknown> }>,
  config: Record<string, unknown> = {},
): Outcome {
  if (!("validateStack" in policy) || !policy.validateStack) throw new Error(`${policy.name} is not a stack policy`);
  const validate = policy.validateStack as (args: any, report: (message: string, urn?: string) => void) => void;
  const violations: string[] = [];
  const args = {
    ...baseArgs(policy, config),
    resources: resources.map((resource, i) => ({ ...resource, props: unknownCheckingProxy(resource.props), urn: `urn:pulumi:test::lakehouse::${resource.type}::r${i}`, name: `r${i}` })),
  };
  return settle(() => validate(args, (message) => violations.push(message)), violations);
}
