// npm run bench:e2e: the e2e stack's engine timings, against `kubectl apply --server-side` of the
// same Kubernetes objects as a baseline, on the local control plane. Prints figures, asserts nothing.
// --quick (CI): the engine's steps only, without the kubectl baseline.
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

async function main(): Promise<void> {
  const work = scratch();
  try {
    const stack = await openStack("e2e", work.dir, engineEnv(work.dir));
    const [, preview] = await timed(() => stack.preview());
    const [up, upSeconds] = await timed(() => stack.up());
    const [, noChange] = await timed(() => stack.preview({ expectNoChanges: true }));
    const deployment = (await stack.exportStack()).deployment as { resources: Array<{ type: string; custom: boolean; inputs?: Record<string, unknown> }> };
    const objects = deployment.resources
      .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers"))
      .map((r) => reveal(r.inputs) as Record<string, unknown> & { kind: string })
      .sort((a, b) => rank(a.kind) - rank(b.kind));
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
    const [, remove] = await timed(() => kubectl(["delete", "--wait=true", "-f", manifest]));

    const rows: Array<[string, number]> = [...engineRows, ["kubectl apply --server-side", apply], ["kubectl delete --wait", remove]];
    console.log(`bench:e2e  resources: ${resources} (Pulumi), ${objects.length} Kubernetes objects`);
    for (const [label, seconds] of rows) console.log(`  ${label.padEnd(28)} ${seconds.toFixed(2)} s`);
    console.log(`  ratio up / kubectl apply      ${(upSeconds / apply).toFixed(1)}x`);
    console.log(`  ratio destroy / kubectl delete ${(destroy / remove).toFixed(1)}x`);
  } finally {
    work.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
