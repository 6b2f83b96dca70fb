import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const STACKS = ["dev", "staging", "prod"] as const;
export type StackName = (typeof STACKS)[number];

/**
 * What an operator sets with `pulumi config set --secret` before the first deploy, and so is not in
 * the committed stack file: prod's external object store and database credentials (test values).
 */
export const OPERATOR_SECRETS: Record<string, Record<string, unknown>> = {
  prod: {
    "lakehouse:externalCredentials": {
      objectStore: { accessKeyId: "GOOGTESTHMACACCESSID", secretAccessKey: "test-only-hmac-secret" },
      postgres: { username: "lakehouse-admin", password: "test-only-admin-password" },
    },
  },
};

/** The `config:` block of Pulumi.<stack>.yaml, keys as written ("lakehouse:cluster", ...), plus the operator's secrets. */
export function stackFileConfig(stack: string, dir = join(__dirname, "..")): Record<string, unknown> {
  const file = join(dir, `Pulumi.${stack}.yaml`);
  return { ...(parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config, ...(OPERATOR_SECRETS[stack] ?? {}) };
}

/** The keys among a stack's config that are secret (encrypted in a real stack file). */
export function secretKeysOf(config: Record<string, unknown>): string[] {
  return Object.keys(config).filter((key) => key === "lakehouse:externalCredentials");
}

/** The `lakehouse:*` values of a stack file, prefix removed, as parseStackConfig takes them. */
export function rawLakehouseConfig(stack: string): Record<string, unknown> {
  return lakehouseValues(stackFileConfig(stack));
}

/** The `lakehouse:*` values of any stack config, prefix removed. */
export function lakehouseValues(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith("lakehouse:"))
      .map(([key, value]) => [key.slice("lakehouse:".length), value]),
  );
}

/** The stack's config as the engine hands it to a program: every value a string, objects as JSON. */
export function engineConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}
