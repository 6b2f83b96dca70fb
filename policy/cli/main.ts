// lakehouse-contract lint [--format text|json|sarif] [--select <tag or policy>[,...]]
//   [--k8s-version 1.31] [--config <file>] <files or directories>...
// Exit codes: 0 no mandatory finding, 1 mandatory findings, 2 usage or read errors.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { kubernetesSemver } from "../lib/kubernetesVersion";
import { DEFAULT_KUBERNETES_VERSION } from "../lib/pulumi";
import { RULES } from "../policies";
import { type Levels, lint, selectRules } from "./engine";
import { type Report, toJson, toSarif, toText } from "./format";
import { manifestFiles, readManifests } from "./read";

const USAGE = "usage: lakehouse-contract lint [--format text|json|sarif] [--select <tag or policy>[,...]] [--k8s-version 1.31] [--config <file>] <files or directories>...";

interface LintConfig {
  policies?: Levels;
  kubernetesVersion?: string;
  environment?: string;
  edgeNamespaces?: string[];
}

export function main(argv: string[], out: (text: string) => void = console.log, err: (text: string) => void = console.error): number {
  const [command, ...rest] = argv;
  if (command !== "lint") {
    err(USAGE);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { format: { type: "string", default: "text" }, select: { type: "string" }, "k8s-version": { type: "string" }, config: { type: "string" } },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) {
    err(`--format ${format}: accepted are text, json, sarif\n${USAGE}`);
    return 2;
  }
  if (positionals.length === 0) {
    err(`no files or directories given\n${USAGE}`);
    return 2;
  }
  let config: LintConfig = {};
  if (values.config) {
    try {
      config = (parse(readFileSync(values.config, "utf8")) ?? {}) as LintConfig;
    } catch (error) {
      err(`--config ${values.config}: ${(error as Error).message.split("\n")[0]}`);
      return 2;
    }
  }
  // A version given here or in the config is explicit: it also overrides the Namespaces' labels.
  const explicitVersion = values["k8s-version"] ?? config.kubernetesVersion;
  const kubernetesVersion = explicitVersion ?? DEFAULT_KUBERNETES_VERSION;
  if (!kubernetesSemver(kubernetesVersion)) {
    err(`--k8s-version ${kubernetesVersion}: accepted is a version such as 1.31`);
    return 2;
  }
  const select = (values.select ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const rules = selectRules(RULES, select);
  if (select.length && rules.length === 0) {
    err(`--select ${values.select}: no policy has that name or tag (tags: contract, pss-baseline, pss-restricted, best-practice)`);
    return 2;
  }

  const { files, errors } = manifestFiles(positionals);
  const objects = files.flatMap((file) => {
    const read = readManifests(file);
    errors.push(...read.errors);
    return read.objects;
  });
  const { findings, exemptions } = lint(
    objects,
    rules,
    { kubernetesVersion, podSecurityVersion: explicitVersion, environment: config.environment, edgeNamespaces: config.edgeNamespaces ?? ["lakehouse-edge"] },
    config.policies,
  );
  const report: Report = { findings, exemptions, errors, objects: objects.length, files: files.length };
  out(format === "json" ? toJson(report) : format === "sarif" ? toSarif(report, rules) : toText(report));
  if (errors.length) return 2;
  return findings.some((f) => f.enforcementLevel === "mandatory") ? 1 : 0;
}
