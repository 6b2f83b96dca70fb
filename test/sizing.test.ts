// The dev stack must fit a 4-CPU, 8 GiB laptop, with room for the kind control plane itself.
import { parseStackConfig } from "../stacks";
import { parseQuantity } from "../stacks/quantity";
import { rawLakehouseConfig } from "./stackFiles";

function totalRequests(stack: string): { cpu: number; memory: number } {
  const { services } = parseStackConfig(rawLakehouseConfig(stack), stack);
  let cpu = 0;
  let memory = 0;
  for (const service of Object.values(services)) {
    if (!service.enabled || service.mode !== "in-cluster") continue;
    const groups = [{ replicas: service.replicas, resources: service.resources }, ..."workers" in service ? [service.workers] : []];
    for (const { replicas, resources } of groups) {
      cpu += replicas * parseQuantity(resources.requests.cpu)!.value;
      memory += replicas * parseQuantity(resources.requests.memory)!.value;
    }
  }
  return { cpu, memory };
}

it("keeps the dev platform within 3 CPUs and 6 GiB of requests", () => {
  const { cpu, memory } = totalRequests("dev");
  console.log(`dev requests: ${cpu.toFixed(2)} CPU, ${(memory / 2 ** 30).toFixed(2)} GiB`);
  expect(cpu).toBeLessThanOrEqual(3);
  expect(memory).toBeLessThanOrEqual(6 * 2 ** 30);
});

it("sizes prod well above dev", () => {
  expect(totalRequests("prod").cpu).toBeGreaterThan(4 * totalRequests("dev").cpu);
});
