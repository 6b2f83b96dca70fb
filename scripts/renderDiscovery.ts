// A stand-in for an API server's discovery endpoints, at the stack's Kubernetes version, for
// `npm run render`. The provider templates Helm charts (Chart v4) with the version and API groups
// discovery reports; with no cluster it falls back to Helm's default, v1.20, which Traefik and
// cert-manager refuse. This answers /version, /api and /apis (the built-in groups, no CRDs, as on
// a new cluster) and nothing else: it stores nothing and accepts no writes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// Built-in groups served by every supported Kubernetes version (1.29 and later).
const GROUPS = [
  "admissionregistration.k8s.io/v1",
  "apiextensions.k8s.io/v1",
  "apiregistration.k8s.io/v1",
  "apps/v1",
  "authentication.k8s.io/v1",
  "authorization.k8s.io/v1",
  "autoscaling/v2",
  "autoscaling/v1",
  "batch/v1",
  "certificates.k8s.io/v1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "events.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1",
  "networking.k8s.io/v1",
  "node.k8s.io/v1",
  "policy/v1",
  "rbac.authorization.k8s.io/v1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1",
];

function groupList() {
  const byGroup = new Map<string, string[]>();
  for (const gv of GROUPS) {
    const [group, version] = gv.split("/");
    byGroup.set(group, [...(byGroup.get(group) ?? []), version]);
  }
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...byGroup].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

/** Serves discovery for Kubernetes `version` (e.g. "1.33") on 127.0.0.1; returns a kubeconfig for it. */
export async function startDiscovery(version: string): Promise<{ kubeconfig: string; close(): Promise<void> }> {
  const [major, minor] = version.split(".");
  const answers: Record<string, unknown> = {
    "/version": { major, minor, gitVersion: `v${major}.${minor}.0`, platform: "linux/amd64" },
    "/api": { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] },
    "/api/v1": { kind: "APIResourceList", groupVersion: "v1", resources: [] },
    "/apis": groupList(),
    ...Object.fromEntries(GROUPS.map((gv) => [`/apis/${gv}`, { kind: "APIResourceList", apiVersion: "v1", groupVersion: gv, resources: [] }])),
  };
  const server: Server = createServer((request, response) => {
    const answer = request.method === "GET" ? answers[(request.url ?? "").split("?")[0]] : undefined;
    response.writeHead(answer ? 200 : 404, { "Content-Type": "application/json" });
    response.end(JSON.stringify(answer ?? { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = [
    "apiVersion: v1",
    "kind: Config",
    "clusters: [{name: render, cluster: {server: 'http://127.0.0.1:" + port + "'}}]",
    "users: [{name: render, user: {}}]",
    "contexts: [{name: render, context: {cluster: render, user: render}}]",
    "current-context: render",
    "",
  ].join("\n");
  return { kubeconfig, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
