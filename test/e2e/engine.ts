// The real engine for the e2e suite: the Pulumi CLI and plugins built by scripts/toolchain,
// a file:// backend in a temporary directory, and the program of this repository.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type OpMap, type Stack } from "@pulumi/pulumi/automation";
import { HOST_RUNTIME_OPTIONS, PROGRAM_RUNTIME, REPO, TOOLCHAIN } from "../../scripts/pulumiToolchain";

export { REPO, TOOLCHAIN };
const STACK_FILES = join(REPO, "test", "e2e");
export const CLUSTER_DIR = process.env.LAKEHOUSE_CLUSTER_DIR ?? join(homedir(), ".cache/lakehouse-cluster");
export const KUBECONFIG = join(CLUSTER_DIR, "kubeconfig");

/** A scratch area per suite run: backend state, the workspace, the fake kind's state. */
export function scratch(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-e2e-"));
  mkdirSync(join(dir, "state"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of every engine run: offline, local state, the local cluster's kubeconfig. */
export function engineEnv(scratchDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${join(TOOLCHAIN, "bin")}:${process.env.PATH}`,
    PULUMI_HOME: join(TOOLCHAIN, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${join(scratchDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "lakehouse-e2e-only",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    KUBECONFIG,
    ...HOST_RUNTIME_OPTIONS,
    // The engine's resource parallelism (the CLI's default: 4 per CPU), when the caller sets one.
    ...(process.env.PULUMI_PARALLEL ? { PULUMI_PARALLEL: process.env.PULUMI_PARALLEL } : {}),
    ...extra,
  };
}

/**
 * A stack of this repository's program, defined by one of the stack files beside this module
 * (or in `stackFiles`, e.g. the repository's own Pulumi.local.yaml).
 * The workspace lives in scratch space (so no Pulumi.<stack>.yaml lands in the repository); its
 * Pulumi.yaml points `main` back at the repository.
 */
/** `program`: another checkout of the program (the upgrade test's previous release), with its own node_modules. */
export async function openStack(stackName: string, scratchDir: string, env: Record<string, string>, stackFiles = STACK_FILES, program = REPO): Promise<Stack> {
  const workDir = mkdtempSync(join(scratchDir, `${stackName}-`));
  copyFileSync(join(stackFiles, `Pulumi.${stackName}.yaml`), join(workDir, `Pulumi.${stackName}.yaml`));
  // Plugins that run Node (dynamic providers) resolve @pulumi/pulumi from the project directory.
  symlinkSync(join(program, "node_modules"), join(workDir, "node_modules"));
  return LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    {
      // The CLI built by scripts/toolchain, never one that happens to be on PATH.
      pulumiCommand: await PulumiCommand.get({ root: TOOLCHAIN, skipVersionCheck: true }),
      envVars: env,
      pulumiHome: env.PULUMI_HOME,
      projectSettings: { name: "lakehouse", runtime: PROGRAM_RUNTIME, main: program, backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
}

/** A stack of a small inline program (run in this process), e.g. one that breaks a policy. */
export async function openInlineStack(stackName: string, program: () => Promise<Record<string, unknown> | void>, scratchDir: string, env: Record<string, string>): Promise<Stack> {
  const workDir = mkdtempSync(join(scratchDir, `${stackName}-`));
  return LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "lakehouse-policy-probe", program },
    {
      workDir,
      pulumiCommand: await PulumiCommand.get({ root: TOOLCHAIN, skipVersionCheck: true }),
      envVars: env,
      pulumiHome: env.PULUMI_HOME,
      projectSettings: { name: "lakehouse-policy-probe", runtime: "nodejs", backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
}

/** Runs one engine step, printing its wall time and the engine's resource summary. */
export async function step<T extends { summary?: { resourceChanges?: OpMap }; changeSummary?: OpMap }>(title: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  const changes = result.summary?.resourceChanges ?? result.changeSummary ?? {};
  const counts = Object.entries(changes)
    .map(([op, count]) => `${op} ${count}`)
    .join(", ");
  console.log(`[e2e] ${title}: ${((Date.now() - started) / 1000).toFixed(1)} s; ${counts || "no changes"}`);
  return result;
}

const execFileAsync = promisify(execFile);

/** kubectl against the local cluster, parsed from JSON. */
export async function kubectl(args: string[]): Promise<any> {
  const { stdout } = await execFileAsync(join(TOOLCHAIN, "bin", "kubectl"), ["--kubeconfig", KUBECONFIG, ...args, "--output", "json"], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}
