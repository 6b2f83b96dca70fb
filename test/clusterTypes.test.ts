// Every cluster type yields a Kubernetes provider for the rest of the program.
import { ofType, renderedStack, runProgram } from "./mocks";
import { stackFileConfig } from "./stackFiles";

function withCluster(cluster: Record<string, unknown>, storage: Record<string, unknown>): Record<string, unknown> {
  return { ...stackFileConfig("dev"), "lakehouse:cluster": cluster, "lakehouse:storage": storage };
}

const aks = withCluster(
  {
    type: "aks",
    name: "lakehouse-aks",
    kubernetesVersion: "1.32",
    ingressClass: "traefik",
    aks: { location: "westeurope", resourceGroupName: "rg-lakehouse", tier: "Standard", nodePool: { machineType: "Standard_D8s_v5", minNodes: 2, desiredNodes: 3, maxNodes: 5, diskSizeGb: 128 } },
  },
  { className: "lakehouse-data", create: true },
);

const existing = withCluster(
  { type: "existing", name: "lab-k3s", kubernetesVersion: "1.31", ingressClass: "traefik", existing: { kubeconfig: "/etc/lakehouse/kubeconfig", context: "lab", loadBalancer: true } },
  { className: "local-path", create: false },
);

// The stack files' own clusters (kind, EKS, GKE) come from the shared render of each stack.
const cases: Array<[string, string, Record<string, unknown> | "stack file", string[]]> = [
  ["kind", "dev", "stack file", ["pulumi-nodejs:dynamic/lakehouse:KindCluster"]],
  ["eks", "staging", "stack file", ["eks:index:Cluster", "eks:index:ManagedNodeGroup", "aws:eks/addon:Addon", "aws:eks/podIdentityAssociation:PodIdentityAssociation"]],
  ["gke", "prod", "stack file", ["gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool"]],
  ["aks", "dev", aks, ["azure-native:containerservice:ManagedCluster"]],
  ["existing", "dev", existing, []],
];

describe.each(cases)("a %s cluster", (type, stack, config, provisioned) => {
  it("is provisioned or adopted, and yields a Kubernetes provider bound to it", async () => {
    const run = config === "stack file" ? await renderedStack(stack) : await runProgram(stack, config);
    for (const resourceType of provisioned) expect(ofType(run, resourceType).length).toBeGreaterThan(0);
    const [provider] = ofType(run, "pulumi:providers:kubernetes");
    expect(provider.inputs.clusterIdentifier).toMatch(new RegExp(`^${type}/`));
    expect(provider.inputs.kubeconfig).toBeTruthy();
    expect(ofType(run, "kubernetes:core/v1:Namespace").length).toBeGreaterThan(0);
    if (type === "existing") {
      // The path reaches the provider as a secret, as every kubeconfig does.
      expect(provider.inputs).toMatchObject({ kubeconfig: { value: "/etc/lakehouse/kubeconfig" }, context: "lab" });
      expect(ofType(run, "kubernetes:storage.k8s.io/v1:StorageClass")).toEqual([]);
      expect(run.outputs.clusterFacts).toMatchObject({ loadBalancer: true, storageClassName: "local-path" });
    }
    if (type === "kind") {
      const [kind] = ofType(run, "pulumi-nodejs:dynamic/lakehouse:KindCluster");
      expect(kind.inputs.config.nodes[0].image).toMatch(/^kindest\/node:v1\.33\.\d+@sha256:[a-f0-9]{64}$/);
      expect(kind.inputs.config.nodes).toHaveLength(3);
    }
  }, 60_000);
});
