// `helm template` over the charts scripts/toolchain/charts.sh assembles, rendering as the program's
// installers do: helm.v4.Chart (Traefik, kube-prometheus-stack) renders without hooks, with the
// chart's CRDs unless skipCrds, and puts namespaced objects in the release's namespace; the
// cert-manager component is a Helm release, so its hooks are installed too.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { KubeObject } from "../../../policy/lib/objects";
import { TOOLCHAIN } from "../engine";

export const HELM = join(TOOLCHAIN, "bin", "helm");

/** The assembled chart directory of `name` (traefik, cert-manager, kube-prometheus-stack). */
export function chartDir(name: string): string {
  const dir = join(TOOLCHAIN, "charts", name);
  if (!existsSync(HELM) || !existsSync(join(dir, "Chart.yaml"))) {
    throw new Error(`no helm or no ${name} chart in ${TOOLCHAIN}: run bash scripts/toolchain/charts.sh`);
  }
  return dir;
}

/** The assembled chart's version (to compare with the program's pin) and the app version it runs. */
export function chartMetadata(name: string): { version: string; appVersion: string } {
  const chart = parse(readFileSync(join(chartDir(name), "Chart.yaml"), "utf8")) as { version: unknown; appVersion: unknown };
  return { version: String(chart.version), appVersion: String(chart.appVersion) };
}

export interface Rendered {
  object: KubeObject;
  /** The template it came from ("traefik/templates/deployment.yaml"). */
  source: string;
}

export interface TemplateArgs {
  chart: string;
  release: string;
  namespace: string;
  values: Record<string, unknown>;
  /** The cluster's version ("1.33"): the chart's capability checks see it, as on the real cluster. */
  kubeVersion: string;
  hooks: boolean;
  crds: boolean;
}

// Kinds without a namespace, among those these charts render.
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "APIService",
  "PriorityClass",
  "StorageClass",
]);

export function helmTemplate(args: TemplateArgs): Rendered[] {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-render-"));
  try {
    const valuesFile = join(dir, "values.json");
    writeFileSync(valuesFile, JSON.stringify(args.values));
    const flags = ["--namespace", args.namespace, "--kube-version", args.kubeVersion, "--values", valuesFile];
    if (!args.hooks) flags.push("--no-hooks");
    if (args.crds) flags.push("--include-crds");
    const output = execFileSync(HELM, ["template", args.release, chartDir(args.chart), ...flags], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    return parseManifests(output, args.namespace);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Helm's multi-document output, each object with its template, namespaced objects defaulted to
 * `namespace`. Parsed strictly: a key given twice (say, a label the chart sets and our values set
 * again) is invalid YAML, whatever a lenient parser would keep.
 */
export function parseManifests(output: string, namespace: string): Rendered[] {
  return output.split(/^---\s*$/m).flatMap((chunk) => {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1] ?? "?";
    let object: KubeObject | null;
    try {
      object = parse(chunk) as KubeObject | null;
    } catch (error) {
      throw new Error(`${source} renders invalid YAML: ${(error as Error).message.split("\n")[0]}`, { cause: error });
    }
    if (!object || typeof object.kind !== "string") return [];
    const metadata = (object.metadata ??= {}) as Record<string, unknown>;
    if (!CLUSTER_SCOPED.has(object.kind) && !metadata.namespace) metadata.namespace = namespace;
    return [{ object, source }];
  });
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What one chart declares under a key: in values.yaml, in values.schema.json, or both. */
interface Declared {
  defaults?: unknown;
  schema?: Record<string, unknown>;
}

/** Follows local references ("$ref": "#/$defs/…"), as cert-manager's schema is written. */
function resolved(schema: unknown, root: Record<string, unknown>): Record<string, unknown> | undefined {
  let current = schema;
  while (isMap(current) && typeof current.$ref === "string" && current.$ref.startsWith("#/")) {
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, part) => (isMap(node) ? node[part] : undefined), root);
  }
  return isMap(current) ? current : undefined;
}

function child(declared: Declared, key: string, root: Record<string, unknown>): Declared | undefined {
  const defaults = isMap(declared.defaults) && key in declared.defaults ? { defaults: declared.defaults[key] } : undefined;
  const properties = declared.schema?.properties;
  const additional = declared.schema?.additionalProperties;
  const schema = resolved(isMap(properties) && isMap(properties[key]) ? properties[key] : isMap(additional) ? additional : undefined, root);
  return defaults || schema ? { ...defaults, ...(schema ? { schema } : {}) } : undefined;
}

/** A map whose keys the chart lists: its values.yaml gives some, or its schema names them. */
const listsKeys = (d: Declared): boolean => (isMap(d.defaults) && Object.keys(d.defaults).length > 0) || isMap(d.schema?.properties) || isMap(d.schema?.additionalProperties);

/**
 * The paths of `values` the chart declares neither in values.yaml nor in values.schema.json: a
 * misspelt or moved key, which Helm ignores in silence (Traefik's chart moved service.type to
 * service.spec.type). Maps the chart takes free-form (an empty {} and no schema) are not descended
 * into, nor the paths in `verbatim`, which the chart renders whole into the object (toYaml).
 */
export function undeclaredValues(name: string, values: Record<string, unknown>, verbatim: string[] = []): string[] {
  const read = (file: string) => readFileSync(join(chartDir(name), file), "utf8");
  const schemaFile = JSON.parse(read("values.schema.json")) as Record<string, unknown>;
  const root: Declared = { defaults: parse(read("values.yaml")), schema: resolved(schemaFile, schemaFile) };
  const walk = (given: Record<string, unknown>, declared: Declared, prefix: string): string[] =>
    Object.entries(given).flatMap(([key, value]) => {
      const path = `${prefix}${key}`;
      const known = child(declared, key, schemaFile);
      if (!known) return [path];
      return isMap(value) && listsKeys(known) && !verbatim.includes(path) ? walk(value, known, `${path}.`) : [];
    });
  return walk(values, root, "");
}
