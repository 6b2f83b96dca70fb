// The Pulumi steps the workflows run (.github/workflows), one npm script each, so a workflow calls
// nothing the test suite does not also run:
//
//   npm run ci:identity -- --stack <s>   the stack's backend and OIDC identity, as step outputs
//   npm run ci:preview  -- --stack <s>   preview with the policy pack; writes the PR comment
//   npm run ci:deploy   -- --stack <s>   refresh, then up with the policy pack
//   npm run ci:drift    -- --stack <s>   refresh, then preview --expect-no-changes; writes a report
//
// Options: --project-dir <dir> (default: the repository; the e2e suite points it at its scratch
// project), --out <dir> (reports, default .ci-out). The backend and secrets provider come from
// lakehouse:delivery in Pulumi.<stack>.yaml, or from $PULUMI_BACKEND_URL when the stack names
// none. Exit codes: pulumi's own (a mandatory policy violation or drift fails), 2 for usage.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { type DeliveryConfig, delivery as deliverySchema } from "../../stacks/schema/delivery";
import { REPO, toolchainEnv } from "../pulumiToolchain";

const COMMANDS = ["identity", "preview", "deploy", "drift"] as const;
type Command = (typeof COMMANDS)[number];
const USAGE = `usage: ci <${COMMANDS.join("|")}> --stack <stack> [--project-dir <dir>] [--out <dir>]`;
// GitHub refuses a comment over 65,536 characters; the output is cut in the middle past this.
const COMMENT_BUDGET = 60_000;

class UsageError extends Error {}

/** lakehouse:delivery of the stack file, validated; undefined when the stack names none. */
export function deliveryOf(projectDir: string, stack: string): DeliveryConfig | undefined {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new UsageError(`--stack ${stack}: no Pulumi.${stack}.yaml in ${projectDir}`);
  const raw = (parseYaml(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config?.["lakehouse:delivery"];
  if (raw === undefined) return undefined;
  const parsed = deliverySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `lakehouse:delivery.${issue.path.join(".")}: ${issue.message}`);
    throw new UsageError(`Pulumi.${stack}.yaml: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** What the workflow's OIDC steps read: which clouds to federate to, and with what. */
export function identityOutputs(delivery: DeliveryConfig | undefined): Record<string, string> {
  const oidc = delivery?.oidc;
  return {
    aws: oidc?.aws ? "true" : "false",
    aws_role_arn: oidc?.aws?.roleArn ?? "",
    aws_region: oidc?.aws?.region ?? "",
    gcp: oidc?.gcp ? "true" : "false",
    gcp_workload_identity_provider: oidc?.gcp?.workloadIdentityProvider ?? "",
    gcp_service_account: oidc?.gcp?.serviceAccount ?? "",
    azure: oidc?.azure ? "true" : "false",
    azure_client_id: oidc?.azure?.clientId ?? "",
    azure_tenant_id: oidc?.azure?.tenantId ?? "",
    azure_subscription_id: oidc?.azure?.subscriptionId ?? "",
  };
}

/** The PR comment for one stack's preview: the verdict, the policy findings, then the output. */
export function previewComment(stack: string, exitCode: number, output: string): string {
  const findings = output.split("\n").filter((line) => /\[(mandatory|advisory)\]/.test(line));
  const verdict = exitCode === 0 ? "passed" : findings.some((line) => line.includes("[mandatory]")) ? "failed: mandatory policy violations" : `failed (exit ${exitCode})`;
  const body = output.length > COMMENT_BUDGET ? `${output.slice(0, COMMENT_BUDGET / 2)}\n… (cut) …\n${output.slice(-COMMENT_BUDGET / 2)}` : output;
  return [
    `<!-- lakehouse-preview:${stack} -->`,
    `### \`pulumi preview\` of stack \`${stack}\`: ${verdict}`,
    "",
    ...(findings.length ? ["Policy findings:", "", ...findings.map((line) => `- \`${line.trim()}\``), ""] : []),
    "<details><summary>Output</summary>",
    "",
    "```",
    body.replace(/```/g, "ʼʼʼ"),
    "```",
    "</details>",
    "",
  ].join("\n");
}

interface Run {
  code: number;
  output: string;
}

/** A passphrase for the stack's secrets: the operator's, or, for state thrown away with the runner, a random one. */
function passphraseEnv(delivery: DeliveryConfig | undefined, backend: string): NodeJS.ProcessEnv {
  if (delivery?.secretsProvider !== "passphrase" || process.env.PULUMI_CONFIG_PASSPHRASE) return {};
  if (!backend.startsWith("file://")) {
    throw new UsageError(
      "lakehouse:delivery.secretsProvider: passphrase with a shared backend needs $PULUMI_CONFIG_PASSPHRASE; accepted without it: a KMS provider (awskms://, gcpkms://, azurekeyvault://, hashivault://)",
    );
  }
  return { PULUMI_CONFIG_PASSPHRASE: randomBytes(24).toString("hex") };
}

/** The CLI from the toolchain when this machine built one, else the one on PATH (a GitHub runner's). */
function pulumiEnv(backend: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, PULUMI_BACKEND_URL: backend, PULUMI_SKIP_UPDATE_CHECK: "true", ...toolchainEnv() };
}

/** Runs pulumi, streaming its output and keeping it. */
function pulumi(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

async function runCommand(command: Command, stack: string, projectDir: string, out: string): Promise<number> {
  const delivery = deliveryOf(projectDir, stack);
  if (command === "identity") {
    const outputs = identityOutputs(delivery);
    const lines = Object.entries(outputs).map(([key, value]) => `${key}=${value}`);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join("\n")}\n`);
    console.log(lines.join("\n"));
    return 0;
  }
  const backend = delivery?.backend ?? process.env.PULUMI_BACKEND_URL;
  if (!backend)
    throw new UsageError(`Pulumi.${stack}.yaml: lakehouse:delivery.backend is not set and neither is $PULUMI_BACKEND_URL; accepted: a Pulumi backend URL (s3://, gs://, azblob://, file://)`);
  const env = pulumiEnv(backend, passphraseEnv(delivery, backend));
  const policyPack = join(REPO, "policy");
  const select = ["stack", "select", "--stack", stack, ...(command === "drift" ? [] : ["--create"]), ...(delivery?.secretsProvider ? ["--secrets-provider", delivery.secretsProvider] : [])];
  const selected = await pulumi(select, projectDir, env);
  if (selected.code !== 0) return selected.code;
  mkdirSync(out, { recursive: true });

  if (command === "preview") {
    const preview = await pulumi(["preview", "--stack", stack, "--policy-pack", policyPack, "--diff", "--suppress-progress"], projectDir, env);
    writeFileSync(join(out, `preview-${stack}.md`), previewComment(stack, preview.code, preview.output));
    return preview.code;
  }
  const refresh = await pulumi(["refresh", "--stack", stack, "--yes", "--skip-preview", "--suppress-progress"], projectDir, env);
  if (refresh.code !== 0) return refresh.code;
  if (command === "deploy") {
    return (await pulumi(["up", "--stack", stack, "--yes", "--skip-preview", "--policy-pack", policyPack, "--suppress-progress"], projectDir, env)).code;
  }
  const drift = await pulumi(["preview", "--stack", stack, "--expect-no-changes", "--diff", "--suppress-progress"], projectDir, env);
  const report =
    drift.code === 0
      ? `No drift in stack \`${stack}\`.\n`
      : `Stack \`${stack}\` has drifted from the program (or the check failed, exit ${drift.code}).\n\n\`\`\`\n${drift.output.slice(-COMMENT_BUDGET)}\n\`\`\`\n`;
  writeFileSync(join(out, `drift-${stack}.md`), report);
  return drift.code;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    console.error(`${command ?? "(none)"}: accepted commands are ${COMMANDS.join(", ")}\n${USAGE}`);
    return 2;
  }
  try {
    const { values } = parseArgs({ args: rest, options: { stack: { type: "string" }, "project-dir": { type: "string" }, out: { type: "string" } } });
    if (!values.stack) throw new UsageError(`--stack is required\n${USAGE}`);
    return await runCommand(command as Command, values.stack, resolve(values["project-dir"] ?? REPO), resolve(values.out ?? join(REPO, ".ci-out")));
  } catch (error) {
    console.error(`ci ${command}: ${(error as Error).message}`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
