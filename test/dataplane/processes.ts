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

/** The summed resident memory (VmRSS) of every pod process, in MiB. */
export async function residentMemoryMiB(): Promise<number> {
  let kib = 0;
  for (const pid of await processesOnNode()) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) kib += Number(rss[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return Math.round(kib / 1024);
}
