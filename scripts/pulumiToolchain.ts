// Where the scripts that drive the Pulumi CLI (render, the ci:* steps) find the repository and
// the CLI: the toolchain this machine built (scripts/toolchain), or else the one on PATH, as on a
// GitHub runner after pulumi/actions.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** The repository root: the nearest directory up from here with a Pulumi.yaml (also from .build/). */
function findRepo(dir: string): string {
  if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error("no Pulumi.yaml above scripts/");
  return findRepo(parent);
}

export const REPO = findRepo(__dirname);
export const TOOLCHAIN = process.env.LAKEHOUSE_TOOLCHAIN_DIR ?? join(homedir(), ".cache/lakehouse-toolchain");

/**
 * How the engine runs the program, as Pulumi.yaml says, for workspaces made elsewhere (render's,
 * the e2e suite's): TypeScript transpiled at start without a second type check (npm test does it).
 * The tsconfig path is absolute: such a workspace's Pulumi.yaml is not in the repository.
 */
export const PROGRAM_RUNTIME = { name: "nodejs", options: { typescript: true, tsconfig: join(REPO, "scripts", "tsconfig.pulumi.json") } };

/**
 * What a current Node.js language host sets from Pulumi.yaml's runtime option `tsconfig`. The
 * host built here (sdk 3.68, the last the Go module proxy serves) reads runtime options only as
 * command-line flags, which today's engines no longer pass (they send them in RunRequest.info),
 * so with the toolchain's CLI the option arrives this way instead.
 */
export const HOST_RUNTIME_OPTIONS = { PULUMI_NODEJS_TSCONFIG_PATH: PROGRAM_RUNTIME.options.tsconfig };

/** Whether this machine built the CLI into the toolchain cache. */
export const hasToolchainCli = () => existsSync(join(TOOLCHAIN, "bin", "pulumi"));

/** The toolchain's CLI and plugins when this machine built them (no plugin downloads); else nothing to add. */
export function toolchainEnv(): NodeJS.ProcessEnv {
  if (!hasToolchainCli()) return {};
  return {
    PATH: `${join(TOOLCHAIN, "bin")}:${process.env.PATH}`,
    PULUMI_HOME: process.env.PULUMI_HOME ?? join(TOOLCHAIN, "pulumi-home"),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...HOST_RUNTIME_OPTIONS,
  };
}
