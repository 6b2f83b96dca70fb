// npm run bench:e2e: the e2e stack's engine timings, against two kubectl baselines of the same
// Kubernetes objects on the local control plane: `apply --server-side` of everything at once (which
// waits for nothing), and the fair anchor: apply in the program's dependency order, one wave at a
// time, each wave waited on for the readiness `up` waits for (rollouts, Jobs complete) before the
// next. Prints figures, asserts nothing. --quick (CI): the engine's steps only.
import { cpus } from "node:os";
import { execFile } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { engineEnv, KUBECONFIG, openStack, scratch, TOOLCHAIN } from "./engine";

const run = promisify(execFile);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

// Secrets are exported as {sig, plaintext: JSON}: turn them back into values.
function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.plaintext === "string" && "4dabf18193072939515e22adb298388d" in record) return JSON.parse(record.plaintext);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

const ORDER = ["Namespace", "StorageClass", "ServiceAccount", "Role", "RoleBinding", "ResourceQuota", "LimitRange", "Secret", "ConfigMap"];
const rank = (kind: string) => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

const QUICK = process.argv.includes("--quick");

interface StateResource {
  urn: string;
  type: string;
  custom: boolean;
  parent?: string;
  dependencies?: string[];
  inputs?: Record<string, unknown>;
}
type KubeObject = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };
type Kubectl = (args: string[]) => Promise<{ stdout: string }>;

const isKubernetesObject = (r: StateResource) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers");

/**
 * The Kubernetes objects in the program's own dependency order: wave n holds the objects whose
 * dependencies (a component's stand for every object under it) are all in earlier waves.
 */
function dependencyWaves(resources: StateResource[]): KubeObject[][] {
  const objects = resources.filter(isKubernetesObject);
  const under = new Map<string, string[]>();
  for (const object of objects) {
    for (let parent = object.parent; parent; parent = resources.find((r) => r.urn === parent)?.parent) under.set(parent, [...(under.get(parent) ?? []), object.urn]);
  }
  const known = new Set(objects.map((o) => o.urn));
  const needs = new Map(objects.map((o) => [o.urn, new Set((o.dependencies ?? []).flatMap((d) => (known.has(d) ? [d] : (under.get(d) ?? []))).filter((d) => d !== o.urn))]));
  const wave = new Map<string, number>();
  const waveOf = (urn: string): number => {
    if (!wave.has(urn)) {
      wave.set(urn, 0);
      wave.set(urn, Math.max(-1, ...[...(needs.get(urn) ?? [])].map(waveOf)) + 1);
    }
    return wave.get(urn) ?? 0;
  };
  const waves: KubeObject[][] = [];
  for (const object of objects) (waves[waveOf(object.urn)] ??= []).push(reveal(object.inputs) as KubeObject);
  return waves.filter((w) => w.length > 0);
}

/** What `up` waits for on each kind before its dependents start (the provider's await logic). */
function readiness(object: KubeObject): string[] | undefined {
  const ns = ["--namespace", object.metadata.namespace ?? "default"];
  if (["Deployment", "StatefulSet", "DaemonSet"].includes(object.kind)) return ["rollout", "status", `${object.kind.toLowerCase()}/${object.metadata.name}`, ...ns, "--timeout=600s"];
  if (object.kind === "Job") return ["wait", "--for=condition=Complete", `job/${object.metadata.name}`, ...ns, "--timeout=600s"];
  return undefined;
}

async function applyInWaves(waves: KubeObject[][], dir: string, kubectl: Kubectl): Promise<void> {
  for (const [index, objects] of waves.entries()) {
    const file = join(dir, `wave-${index}.yaml`);
    writeFileSync(file, objects.map((o) => JSON.stringify(o)).join("\n---\n"));
    chmodSync(file, 0o600);
    await kubectl(["apply", "--server-side", "--field-manager", "bench", "-f", file]);
    await Promise.all(objects.map(readiness).flatMap((args) => (args ? [kubectl(args)] : [])));
  }
}

async function main(): Promise<void> {
  const work = scratch();
  try {
    const stack = await openStack("e2e", work.dir, engineEnv(work.dir));
    const [, preview] = await timed(() => stack.preview());
    // Per resource: from the engine's step start to its outputs, to show where `up` spends its time.
    const started = new Map<string, number>();
    const spans: Array<{ urn: string; seconds: number; end: number }> = [];
    const upStart = Date.now();
    const [up, upSeconds] = await timed(() =>
      stack.up({
        onEvent: (event) => {
          // Custom resources only: a component's span is its children's.
          if (event.resourcePreEvent && !event.resourcePreEvent.metadata.type.startsWith("lakehouse:") && event.resourcePreEvent.metadata.type !== "pulumi:pulumi:Stack")
            started.set(event.resourcePreEvent.metadata.urn, Date.now());
          const done = event.resOutputsEvent?.metadata.urn;
          if (done && started.has(done)) spans.push({ urn: done, seconds: (Date.now() - (started.get(done) ?? 0)) / 1000, end: (Date.now() - upStart) / 1000 });
        },
      }),
    );
    const [, noChange] = await timed(() => stack.preview({ expectNoChanges: true }));
    const deployment = (await stack.exportStack()).deployment as { resources: StateResource[] };
    const objects = deployment.resources
      .filter(isKubernetesObject)
      .map((r) => reveal(r.inputs) as KubeObject)
      .sort((a, b) => rank(a.kind) - rank(b.kind));
    const waves = dependencyWaves(deployment.resources);
    const [, destroy] = await timed(() => stack.destroy());

    const resources = Object.values(up.summary.resourceChanges ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
    const engineRows: Array<[string, number]> = [
      ["preview", preview],
      ["up", upSeconds],
      ["no-change preview", noChange],
      ["destroy", destroy],
    ];
    if (QUICK) {
      console.log(`bench:e2e --quick  resources: ${resources} (Pulumi), ${objects.length} Kubernetes objects`);
      for (const [label, seconds] of engineRows) console.log(`  ${label.padEnd(28)} ${seconds.toFixed(2)} s`);
      return;
    }

    // The baseline applies the very objects the program rendered, then deletes them.
    const manifest = join(work.dir, "rendered.yaml");
    writeFileSync(manifest, objects.map((o) => JSON.stringify(o)).join("\n---\n"));
    chmodSync(manifest, 0o600);
    const kubectl = (args: string[]) => run(join(TOOLCHAIN, "bin", "kubectl"), ["--kubeconfig", KUBECONFIG, ...args], { maxBuffer: 64 * 1024 * 1024 });
    const [, apply] = await timed(() => kubectl(["apply", "--server-side", "--field-manager", "bench", "-f", manifest]));
    const [, remove] = await timed(() => kubectl(["delete", "--wait=true", "--ignore-not-found", "-f", manifest]));
    const [, anchor] = await timed(() => applyInWaves(waves, work.dir, kubectl));
    await kubectl(["delete", "--wait=true", "--ignore-not-found", "-f", manifest]);

    const rows: Array<[string, number]> = [...engineRows, ["kubectl apply --server-side", apply], [`kubectl apply + wait, ${waves.length} waves`, anchor], ["kubectl delete --wait", remove]];
    console.log(`bench:e2e  resources: ${resources} (Pulumi), ${objects.length} Kubernetes objects`);
    for (const [label, seconds] of rows) console.log(`  ${label.padEnd(28)} ${seconds.toFixed(2)} s`);
    console.log(`  ratio up / kubectl apply      ${(upSeconds / apply).toFixed(1)}x`);
    console.log(`  ratio up / apply + wait       ${(upSeconds / anchor).toFixed(1)}x (the fair anchor)`);
    const firstStep = Math.min(...started.values()) - upStart;
    console.log(`  up's first resource step at  ${(firstStep / 1000).toFixed(2)} s (program and plugins starting)`);
    console.log(`  engine parallelism           ${process.env.PULUMI_PARALLEL ?? `the CLI's default, 4 per CPU (${4 * cpus().length})`}`);
    console.log(`  up's slowest resources (seconds from step start to outputs; finished at):`);
    for (const span of spans.sort((a, b) => b.seconds - a.seconds).slice(0, 12)) {
      console.log(
        `    ${span.seconds.toFixed(1).padStart(6)} s  @${span.end.toFixed(1).padStart(5)} s  ${span.urn.slice(span.urn.lastIndexOf("::") + 2)} (${span.urn.split("::")[2].split("$").pop()})`,
      );
    }
    console.log(`  ratio destroy / kubectl delete ${(destroy / remove).toFixed(1)}x`);
  } finally {
    work.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
