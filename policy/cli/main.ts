// lakehouse-contract lint [--format text|json|sarif] [--select <tag or policy>[,...]]
//   [--k8s-version 1.31] [--config <file>] <files, directories or - for standard input>...
// Exit codes: 0 no mandatory finding, 1 mandatory findings, 2 usage or read errors.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { kubernetesSemver } from "../lib/kubernetesVersion";
import { DEFAULT_KUBERNETES_VERSION } from "../lib/pulumi";
import { RULES } from "../policies";
import { type Levels, lint, selectRules } from "./engine";
import { type Report, toJson, toSarif, toText } from "./format";
import { manifestFiles, readManifests } from "./read";

const USAGE = "usage: lakehouse-contract lint [--format text|json|sarif] [--select <tag or policy>[,...]] [--k8s-version 1.31] [--config <file>] <files, directories or ->...";

const HELP = `${USAGE}
       lakehouse-contract --help | --version

Lints Kubernetes manifests (YAML or JSON, multi-document, Lists, directories read recursively;
- reads standard input) with the lakehouse contract's policies: the contract, the Pod Security
Standards (baseline and restricted) and best practices.

  --format      text (default), json, or sarif (for code scanning)
  --select      only these policies or tags (contract, pss-baseline, pss-restricted, best-practice)
  --k8s-version the Kubernetes version whose Pod Security rules apply (default ${DEFAULT_KUBERNETES_VERSION});
                without it, a Namespace's enforce-version label decides for its pods
  --config      a YAML file: policies (levels), kubernetesVersion, environment, edgeNamespaces

Exit codes: 0 no mandatory finding, 1 mandatory findings, 2 usage or read errors.`;

/** The pack's own version, from its package.json (one level up from cli/, two from dist/cli/). */
function packVersion(dir = __dirname): string {
  const file = join(dir, "package.json");
  if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  const parent = dirname(dir);
  if (parent === dir) return "unknown";
  return packVersion(parent);
}

/** Standard input, read whole: what "-" stands for. */
const readStandardInput = () => readFileSync(0, "utf8");

interface LintConfig {
  policies?: Levels;
  kubernetesVersion?: string;
  environment?: string;
  edgeNamespaces?: string[];
}

export function main(argv: string[], out: (text: string) => void = console.log, err: (text: string) => void = console.error, stdin: () => string = readStandardInput): number {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help" || (command === "lint" && (rest.includes("--help") || rest.includes("-h")))) {
    out(HELP);
    return 0;
  }
  if (command === "--version" || command === "-V") {
    out(`lakehouse-contract ${packVersion()}`);
    return 0;
  }
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

  const { files, errors } = manifestFiles(positionals.filter((path) => path !== "-"));
  if (positionals.includes("-")) files.push("-");
  const objects = files.flatMap((file) => {
    const read = file === "-" ? readManifests("<stdin>", stdin()) : readManifests(file);
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
