// AKS: a managed cluster with a system-assigned identity, Azure CNI powered by Cilium (which
// enforces NetworkPolicy), OIDC and Workload Identity, and one autoscaled system pool from config.
import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks";
import type { ProvisionedCluster } from "./types";

type AksConfig = NonNullable<ClusterConfig["aks"]>;

export function provisionAks(cluster: ClusterConfig, parent: pulumi.Resource): ProvisionedCluster {
  const config = cluster.aks as AksConfig;
  const provider = new Provider(`${cluster.name}-azure`, { location: config.location }, { parent });

  const managed = new containerservice.ManagedCluster(
    cluster.name,
    {
      resourceName: cluster.name,
      resourceGroupName: config.resourceGroupName,
      location: config.location,
      dnsPrefix: cluster.name,
      kubernetesVersion: cluster.kubernetesVersion,
      identity: { type: containerservice.ResourceIdentityType.SystemAssigned },
      sku: { name: "Base", tier: config.tier },
      enableRBAC: true,
      disableLocalAccounts: false,
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" },
      agentPoolProfiles: [
        {
          name: "system",
          mode: "System",
          osType: "Linux",
          type: "VirtualMachineScaleSets",
          vmSize: config.nodePool.machineType,
          osDiskSizeGB: config.nodePool.diskSizeGb,
          enableAutoScaling: true,
          count: config.nodePool.desiredNodes,
          minCount: config.nodePool.minNodes,
          maxCount: config.nodePool.maxNodes,
          nodeLabels: { "lakehouse.dev/pool": "general" },
        },
      ],
    },
    { parent, provider },
  );

  const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: config.resourceGroupName, resourceName: managed.name }, { parent, provider });
  const kubeconfig = credentials.kubeconfigs.apply((configs) => Buffer.from(configs[0].value, "base64").toString("utf8"));
  return { kubeconfig: pulumi.secret(kubeconfig), readyAfter: [managed] };
}
