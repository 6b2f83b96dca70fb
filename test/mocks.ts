// Runs the whole program under pulumi.runtime.setMocks and records what it registers.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_BCRYPT_HASH } from "./support/components";
import { isSecretValue } from "./secretWire";
import { engineConfig, secretKeysOf, stackFileConfig } from "./stackFiles";

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
}

export interface ProgramRun {
  resources: Registered[];
  outputs: Record<string, unknown>;
  /** For each Kubernetes Secret: whether every payload value reached the engine as a secret. */
  secrets: Array<{ name: string; payloadIsSecret: boolean; additionalSecretOutputs: string[] }>;
  /** Generated credential values found in plain text in some resource's inputs (should be none). */
  leaks: Array<{ resource: string; path: string }>;
}

const FAKE_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";

/** Outputs the real providers would compute, for the few the program reads back. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (type) {
    case "pulumi-nodejs:dynamic:Resource":
      return { ...inputs, kubeconfig: FAKE_KUBECONFIG };
    case "eks:index:Cluster":
      return { ...inputs, kubeconfigJson: JSON.stringify({ apiVersion: "v1", kind: "Config" }), eksCluster: { name: inputs.name } };
    case "gcp:container/cluster:Cluster":
      return { ...inputs, endpoint: `${name}.gke.example.internal`, masterAuth: { clusterCaCertificate: "Q0EK" } };
    case "azure-native:containerservice:ManagedCluster":
      return { ...inputs, name: inputs.resourceName };
    case "random:index/randomPassword:RandomPassword":
      return { ...inputs, result: `generated-${name}`, bcryptHash: MOCK_BCRYPT_HASH };
    case "random:index/randomBytes:RandomBytes":
      return { ...inputs, base64: "c2VjcmV0K2J5dGVzLw==" };
    default:
      return inputs;
  }
}

/** Runs index.ts for a stack's config (keys as in Pulumi.<stack>.yaml) and waits for every output. */
export async function runProgram(stack: string, config: Record<string, unknown>): Promise<ProgramRun> {
  const resources: Registered[] = [];
  const secrets: ProgramRun["secrets"] = [];
  pulumi.runtime.setAllConfig(engineConfig(config), secretKeysOf(config));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        return { id: `${args.name}-id`, state: computedState(args.type, args.name, args.inputs) };
      },
      call: (args) => {
        if (args.token === "azure-native:containerservice:listManagedClusterUserCredentials") {
          return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(FAKE_KUBECONFIG).toString("base64") }] };
        }
        return args.inputs;
      },
    },
    "lakehouse",
    stack,
    false,
  );
  const leaks: ProgramRun["leaks"] = [];
  inspectRegistrations((type, name, object, additionalSecretOutputs) => {
    if (type === "kubernetes:core/v1:Secret") {
      const payload = object.stringData ?? object.data;
      const payloadIsSecret = isSecretValue(payload) || (payload !== undefined && Object.values(payload).every((value) => isSecretValue(value) || isFixedValue(value)));
      secrets.push({ name, payloadIsSecret, additionalSecretOutputs });
    }
    leaks.push(...plainCredentials(object).map((path) => ({ resource: `${type}::${name}`, path })));
  });
  let program: Record<string, unknown> = {};
  jest.isolateModules(() => {
    program = require("../index");
  });
  const outputs = await resolveAll(program);
  // Components register their outputs after the stack's outputs resolve; let every call land
  // before the next run swaps the mock monitor.
  await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return { resources, outputs, secrets, leaks };
}

const ROOT = join(__dirname, "..");
/** What a render depends on: the program's sources and this harness. */
const SOURCES = ["index.ts", "components", "stacks", "policy/lib", "test/mocks.ts", "test/secretWire.ts", "test/stackFiles.ts", "test/support/components.ts", "package-lock.json"];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(path, entry.name)) : entry.name.endsWith(".ts") ? [join(full, entry.name)] : []));
}

/**
 * The run of a stack file, as runProgram returns it, rendered once per source tree and shared by
 * every test file that only reads it (the program's files and the stack file are in the key, so a
 * change renders again). Tests of what loading the program does (lazy SDKs) use runProgram.
 */
export async function renderedStack(stack: string): Promise<ProgramRun> {
  const config = stackFileConfig(stack);
  const hash = createHash("sha256").update(stack).update(JSON.stringify(config));
  for (const file of SOURCES.flatMap(sourceFiles).sort()) hash.update(file).update(readFileSync(file));
  const dir = join(tmpdir(), "lakehouse-test-renders");
  const file = join(dir, `${stack}-${hash.digest("hex").slice(0, 24)}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ProgramRun;
  } catch {
    const run = await runProgram(stack, config);
    mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a parallel worker reads a complete file or none.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(run));
    renameSync(partial, file);
    return JSON.parse(JSON.stringify(run)) as ProgramRun;
  }
}

/** Whether a string carries a mock-generated credential: a password, random bytes, or a password's hash. */
export const carriesCredential = (text: string) => text.includes("generated-") || text.includes("c2VjcmV0") || text.includes(MOCK_BCRYPT_HASH.slice("$2a$".length));

/** Non-secret constants a Secret may hold next to generated values (user names). */
const isFixedValue = (value: unknown) => typeof value === "string" && !carriesCredential(value);

/** Paths where a mock-generated credential appears outside a secret wrapper. */
function plainCredentials(node: any, path = ""): string[] {
  if (isSecretValue(node)) return [];
  if (typeof node === "string") return carriesCredential(node) ? [path] : [];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => plainCredentials(value, `${path}.${key}`));
}

/** Looks at each registration as the engine receives it, before the mock monitor unwraps secrets. */
function inspectRegistrations(inspect: (type: string, name: string, object: Record<string, any>, additionalSecretOutputs: string[]) => void): void {
  const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: unknown) => {
    inspect(req.getType(), req.getName(), req.getObject().toJavaScript(), req.getAdditionalsecretoutputsList());
    return register(req, callback);
  };
}

async function resolveAll(exports: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(exports).map(([key, value]) => new Promise<[string, unknown]>((resolve) => (pulumi.output(value) as pulumi.Output<unknown>).apply((resolved) => resolve([key, resolved])))),
  );
  return Object.fromEntries(entries);
}

export const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);
