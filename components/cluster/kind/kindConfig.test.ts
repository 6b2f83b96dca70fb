import { renderKindConfig } from "./kindConfig";

it("maps the ingress ports on the first control-plane node and pins every node's image", () => {
  const config = renderKindConfig({ name: "dev", nodeImage: "kindest/node:v1.33.4@sha256:25a6", controlPlaneNodes: 3, workerNodes: 2, httpPort: 8080, httpsPort: 8443 }) as any;
  expect(config.nodes.map((n: any) => n.role)).toEqual(["control-plane", "control-plane", "control-plane", "worker", "worker"]);
  expect(config.nodes.every((n: any) => n.image === "kindest/node:v1.33.4@sha256:25a6")).toBe(true);
  expect(config.nodes[0].labels).toEqual({ "ingress-ready": "true" });
  expect(config.nodes[0].extraPortMappings).toEqual([
    { containerPort: 80, hostPort: 8080, protocol: "TCP" },
    { containerPort: 443, hostPort: 8443, protocol: "TCP" },
  ]);
  expect(config.nodes.slice(1).some((n: any) => n.extraPortMappings)).toBe(false);
});
