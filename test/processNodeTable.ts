// The process node's image table (scripts/process-node/images.yaml), as the node reads it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const PROCESS_NODE_DIR = join(__dirname, "..", "scripts", "process-node");

/** The rows, keyed by image reference. */
export function processNodeImageTable(): Record<string, any> {
  return (parse(readFileSync(join(PROCESS_NODE_DIR, "images.yaml"), "utf8")) as { images: Record<string, any> }).images;
}

/** One key for docker.io/library/x:t, library/x:t and x:t, as the node's normalizeImage (images.go) gives. */
export function canonicalImage(reference: string): string {
  const [first, rest] = reference.split(/\/(.*)/s);
  let name = rest === undefined || (!/[.:]/.test(first) && first !== "localhost") ? `docker.io/${reference}` : reference;
  if (name.startsWith("docker.io/") && name.split("/").length === 2) name = `docker.io/library/${name.slice("docker.io/".length)}`;
  return name;
}
