// A dynamic provider that drives the kind CLI: there is no @pulumi/kind. `read` asks kind which
// clusters exist, so `pulumi refresh` notices a cluster deleted by hand. The binary is `kind` on
// PATH, or $KIND. Only Node built-ins are used here: the engine serializes these functions.
import * as pulumi from "@pulumi/pulumi";

export interface KindClusterInputs {
  name: string;
  /** The rendered kind configuration (see kindConfig.ts). */
  config: object;
  /** How long `kind create` waits for the control plane, e.g. "5m". */
  wait: string;
}

export interface KindClusterOutputs extends KindClusterInputs {
  kubeconfig: string;
}

/** Runs the kind CLI and returns its standard output; a failure carries kind's own message. */
async function runKind(args: string[]): Promise<string> {
  const { execFile } = await import("node:child_process");
  const kind = process.env.KIND || "kind";
  return new Promise<string>((resolve, reject) =>
    execFile(kind, args, { env: process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${kind} ${args.join(" ")} failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

export const kindProvider: pulumi.dynamic.ResourceProvider<KindClusterInputs, KindClusterOutputs> = {
  async create(inputs) {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "lakehouse-kind-"));
    try {
      const configFile = join(dir, "kind.json");
      await writeFile(configFile, JSON.stringify(inputs.config));
      // The kubeconfig goes to a scratch file: the user's ~/.kube/config is left alone.
      await runKind(["create", "cluster", "--name", inputs.name, "--config", configFile, "--wait", inputs.wait, "--kubeconfig", join(dir, "kubeconfig")]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const kubeconfig = await runKind(["get", "kubeconfig", "--name", inputs.name]);
    return { id: inputs.name, outs: { ...inputs, kubeconfig } };
  },

  async read(id, props) {
    const clusters = (await runKind(["get", "clusters"])).split("\n").map((line) => line.trim());
    if (!clusters.includes(id)) return {}; // gone: refresh drops it from state
    // The API server's host port can change when Docker restarts: read the kubeconfig afresh.
    const kubeconfig = await runKind(["get", "kubeconfig", "--name", id]);
    return { id, props: { ...(props as KindClusterOutputs), kubeconfig } };
  },

  async diff(_id, olds, news) {
    const replaces = (["name", "config"] as const).filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    const changes = replaces.length > 0 || olds.wait !== news.wait;
    // A kind cluster cannot be changed in place, and its name is fixed: delete, then create.
    return { changes, replaces, deleteBeforeReplace: true };
  },

  async update(_id, olds, news) {
    return { outs: { ...olds, wait: news.wait } };
  },

  async delete(id) {
    await runKind(["delete", "cluster", "--name", id]);
  },
};

/** A kind cluster, created and deleted through the kind CLI; its kubeconfig is a secret output. */
export class KindCluster extends pulumi.dynamic.Resource {
  declare readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: { [K in keyof KindClusterInputs]: pulumi.Input<KindClusterInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(kindProvider, name, { ...args, kubeconfig: undefined }, { ...opts, additionalSecretOutputs: ["kubeconfig"] }, "lakehouse", "KindCluster");
  }
}
