// Prod is sized well above dev in the stack files (what the workloads add up to, and whether dev
// fits a laptop, is test/quotaFit.test.ts).
import { parseStackConfig } from "../stacks";
import { parseQuantity } from "../policy/lib/quantity";
import { rawLakehouseConfig } from "./stackFiles";

function totalRequests(stack: string): { cpu: number; memory: number } {
  const { services } = parseStackConfig(rawLakehouseConfig(stack), stack);
  let cpu = 0;
  let memory = 0;
  for (const service of Object.values(services)) {
    if (!service.enabled || service.mode !== "in-cluster") continue;
    const groups = [{ replicas: service.replicas, resources: service.resources }, ...("workers" in service ? [service.workers] : [])];
    for (const { replicas, resources } of groups) {
      cpu += replicas * parseQuantity(resources.requests.cpu)!.value;
      memory += replicas * parseQuantity(resources.requests.memory)!.value;
    }
  }
  return { cpu, memory };
}

it("sizes prod well above dev", () => {
  expect(totalRequests("prod").cpu).toBeGreaterThan(4 * totalRequests("dev").cpu);
});
