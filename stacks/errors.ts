import { z } from "zod";

/** One bad value: which config key, what was given, what would have been accepted. */
export interface ConfigProblem {
  key: string;
  value: unknown;
  accepted: string;
}

/** A config object (not null, not a list). */
export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

const MISSING = Symbol("missing");

/**
 * All problems of a stack's configuration, raised together before any resource is registered,
 * so a user fixes everything in one pass and nothing is half-applied.
 */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid stack configuration: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was deployed.\n` +
        problems.map((p) => `  - ${p.key}: got ${SECRET_KEY.test(p.key) ? describeSecret(p.value) : describeValue(p.value)}; accepted: ${p.accepted}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** A value given in config, or MISSING when the key was absent. */
export function problem(key: string, value: unknown, accepted: string): ConfigProblem {
  return { key, value, accepted };
}

export function missing(key: string, accepted: string): ConfigProblem {
  return { key, value: MISSING, accepted };
}

/** Keys whose values are credentials: an error names their shape, never their content. */
const SECRET_KEY = /^lakehouse:externalCredentials(\.|\[|$)/;

function describeSecret(value: unknown): string {
  if (value === MISSING || value === undefined) return "nothing (the key is missing)";
  return `a ${Array.isArray(value) ? "list" : value === null ? "null" : typeof value} (secret, not shown)`;
}

function describeValue(value: unknown): string {
  if (value === MISSING || value === undefined) return "nothing (the key is missing)";
  const json = JSON.stringify(value);
  const shown = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return Array.isArray(value) ? `the list ${shown}` : typeof value === "object" && value !== null ? `the object ${shown}` : `${typeof value} ${shown}`;
}

/** `["cluster", "eks", "subnetIds", 0]` → `lakehouse:cluster.eks.subnetIds[0]`. */
export function configKey(path: ReadonlyArray<PropertyKey>): string {
  const [top, ...rest] = path;
  return rest.reduce<string>((key, part) => (typeof part === "number" ? `${key}[${part}]` : `${key}.${String(part)}`), `lakehouse:${String(top)}`);
}

/** Turns zod's issues into problems that speak the user's config keys. */
export function problemsFromZod(error: z.ZodError, schema: z.ZodType, root: unknown): ConfigProblem[] {
  return error.issues.flatMap((issue) => fromIssue(issue, schema, root));
}

function fromIssue(issue: z.core.$ZodIssue, schema: z.ZodType, root: unknown): ConfigProblem[] {
  const input = "input" in issue ? issue.input : valueAt(root, issue.path);
  const key = configKey(issue.path);
  switch (issue.code) {
    case "invalid_type":
      // A missing key is described by its schema (what it is for), not only by its type.
      return [input === undefined ? missing(key, missingText(schema, issue.path, issue.expected)) : problem(key, input, `a ${issue.expected}`)];
    case "invalid_value":
      return [problem(key, input, `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`)];
    case "unrecognized_keys": {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((unknownKey) =>
        problem(configKey([...issue.path, unknownKey]), valueAt(root, [...issue.path, unknownKey]), `no such key${suggestion(unknownKey, known)}; known keys here: ${known.join(", ")}`),
      );
    }
    case "too_small":
      return [problem(key, input, boundText("at least", issue.minimum, issue.inclusive, issue.origin))];
    case "too_big":
      return [problem(key, input, boundText("at most", issue.maximum, issue.inclusive, issue.origin))];
    default:
      return [problem(key, input, issue.message)];
  }
}

function boundText(word: string, bound: number | bigint, inclusive: boolean | undefined, origin: string): string {
  const strict = inclusive === false ? (word === "at least" ? "more than" : "less than") : word;
  if (origin === "array") return `a list of ${strict} ${bound} item(s)`;
  if (origin === "string") return `a text of ${strict} ${bound} character(s)`;
  return `a number ${strict} ${bound}`;
}

export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((node, part) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[part] : undefined), root);
}

/** What a required key holds, from its schema's description or `accepts`: "its container's requests and limits" beats "a object". */
function missingText(schema: z.ZodType, path: ReadonlyArray<PropertyKey>, expected: string): string {
  const node = schemaAt(schema, path);
  const meta = (node && (z.globalRegistry.get(node) ?? z.globalRegistry.get(unwrap(node)))) as { accepts?: string; description?: string } | undefined;
  const what = meta?.accepts ?? `a ${expected}`;
  return meta?.description ? `${what} (required: ${meta.description})` : what;
}

function schemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const part of path) node = node && child(unwrap(node), part);
  return node;
}

/** The keys the schema accepts at a path, for "did you mean" help on typos. */
function knownKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let node: z.ZodType | undefined = schema;
  for (const part of path) {
    node = node && child(unwrap(node), part);
  }
  const object = node && unwrap(node);
  if (object instanceof z.ZodObject) return Object.keys(object.shape);
  // A record keyed by an enum (e.g. image overrides) accepts the enum's values.
  if (object instanceof z.ZodRecord && object.keyType instanceof z.ZodEnum) return (object.keyType.options as unknown[]).map(String);
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  while (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) {
    node = node.unwrap() as z.ZodType;
  }
  return node;
}

function child(schema: z.ZodType, part: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.ZodType>)[String(part)];
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}

function suggestion(given: string, known: string[]): string {
  const scored = known
    .map((k) => ({ k, d: editDistance(given.toLowerCase(), k.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(given.length / 4)))
    .sort((a, b) => a.d - b.d);
  return scored.length ? ` (did you mean "${scored[0].k}"?)` : "";
}

/** Levenshtein distance, for typo suggestions only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
