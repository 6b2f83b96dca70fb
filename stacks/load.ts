import * as pulumi from "@pulumi/pulumi";
import { defaultsFor, JsonObject } from "./defaults";
import { chartDirectoryProblems } from "./charts";
import { crossChecks } from "./checks";
import { isObject } from "./errors";
import { withAppOverrides } from "./appOverrides";
import { ConfigError, configKey, ConfigProblem, problem, problemsFromZod } from "./errors";
import { CLUSTER_TYPES, ClusterType, CONFIG_KEYS, Environment, ENVIRONMENTS, StackConfig, stackConfig } from "./schema";

/** Objects merge key by key; anything else given in the stack replaces the default. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isObject(base) || !isObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/**
 * Validates a stack's raw `lakehouse:*` values (keys without the prefix) and returns the typed
 * configuration with per-environment defaults filled in. Throws one ConfigError listing every problem.
 */
export function parseStackConfig(raw: Record<string, unknown>, stackName: string): StackConfig {
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      problems.push(problem(`lakehouse:${key}`, raw[key], `no such key; the lakehouse keys are ${CONFIG_KEYS.join(", ")}`));
    }
  }
  const environment = environmentOf(raw.environment, stackName);
  const clusterType = isObject(raw.cluster) && (CLUSTER_TYPES as readonly unknown[]).includes(raw.cluster.type) ? (raw.cluster.type as ClusterType) : undefined;
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => (CONFIG_KEYS as string[]).includes(key)));
  // An unknown environment still gets dev's defaults, so the rest is checked as well.
  const defaults = defaultsFor(environment ?? "dev", clusterType);
  // A cluster block absent from the stack stays absent, so it is reported missing as a whole.
  if (clusterType && isObject(raw.cluster) && raw.cluster[clusterType] === undefined) delete (defaults.cluster as JsonObject)[clusterType];
  const merged = deepMerge(defaults, known) as JsonObject;
  const overridden = withAppOverrides(merged.apps, merged.appOverrides, deepMerge);
  merged.apps = overridden.apps as JsonObject[];
  problems.push(...overridden.problems);
  if (raw.environment === undefined && environment) merged.environment = environment;
  if (raw.environment === undefined && !environment) {
    problems.push(problem(configKey(["environment"]), undefined, `one of ${ENVIRONMENTS.join(", ")}; required because the stack name "${stackName}" is not one of them`));
    merged.environment = "dev";
  }
  const result = stackConfig.safeParse(merged, { reportInput: true });
  if (!result.success) problems.push(...problemsFromZod(result.error, stackConfig, merged));
  problems.push(...crossChecks(merged));
  if (problems.length) throw new ConfigError(firstPerKey(problems));
  return result.data as StackConfig;
}

/** One problem per key: a malformed value is not also reported by the rules that read it. */
function firstPerKey(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter(({ key }) => !seen.has(key) && seen.add(key));
}

function environmentOf(given: unknown, stackName: string): Environment | undefined {
  if ((ENVIRONMENTS as readonly unknown[]).includes(given)) return given as Environment;
  if (given === undefined && (ENVIRONMENTS as readonly string[]).includes(stackName)) return stackName as Environment;
  return undefined;
}

/**
 * Reads every `lakehouse:*` key of the current stack, so typos in top-level keys are caught too.
 * Structured values arrive as JSON text (what `requireObject` parses); `environment` is plain text.
 */
export function loadStackConfig(): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith("lakehouse:")) continue;
    const key = fullKey.slice("lakehouse:".length);
    raw[key] = key === "environment" ? text : parseStructured(text);
  }
  const config = parseStackConfig(raw, pulumi.getStack());
  // A chart directory is read from disk, so it is checked here rather than with the pure rules.
  const chartProblems = chartDirectoryProblems(config);
  if (chartProblems.length) throw new ConfigError(chartProblems);
  if (raw.externalCredentials !== undefined && !isSecretKey("lakehouse:externalCredentials")) {
    throw new ConfigError([
      problem(
        "lakehouse:externalCredentials",
        "[not shown]",
        "a secret value: set it with `pulumi config set --secret --path 'lakehouse:externalCredentials.<service>.<field>' <value>` so it is encrypted in the stack file",
      ),
    ]);
  }
  return config;
}

/**
 * Whether a key was stored encrypted. The SDK's own check is marked internal in its typings but is
 * what `Config.get` uses to warn about secrets read as plain values; it reads the engine's list.
 */
function isSecretKey(key: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function") throw new Error("@pulumi/pulumi no longer exposes runtime.isConfigSecret; pin the version in package.json");
  return runtime.isConfigSecret(key);
}

function parseStructured(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // not an object: the validator names the key and what it expects
  }
}
