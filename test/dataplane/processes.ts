// The processes the process node runs: every process inside a pod network namespace (lhpod-*).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function processesOnNode(): Promise<number[]> {
  const { stdout } = await run("ip", ["netns", "list"]);
  const namespaces = stdout
    .split("\n")
    .map((l) => l.split(" ")[0])
    .filter((n) => n.startsWith("lhpod-"));
  const pids: number[] = [];
  for (const ns of namespaces) {
    const out = await run("ip", ["netns", "pids", ns]).then(
      (r) => r.stdout,
      () => "",
    );
    pids.push(...out.split("\n").filter(Boolean).map(Number));
  }
  return pids;
}

/**
 * The memory of every pod process, summed, in MiB: resident now (VmRSS), and each process's own
 * peak (VmHWM), whose sum bounds the stack's peak from above (processes peak at different times).
 */
export async function podMemoryMiB(): Promise<{ resident: number; peak: number }> {
  let rss = 0;
  let hwm = 0;
  for (const pid of await processesOnNode()) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      hwm += Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return { resident: Math.round(rss / 1024), peak: Math.round(hwm / 1024) };
}
