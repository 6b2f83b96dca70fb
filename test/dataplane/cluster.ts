// What the data-plane suite asks of the running cluster: objects through kubectl, Secrets'
// values (kept in memory, never printed), Service addresses this machine reaches through
// kube-proxy, and waits with deadlines.
import { execFile } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { KUBECONFIG, kubectl, TOOLCHAIN } from "../e2e/engine";

export { kubectl };
const run = promisify(execFile);

/** kubectl whose output is text (logs, for example). */
export async function kubectlText(args: string[]): Promise<string> {
  const { stdout } = await run(join(TOOLCHAIN, "bin", "kubectl"), ["--kubeconfig", KUBECONFIG, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function secretValue(namespace: string, name: string, key: string): Promise<string> {
  const secret = await kubectl(["get", "secret", "-n", namespace, name]);
  const value = secret.data?.[key];
  if (value === undefined) throw new Error(`Secret ${namespace}/${name} has no key ${key}`);
  return Buffer.from(value, "base64").toString("utf8");
}

/** The cluster DNS the process node's pods use: CoreDNS on the node bridge's gateway address. */
async function clusterDns(): Promise<Resolver> {
  const node = await kubectl(["get", "node", "lakehouse-process-1"]);
  const [a, b, c, d] = node.spec.podCIDR.split("/")[0].split(".").map(Number);
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers([`${a}.${b}.${c}.${d + 1}`]);
  return resolver;
}

/**
 * An in-cluster URL (http://<service>.<namespace>.svc.cluster.local:<port>/…, as the program's
 * outputs give them) with its host resolved by the cluster DNS, as a pod resolves it: a Service's
 * cluster IP (this machine reaches it through kube-proxy), or for a headless Service (a
 * StatefulSet's) the address of a pod behind it.
 */
export async function reachable(url: string): Promise<string> {
  const match = /^(\w+:\/\/)([a-z0-9.-]+\.svc\.cluster\.local)(.*)$/.exec(url);
  if (!match) throw new Error(`not an in-cluster URL: ${url}`);
  const [, scheme, host, rest] = match;
  const [address] = await (await clusterDns()).resolve4(host);
  return `${scheme}${address}${rest}`;
}

export async function pods(namespace: string, selector: string): Promise<any[]> {
  return (await kubectl(["get", "pods", "-n", namespace, "--selector", selector])).items;
}

export const isReady = (pod: any): boolean => pod.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True") ?? false;

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Every pod of the given selector Ready, at least `count` of them. */
export async function podsReady(namespace: string, selector: string, count = 1, timeoutMs = 300_000): Promise<any[]> {
  return waitFor(
    `${count} Ready pod(s) ${selector} in ${namespace}`,
    async () => {
      const list = (await pods(namespace, selector)).filter((p) => !p.metadata.deletionTimestamp);
      return list.length >= count && list.every(isReady) ? list : undefined;
    },
    timeoutMs,
  );
}

/** curl's body on success; `input` goes to its standard input (for `--data-binary @-`), so a password in it never shows in `ps`. */
export async function curl(args: string[], input?: string): Promise<string> {
  const child = run("curl", ["-sS", "--fail-with-body", "--max-time", "30", ...args], { maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin?.end(input ?? "");
  return (await child).stdout;
}
