import { deploysChart, observabilityPlacement } from "./observabilityPlacement";

const on = { enabled: true, mode: "in-cluster" as const };
const outside = { enabled: true, mode: "external" as const };
const off = { enabled: false, mode: "in-cluster" as const };

it("places each service and installs the chart when either runs in the cluster", () => {
  expect(observabilityPlacement({ prometheus: on, grafana: on } as any)).toEqual({ prometheus: "in-cluster", grafana: "in-cluster" });
  expect(deploysChart(observabilityPlacement({ prometheus: outside, grafana: on } as any))).toBe(true);
  expect(deploysChart(observabilityPlacement({ prometheus: outside, grafana: outside } as any))).toBe(false);
  expect(observabilityPlacement({ prometheus: off, grafana: off } as any)).toEqual({ prometheus: "off", grafana: "off" });
});
