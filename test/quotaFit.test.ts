// What the program actually runs must fit where it runs: each namespace's quota holds the sum of
// its workloads' requests and limits (replicas × every container), and dev fits a laptop.
import { parseStackConfig, NAMESPACE_ROLES } from "../stacks";
import { parseQuantity } from "../stacks/quantity";
import { ofType, runProgram, type ProgramRun } from "./mocks";
import { rawLakehouseConfig, STACKS, stackFileConfig } from "./stackFiles";

type Totals = { requests: { cpu: number; memory: number }; limits: { cpu: number; memory: number } };
const zero = (): Totals => ({ requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } });
const quantity = (text: unknown) => (typeof text === "string" ? (parseQuantity(text)?.value ?? 0) : 0);

/**
 * Requests and limits per namespace of every long-running workload the program registers, plus
 * the largest single pod: a rolling update's surge pod (or a deploy-time Job) needs room on top.
 */
function workloadTotals(run: ProgramRun, withSurge = true): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  const largest = new Map<string, Totals>();
  for (const workload of [...ofType(run, "kubernetes:apps/v1:Deployment"), ...ofType(run, "kubernetes:apps/v1:StatefulSet")]) {
    const namespace = String(workload.inputs.metadata.namespace);
    const replicas = Number(workload.inputs.spec.replicas ?? 1);
    const sum = totals.get(namespace) ?? zero();
    const pod = zero();
    for (const container of workload.inputs.spec.template.spec.containers) {
      for (const kind of ["requests", "limits"] as const) {
        pod[kind].cpu += quantity(container.resources?.[kind]?.cpu);
        pod[kind].memory += quantity(container.resources?.[kind]?.memory);
      }
    }
    for (const kind of ["requests", "limits"] as const) {
      sum[kind].cpu += replicas * pod[kind].cpu;
      sum[kind].memory += replicas * pod[kind].memory;
    }
    totals.set(namespace, sum);
    const big = largest.get(namespace) ?? zero();
    for (const kind of ["requests", "limits"] as const) {
      big[kind].cpu = Math.max(big[kind].cpu, pod[kind].cpu);
      big[kind].memory = Math.max(big[kind].memory, pod[kind].memory);
    }
    largest.set(namespace, big);
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
    run = await runProgram(stack, stackFileConfig(stack));
  }, 60_000);

  it("fit each namespace's quota, requests and limits, with room for one surge pod", () => {
    const config = parseStackConfig(rawLakehouseConfig(stack), stack);
    const totals = workloadTotals(run);
    for (const role of NAMESPACE_ROLES) {
      const { name, quota } = config.namespaces[role];
      const used = totals.get(name) ?? zero();
      const room = { requests: { cpu: quantity(quota.requests.cpu), memory: quantity(quota.requests.memory) }, limits: { cpu: quantity(quota.limits.cpu), memory: quantity(quota.limits.memory) } };
      console.log(`${stack} ${name}: requests ${used.requests.cpu.toFixed(2)}/${room.requests.cpu} CPU, ${(used.requests.memory / 2 ** 30).toFixed(2)}/${(room.requests.memory / 2 ** 30).toFixed(0)} GiB; limits ${used.limits.cpu.toFixed(2)}/${room.limits.cpu} CPU`);
      for (const kind of ["requests", "limits"] as const) {
        expect({ namespace: name, kind, cpu: used[kind].cpu <= room[kind].cpu, memory: used[kind].memory <= room[kind].memory }).toEqual({ namespace: name, kind, cpu: true, memory: true });
      }
    }
  });

  if (stack === "dev") {
    it("also fit with every dev service on (the e2e stack), with room for one surge pod", async () => {
      const e2e = await runProgram("dev", E2E_DEV);
      const config = parseStackConfig(rawLakehouseConfig("dev"), "dev");
      for (const [namespace, used] of workloadTotals(e2e)) {
        const role = NAMESPACE_ROLES.find((r) => config.namespaces[r].name === namespace);
        if (!role) continue;
        const { quota } = config.namespaces[role];
        expect({ namespace, limitsMemory: used.limits.memory <= quantity(quota.limits.memory), limitsCpu: used.limits.cpu <= quantity(quota.limits.cpu) }).toEqual({ namespace, limitsMemory: true, limitsCpu: true });
      }
    }, 60_000);

    it("fits a 4-CPU, 8 GiB laptop: at most 3 CPUs and 6 GiB of requests, leaving room for kind itself", () => {
      const all = [...workloadTotals(run, false).values()].reduce((a, b) => ({ requests: { cpu: a.requests.cpu + b.requests.cpu, memory: a.requests.memory + b.requests.memory }, limits: a.limits }), zero());
      console.log(`dev requests in all: ${all.requests.cpu.toFixed(2)} CPU, ${(all.requests.memory / 2 ** 30).toFixed(2)} GiB`);
      expect(all.requests.cpu).toBeLessThanOrEqual(3);
      expect(all.requests.memory).toBeLessThanOrEqual(6 * 2 ** 30);
    });
  }
});
