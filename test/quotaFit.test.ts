// What the program actually runs must fit where it runs: each namespace's quota holds the sum of
// its workloads' requests and limits (replicas × every container), and dev fits a laptop.
import { parseStackConfig, NAMESPACE_ROLES, type StackConfig } from "../stacks";
import { chartPods } from "./chartFootprint";
import { parseQuantity } from "../policy/lib/quantity";
import { ofType, renderedStack, runProgram, type ProgramRun } from "./mocks";
import { lakehouseValues, rawLakehouseConfig, STACKS, stackFileConfig } from "./stackFiles";

type Totals = { requests: { cpu: number; memory: number }; limits: { cpu: number; memory: number } };
const zero = (): Totals => ({ requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } });
const quantity = (text: unknown) => (typeof text === "string" ? (parseQuantity(text)?.value ?? 0) : 0);

/** A pod template's containers by their stated resources, times its replicas. */
interface PodGroup {
  namespace: string;
  replicas: number;
  containers: Array<{ requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined>;
}

/** Every long-running pod the program registers, plus those its charts run (not rendered under mocks). */
function podGroups(run: ProgramRun, config: StackConfig): PodGroup[] {
  const registered = [...ofType(run, "kubernetes:apps/v1:Deployment"), ...ofType(run, "kubernetes:apps/v1:StatefulSet")].map((workload) => ({
    namespace: String(workload.inputs.metadata.namespace),
    replicas: Number(workload.inputs.spec.replicas ?? 1),
    containers: workload.inputs.spec.template.spec.containers.map((container: any) => container.resources),
  }));
  return [...registered, ...chartPods(config)];
}

/**
 * Requests and limits per namespace of every long-running workload, plus the largest single pod:
 * a rolling update's surge pod (or a deploy-time Job) needs room on top.
 */
function workloadTotals(groups: PodGroup[], withSurge = true): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  const largest = new Map<string, Totals>();
  for (const group of groups) {
    const sum = totals.get(group.namespace) ?? zero();
    const pod = zero();
    for (const resources of group.containers) {
      for (const kind of ["requests", "limits"] as const) {
        pod[kind].cpu += quantity(resources?.[kind]?.cpu);
        pod[kind].memory += quantity(resources?.[kind]?.memory);
      }
    }
    for (const kind of ["requests", "limits"] as const) {
      sum[kind].cpu += group.replicas * pod[kind].cpu;
      sum[kind].memory += group.replicas * pod[kind].memory;
    }
    totals.set(group.namespace, sum);
    const big = largest.get(group.namespace) ?? zero();
    for (const kind of ["requests", "limits"] as const) {
      big[kind].cpu = Math.max(big[kind].cpu, pod[kind].cpu);
      big[kind].memory = Math.max(big[kind].memory, pod[kind].memory);
    }
    largest.set(group.namespace, big);
  }
  for (const [namespace, sum] of withSurge ? totals : []) {
    const big = largest.get(namespace) ?? zero();
    for (const kind of ["requests", "limits"] as const) {
      sum[kind].cpu += big[kind].cpu;
      sum[kind].memory += big[kind].memory;
    }
  }
  return totals;
}

// The e2e stack runs dev with Dagster on: the largest dev-sized platform there is.
const E2E_DEV = { ...stackFileConfig("dev"), ...stackFileConfig("e2e", `${__dirname}/e2e`) };

describe.each(STACKS)("the %s stack's workloads", (stack) => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await renderedStack(stack);
  }, 60_000);

  it("fit each namespace's quota, requests and limits, with room for one surge pod", () => {
    const config = parseStackConfig(rawLakehouseConfig(stack), stack);
    const totals = workloadTotals(podGroups(run, config));
    for (const role of NAMESPACE_ROLES) {
      const { name, quota } = config.namespaces[role];
      const used = totals.get(name) ?? zero();
      const room = { requests: { cpu: quantity(quota.requests.cpu), memory: quantity(quota.requests.memory) }, limits: { cpu: quantity(quota.limits.cpu), memory: quantity(quota.limits.memory) } };
      console.log(
        `${stack} ${name}: requests ${used.requests.cpu.toFixed(2)}/${room.requests.cpu} CPU, ${(used.requests.memory / 2 ** 30).toFixed(2)}/${(room.requests.memory / 2 ** 30).toFixed(0)} GiB; limits ${used.limits.cpu.toFixed(2)}/${room.limits.cpu} CPU`,
      );
      for (const kind of ["requests", "limits"] as const) {
        expect({ namespace: name, kind, cpu: used[kind].cpu <= room[kind].cpu, memory: used[kind].memory <= room[kind].memory }).toEqual({ namespace: name, kind, cpu: true, memory: true });
      }
    }
  });

  if (stack === "dev") {
    it("also fit with every dev service on (the e2e stack), with room for one surge pod", async () => {
      const e2e = await runProgram("dev", E2E_DEV);
      const config = parseStackConfig(rawLakehouseConfig("dev"), "dev");
      const e2eConfig = parseStackConfig(lakehouseValues(E2E_DEV), "dev");
      for (const [namespace, used] of workloadTotals(podGroups(e2e, e2eConfig))) {
        const role = NAMESPACE_ROLES.find((r) => config.namespaces[r].name === namespace);
        if (!role) continue;
        const { quota } = config.namespaces[role];
        expect({ namespace, limitsMemory: used.limits.memory <= quantity(quota.limits.memory), limitsCpu: used.limits.cpu <= quantity(quota.limits.cpu) }).toEqual({
          namespace,
          limitsMemory: true,
          limitsCpu: true,
        });
      }
    }, 60_000);

    it("fits a 4-CPU, 8 GiB laptop: at most 3 CPUs and 6 GiB of requests, leaving room for kind itself", () => {
      const config = parseStackConfig(rawLakehouseConfig("dev"), "dev");
      const all = [...workloadTotals(podGroups(run, config), false).values()].reduce(
        (a, b) => ({ requests: { cpu: a.requests.cpu + b.requests.cpu, memory: a.requests.memory + b.requests.memory }, limits: a.limits }),
        zero(),
      );
      console.log(`dev requests in all: ${all.requests.cpu.toFixed(2)} CPU, ${(all.requests.memory / 2 ** 30).toFixed(2)} GiB`);
      expect(all.requests.cpu).toBeLessThanOrEqual(3);
      expect(all.requests.memory).toBeLessThanOrEqual(6 * 2 ** 30);
    });
  }
});
