// npm run render -- --stack <stack> --out <dir> [--charts <dir>]
//
// Writes a stack's Kubernetes objects as plain YAML for GitOps (ArgoCD, Flux): one file per
// object, `<namespace or _cluster>/<kind>-<name>.yaml`, keys sorted, so a pull request shows the
// diff. The program runs through the real engine on a scratch stack with `lakehouse:render` set:
// no cluster is provisioned or contacted, generated names are fixed, and Secrets reach the writer
// without data (components/cluster/renderMode.ts). Secrets are then left out and listed in
// SECRETS.txt: Pulumi keeps generating and applying them. Exit codes: 0 written, 1 the program or
// engine failed, 2 usage.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { execFile } from "node:child_process";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { parseAllDocuments, parse as parseYaml, stringify } from "yaml";
import { receiverSecretsNeeded } from "../stacks/alertingChecks";
import { externalCredentials } from "../stacks/schema/services";
import { hasToolchainCli, PROGRAM_RUNTIME, REPO, TOOLCHAIN, toolchainEnv } from "./pulumiToolchain";
import { startDiscovery } from "./renderDiscovery";

const USAGE = "usage: npm run render -- --stack <dev|staging|prod|...> --out <dir> [--from-state] [--charts <dir>] [--project-dir <dir>]";
const MARKER = ".lakehouse-render";

interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

/** The stack file's config with the render directory (and a chart directory, if given) set. */
function renderConfig(stack: string, projectDir: string, objectsDir: string, charts: string | undefined): { config: Record<string, unknown>; kubernetesVersion: string } {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new UsageError(`--stack ${stack}: no ${relative(process.cwd(), file)}; accepted: a stack with a Pulumi.<stack>.yaml in the repository`);
  const config = ((parseYaml(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {}) as Record<string, unknown>;
  const rendered: Record<string, unknown> = { ...config, "lakehouse:render": { directory: objectsDir } };
  if (charts) rendered["lakehouse:charts"] = { ...((config["lakehouse:charts"] as object | undefined) ?? {}), directory: resolve(charts) };
  const kubernetesVersion = (config["lakehouse:cluster"] as { kubernetesVersion?: unknown } | undefined)?.kubernetesVersion;
  if (typeof kubernetesVersion !== "string") throw new UsageError(`--stack ${stack}: lakehouse:cluster.kubernetesVersion is not set in its stack file; the charts are templated for that version`);
  return { config: rendered, kubernetesVersion };
}

class UsageError extends Error {}

// External services' credentials are the operator's, encrypted under the stack's own secrets
// provider, which a scratch stack cannot read. They feed only Secrets, which a render never writes,
// so the scratch stack gets stand-ins for those the stack file's external services need.
const STAND_IN = "render-stand-in";
// A URL stand-in must still parse as one (the schema checks it).
const standInFor = (key: string) => (key.endsWith(".url") ? `https://${STAND_IN}.invalid/` : STAND_IN);
function standInCredentials(config: Record<string, unknown>): string[] {
  const services = (config["lakehouse:services"] ?? {}) as Record<string, { mode?: string; alerting?: { receivers?: unknown } } | undefined>;
  const given = (config["lakehouse:externalCredentials"] ?? {}) as Record<string, unknown>;
  const { alertReceivers: _receivers, ...perService } = externalCredentials.shape;
  const serviceKeys = Object.entries(perService).flatMap(([service, schema]) =>
    services[service]?.mode === "external" && given[service] === undefined ? Object.keys(schema.unwrap().shape).map((field) => `lakehouse:externalCredentials.${service}.${field}`) : [],
  );
  // Alert receivers' URLs and passwords only feed Alertmanager's Secret.
  const receiverKeys = receiverSecretsNeeded(services.prometheus?.alerting?.receivers).map(({ receiver, field }) => `lakehouse:externalCredentials.alertReceivers.${receiver}.${field}`);
  return [...serviceKeys, ...receiverKeys];
}

interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  deletedWith?: string;
}
interface Deployment {
  deployment: { resources?: StateResource[]; pending_operations?: unknown };
}

// What the scratch stack takes over from the deployed stack: the generated values (random
// resources and their provider) and the components that parent them. Nothing with a real provider
// comes along: the scratch stack would delete it (a kind cluster, a cloud's resources) on its up.
const generatedOnly = (resource: StateResource) => !resource.custom || resource.type.startsWith("random:") || resource.type === "pulumi:providers:random";

/** Runs pulumi with `input` on standard input; resolves to its standard output. */
function pulumiCli(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = execFile("pulumi", [...args, "--non-interactive"], { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? fail(new Error(`pulumi ${args.slice(0, 2).join(" ")}: ${stderr.trim().split("\n").slice(-3).join(" ")}`)) : done(stdout),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The deployed stack's generated values, read from its backend, in a deployment the scratch stack
 * can import. Secrets stay encrypted, under the deployed stack's own secrets provider, which the
 * import decrypts with (a plain-text export would not import: the CLI panics re-encrypting it).
 */
async function generatedState(stack: string, projectDir: string, backend: string | undefined, extra: NodeJS.ProcessEnv): Promise<string> {
  const env = { ...process.env, ...extra, PULUMI_SKIP_UPDATE_CHECK: "true", ...toolchainEnv(), ...(backend ? { PULUMI_BACKEND_URL: backend } : {}) };
  if (!env.PULUMI_BACKEND_URL) throw new UsageError(`--from-state: lakehouse:delivery.backend is not set for ${stack} and neither is $PULUMI_BACKEND_URL; accepted: the deployed stack's backend URL`);
  const exported = JSON.parse(await pulumiCli(["stack", "export", "--stack", stack], projectDir, env)) as Deployment;
  const { pending_operations: _pending, ...rest } = exported.deployment;
  const kept = (exported.deployment.resources ?? []).filter(generatedOnly);
  const urns = new Set(kept.map((resource) => resource.urn));
  // References to what was left out go too (a component that depends on a Secret, say).
  const resources = kept.map(({ dependencies, propertyDependencies, deletedWith, ...resource }) => ({
    ...resource,
    dependencies: (dependencies ?? []).filter((urn) => urns.has(urn)),
    propertyDependencies: Object.fromEntries(Object.entries(propertyDependencies ?? {}).map(([key, deps]) => [key, deps.filter((urn) => urns.has(urn))])),
    ...(deletedWith && urns.has(deletedWith) ? { deletedWith } : {}),
  }));
  return JSON.stringify({ ...exported, deployment: { ...rest, resources } });
}

/** Every YAML file the provider wrote, recursively. */
function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? yamlFiles(path) : entry.endsWith(".yaml") ? [path] : [];
    })
    .sort();
}

/** Objects as GitOps should see them: without the label that says Pulumi applied them. */
function forGitOps(object: KubeObject): KubeObject {
  const labels = object.metadata?.labels;
  if (labels?.["app.kubernetes.io/managed-by"] !== "pulumi") return object;
  const { ["app.kubernetes.io/managed-by"]: _pulumi, ...rest } = labels;
  return { ...object, metadata: { ...object.metadata, ...(Object.keys(rest).length ? { labels: rest } : { labels: undefined }) } };
}

// Characters a file name cannot carry everywhere (a ClusterRole may be named "a:b").
const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, "_");
const fileNameOf = (object: KubeObject) => `${safe(object.metadata?.namespace ?? "_cluster")}/${safe((object.kind ?? "Object").toLowerCase())}-${safe(object.metadata?.name ?? "unnamed")}.yaml`;

/** Moves the provider's files into the stable layout; returns the Secrets left out. */
function writeObjects(objectsDir: string, out: string): { written: number; secrets: string[] } {
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER))) {
    throw new UsageError(`--out ${out}: the directory has files npm run render did not write; accepted: an empty or new directory, or an earlier render's`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), "Written by npm run render; rewritten whole on each render.\n");
  const secrets: string[] = [];
  let written = 0;
  for (const file of yamlFiles(objectsDir)) {
    for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
      const object = document.toJS() as KubeObject | null;
      if (!object?.kind) continue;
      if (object.kind === "Secret") {
        secrets.push(`${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`);
        continue;
      }
      const path = join(out, fileNameOf(object));
      if (existsSync(path)) throw new Error(`two objects render to ${relative(out, path)}`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, stringify(forGitOps(object), { sortMapEntries: true, lineWidth: 0 }));
      written += 1;
    }
  }
  secrets.sort();
  writeFileSync(
    join(out, "SECRETS.txt"),
    [
      "# Secrets this stack needs, left out of the render: Pulumi generates them (@pulumi/random)",
      "# and applies them with `pulumi up`; a GitOps tool must not own them. namespace/name:",
      ...secrets,
      "",
    ].join("\n"),
  );
  return { written, secrets };
}

export interface RenderOptions {
  stack: string;
  out: string;
  /** A chart directory, for machines with no route to the charts' repositories. */
  charts?: string;
  /** Where Pulumi.<stack>.yaml is, and the project the deployed stack belongs to. */
  projectDir?: string;
  /**
   * Take the generated values (passwords, keys, Garage's node ids) from the deployed stack's state
   * ($PULUMI_BACKEND_URL, or lakehouse:delivery.backend), so objects that carry one match what
   * Pulumi applied. Without it the values are new, and change on every render.
   */
  fromState?: boolean;
  /** Extra environment for reading the deployed stack (its passphrase, say); the process's by default. */
  stateEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export async function render(options: RenderOptions): Promise<{ written: number; secrets: string[] }> {
  const { stack, out, charts, fromState = false, log = console.log } = options;
  const projectDir = options.projectDir ?? REPO;
  const scratch = mkdtempSync(join(tmpdir(), "lakehouse-render-"));
  let discovery: Awaited<ReturnType<typeof startDiscovery>> | undefined;
  try {
    const objectsDir = join(scratch, "objects");
    const workDir = join(scratch, "work");
    mkdirSync(join(scratch, "state"));
    mkdirSync(workDir);
    const { config, kubernetesVersion } = renderConfig(stack, projectDir, objectsDir, charts);
    const delivery = config["lakehouse:delivery"] as { backend?: string } | undefined;
    const state = fromState ? await generatedState(stack, projectDir, delivery?.backend, options.stateEnv ?? {}) : undefined;
    writeFileSync(join(workDir, `Pulumi.${stack}.yaml`), stringify({ config }));
    // Charts are templated for the version and API groups discovery reports: the stack's.
    discovery = await startDiscovery(kubernetesVersion);
    writeFileSync(join(scratch, "kubeconfig"), discovery.kubeconfig);
    // Dynamic providers resolve @pulumi/pulumi from the project directory.
    symlinkSync(join(REPO, "node_modules"), join(workDir, "node_modules"));
    const env: NodeJS.ProcessEnv = {
      ...toolchainEnv(),
      PULUMI_BACKEND_URL: `file://${join(scratch, "state")}`,
      // The scratch state (random values included) is encrypted with a key that dies with it;
      // with --from-state and a passphrase-protected stack, with that stack's passphrase, which
      // the import needs to decrypt the state it takes over.
      PULUMI_CONFIG_PASSPHRASE: (fromState && (options.stateEnv?.PULUMI_CONFIG_PASSPHRASE ?? process.env.PULUMI_CONFIG_PASSPHRASE)) || randomBytes(24).toString("hex"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      KUBECONFIG: join(scratch, "kubeconfig"),
    };
    const workspace = await LocalWorkspace.createOrSelectStack(
      { stackName: stack, workDir },
      {
        pulumiCommand: hasToolchainCli() ? await PulumiCommand.get({ root: TOOLCHAIN, skipVersionCheck: true }) : await PulumiCommand.get({ skipVersionCheck: true }),
        envVars: env as Record<string, string>,
        ...(env.PULUMI_HOME ? { pulumiHome: env.PULUMI_HOME } : {}),
        projectSettings: { name: "lakehouse", runtime: PROGRAM_RUNTIME, main: REPO, backend: { url: env.PULUMI_BACKEND_URL } },
      },
    );
    for (const key of standInCredentials(config)) await workspace.setConfig(key, { value: standInFor(key), secret: true }, true);
    if (state) await pulumiCli(["stack", "import", "--stack", stack], workDir, { ...process.env, ...env }, state);
    const started = Date.now();
    const result = await workspace.up({ color: "never", suppressProgress: true });
    log(
      `render ${stack}: ${result.summary.resourceChanges?.create ?? 0} resources created through the engine${state ? " (generated values from the deployed stack)" : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const written = writeObjects(objectsDir, out);
    log(`render ${stack}: ${written.written} objects in ${out}; ${written.secrets.length} Secrets left out (listed in SECRETS.txt)`);
    return written;
  } finally {
    await discovery?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: "string" },
        out: { type: "string" },
        charts: { type: "string" },
        "project-dir": { type: "string" },
        "from-state": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.stack || !values.out) {
    console.error(`--stack and --out are required\n${USAGE}`);
    return 2;
  }
  try {
    await render({
      stack: values.stack,
      out: resolve(values.out),
      charts: values.charts,
      projectDir: values["project-dir"] ? resolve(values["project-dir"]) : undefined,
      fromState: values["from-state"],
    });
    return 0;
  } catch (error) {
    console.error(`render: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main().then((code) => (process.exitCode = code));
}
