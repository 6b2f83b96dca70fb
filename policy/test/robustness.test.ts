// Thousands of generated and malformed objects (missing fields, wrong types, nulls) through every
// rule: none may throw. A seeded generator keeps failures reproducible.
import type { KubeObject } from "../lib/objects";
import { RULES } from "../policies";
import { compliantContainer, deployment, podSpec } from "./fixtures";

function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const JUNK: unknown[] = [null, undefined, 0, -1, 3.5, "", "x", "10.0.0.1", "::", true, false, [], [null], {}, { a: 1 }, [1, "a", {}], "0Gi", "1.2.3.4/33"];
const KINDS = [
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
  "Service",
  "Ingress",
  "ConfigMap",
  "Endpoints",
  "EndpointSlice",
  "NetworkPolicy",
  "Namespace",
  "PodDisruptionBudget",
  42,
  null,
];

function seeds(): KubeObject[] {
  const pod = podSpec({ initContainers: [compliantContainer({ name: "init" })], volumes: [{ name: "tmp", emptyDir: {} }] });
  return [
    { apiVersion: "apps/v1", kind: "Deployment", ...deployment(pod) },
    { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" }, spec: { jobTemplate: { spec: { template: { spec: pod } } } } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "n" }, spec: { type: "NodePort", selector: { a: "b" }, ports: [{ port: 80 }], clusterIP: "10.0.0.1" } },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "i", annotations: { x: "y" } },
      spec: { tls: [{ hosts: ["h"] }], rules: [{ host: "h", http: { paths: [{ backend: { service: { name: "s", port: { number: 80 } } } }] } }] },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "b" } },
  ];
}

/** A copy of `value` with random fields deleted or replaced by junk, recursively. */
function mutate(value: unknown, random: () => number, depth = 0): unknown {
  if (random() < 0.08) return JUNK[Math.floor(random() * JUNK.length)];
  if (Array.isArray(value)) return value.filter(() => random() > 0.1).map((v) => mutate(v, random, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (random() < 0.1) continue;
      out[key] = key === "kind" && random() < 0.3 ? KINDS[Math.floor(random() * KINDS.length)] : mutate(v, random, depth + 1);
    }
    return out;
  }
  return value;
}

it("no rule throws on 3,000 malformed objects", () => {
  const random = prng(20261123);
  const objects: KubeObject[] = [];
  for (let i = 0; i < 3000; i++) {
    const base = seeds()[i % 5];
    const mutated = mutate(base, random);
    objects.push((mutated && typeof mutated === "object" && !Array.isArray(mutated) ? mutated : { kind: "Deployment", spec: mutated }) as KubeObject);
  }
  const context = { kubernetesVersion: "1.34", environment: "prod", edgeNamespaces: ["lakehouse-edge"] };
  let findings = 0;
  for (const rule of RULES) {
    if (rule.scope === "object") {
      for (const object of objects) findings += rule.check(object, context).length;
    } else {
      findings += rule.check(objects, context).length;
    }
  }
  // Malformed objects are mostly non-compliant: the rules must notice, not just survive.
  expect(findings).toBeGreaterThan(1000);
});
