import { assertUniqueTargets, serviceMonitorFor } from "./serviceMonitor";

const target = { name: "trino", namespace: "lakehouse-platform" as any, selector: { "app.kubernetes.io/name": "trino" }, portName: "http", path: "/metrics" };

it("selects the target's Service by labels and scrapes its named port and path", () => {
  expect(serviceMonitorFor(target)).toEqual({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: "trino", namespace: "lakehouse-platform", labels: expect.objectContaining({ "app.kubernetes.io/name": "trino" }) },
    spec: { selector: { matchLabels: { "app.kubernetes.io/name": "trino" } }, endpoints: [{ port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }] },
  });
});

it("refuses two targets of the same name", () => {
  expect(() => assertUniqueTargets([target, { ...target, namespace: "other" as any }])).toThrow("scrape targets named twice: trino");
});
