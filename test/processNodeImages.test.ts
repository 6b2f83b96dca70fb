// The process node's image table (scripts/process-node/images.yaml) against what the program
// pins and what the local stack runs: a bumped pin, or a service newly enabled in the local stack,
// must come with its local equivalent, or its pods would sit Pending on the node.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PINNED_IMAGES } from "../components/kit/images";
import { CERT_MANAGER_CHART } from "../stacks";
import { renderedStack } from "./mocks";

/** The images the edge's charts render at their pins (test/e2e/charts.e2e.test.ts checks the renders). */
const CHART_IMAGES = [
  "docker.io/library/traefik:v3.7.13", // Traefik chart 41.6.0's appVersion
  ...["controller", "webhook", "cainjector", "startupapicheck"].map((part) => `quay.io/jetstack/cert-manager-${part}:${CERT_MANAGER_CHART.version}`),
];

const NODE_DIR = join(__dirname, "..", "scripts", "process-node");
const table = (parse(readFileSync(join(NODE_DIR, "images.yaml"), "utf8")) as { images: Record<string, any> }).images;

/** Every container image in a resource's inputs (Deployments, StatefulSets, Jobs, Pods...). */
function imagesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => imagesIn(v, found));
  else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.image === "string" && typeof record.name === "string") found.add(record.image);
    Object.values(record).forEach((v) => imagesIn(v, found));
  }
  return found;
}

describe("the process node's image table", () => {
  it("has a row for every image the local stack runs", async () => {
    const run = await renderedStack("local");
    const images = imagesIn(run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs));
    expect(images.size).toBeGreaterThan(5);
    expect([...images].filter((image) => !(image in table))).toEqual([]);
  }, 60_000);

  it("vouches only for images the program and its charts pin, at their pinned tags", () => {
    const pinned = new Set([...Object.values(PINNED_IMAGES), ...CHART_IMAGES]);
    expect(Object.keys(table).filter((image) => !pinned.has(image))).toEqual([]);
  });

  it("says for every row what runs and why that is faithful, from sources that exist", () => {
    for (const [image, row] of Object.entries(table)) {
      expect({ image, runs: typeof row.runs, why: typeof row.why }).toEqual({ image, runs: "string", why: "string" });
      for (const mount of row.mounts ?? []) {
        expect(mount.target).toMatch(/^\//);
        if (mount.source.startsWith("@repo/")) expect(existsSync(join(NODE_DIR, mount.source.slice("@repo/".length)))).toBe(true);
        else expect(mount.source).toMatch(/^(@cache\/|\/)/);
      }
    }
  });
});
