// The process node's image table (scripts/process-node/images.yaml) against what the program
// pins and what the local stack runs: a bumped pin, or a service newly enabled in the local stack,
// must come with its local equivalent, or its pods would sit Pending on the node.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PINNED_IMAGES } from "../components/kit/images";
import { CERT_MANAGER_CHART } from "../stacks";
import { runProgram } from "./mocks";
import { canonicalImage, PROCESS_NODE_DIR, processNodeImageTable } from "./processNodeTable";
import { stackFileConfig } from "./stackFiles";

/**
 * The images the edge's and observability's charts run in the local stack, at their pins
 * (test/e2e/charts.e2e.test.ts checks each has a row, against the charts' renders).
 */
const CHART_IMAGES = [
  "docker.io/library/traefik:v3.7.13", // Traefik chart 41.6.0's appVersion
  ...["controller", "webhook", "cainjector", "startupapicheck"].map((part) => `quay.io/jetstack/cert-manager-${part}:${CERT_MANAGER_CHART.version}`),
  // kube-prometheus-stack 88.6.1: its appVersion (the operator's), its Prometheus, kube-state-metrics chart 8.4.1's appVersion
  "quay.io/prometheus-operator/prometheus-operator:v0.93.1",
  "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1",
  "quay.io/prometheus/prometheus:v3.14.0-distroless",
  "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0",
];

const NODE_DIR = PROCESS_NODE_DIR;
const table = processNodeImageTable();

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
  it("keys images as the node does: Docker Hub's short forms are one image", () => {
    expect(["postgres:17.6", "library/postgres:17.6", "docker.io/postgres:17.6", "docker.io/library/postgres:17.6"].map(canonicalImage)).toEqual(Array(4).fill("docker.io/library/postgres:17.6"));
    expect(canonicalImage("quay.io/prometheus/prometheus:v3.14.0")).toBe("quay.io/prometheus/prometheus:v3.14.0");
    expect(canonicalImage("localhost/x:1")).toBe("localhost/x:1");
    expect(canonicalImage("bitnami/redis:7")).toBe("docker.io/bitnami/redis:7");
  });

  it("has a row for every image the local stack runs", async () => {
    // Without its charts directory, which only the toolchain (charts.sh) lays out and the program
    // checks on disk: a fresh machine's unit suite has no toolchain. The charts' images are
    // CHART_IMAGES, checked against their renders by the chart suite.
    const { "lakehouse:charts": _charts, ...config } = stackFileConfig("local");
    const run = await runProgram("local", config);
    const images = imagesIn(run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs));
    expect(images.size).toBeGreaterThan(5);
    expect([...images].filter((image) => !(image in table))).toEqual([]);
  }, 60_000);

  it("vouches only for images the program, its charts and the local stack's apps pin, at their pinned tags", () => {
    const apps = (stackFileConfig("local")["lakehouse:apps"] ?? []) as Array<{ image: string }>;
    expect(apps.length).toBeGreaterThan(0);
    const pinned = new Set([...Object.values(PINNED_IMAGES), ...CHART_IMAGES, ...apps.map((app) => app.image)]);
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
