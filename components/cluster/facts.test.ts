import { parseStackConfig } from "../../stacks";
import { rawLakehouseConfig } from "../../test/stackFiles";
import { clusterFacts } from "./facts";
import { defaultKubeconfigPath, expandHome } from "./existing";
import { execKubeconfig } from "./kubeconfig";
import { homedir } from "node:os";

it("knows which cluster types give LoadBalancer Services an address", () => {
  const dev = parseStackConfig(rawLakehouseConfig("dev"), "dev");
  const staging = parseStackConfig(rawLakehouseConfig("staging"), "staging");
  expect(clusterFacts(dev.cluster, dev.storage)).toMatchObject({ type: "kind", loadBalancer: false, storageClassName: "lakehouse-data", ingressClass: "traefik" });
  expect(clusterFacts(staging.cluster, staging.storage)).toMatchObject({ type: "eks", loadBalancer: true });
  const existing = { ...dev.cluster, type: "existing" as const, existing: { kubeconfig: "/k", loadBalancer: true } };
  expect(clusterFacts(existing, dev.storage).loadBalancer).toBe(true);
});

it("expands ~ in kubeconfig paths", () => {
  expect(expandHome("~/.kube/config")).toBe(`${homedir()}/.kube/config`);
  expect(expandHome("/etc/kubeconfig")).toBe("/etc/kubeconfig");
});

it("finds the default kubeconfig as kubectl does", () => {
  expect(defaultKubeconfigPath({ KUBECONFIG: "/a/config:/b/config" })).toBe("/a/config");
  expect(defaultKubeconfigPath({})).toBe(`${homedir()}/.kube/config`);
});

it("builds exec-plugin kubeconfigs that hold no token", () => {
  const kubeconfig = JSON.parse(
    execKubeconfig({ name: "prod", server: "https://prod.example", certificateAuthorityData: "Q0E=", exec: { command: "gke-gcloud-auth-plugin", args: [], installHint: "install it" } }),
  );
  expect(kubeconfig["current-context"]).toBe("prod");
  expect(kubeconfig.users[0].user).toEqual({ exec: expect.objectContaining({ command: "gke-gcloud-auth-plugin", apiVersion: "client.authentication.k8s.io/v1beta1" }) });
  expect(JSON.stringify(kubeconfig)).not.toMatch(/token|password/);
});
