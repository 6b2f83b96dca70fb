// GKE: a regional, VPC-native cluster with Dataplane V2 (which enforces NetworkPolicy), Workload
// Identity, and one autoscaled node pool sized from config. The default pool is removed at once.
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, Environment } from "../../stacks";
import { execKubeconfig } from "./kubeconfig";
import type { ProvisionedCluster } from "./types";

type GkeConfig = NonNullable<ClusterConfig["gke"]>;

export function provisionGke(cluster: ClusterConfig, environment: Environment, parent: pulumi.Resource): ProvisionedCluster {
  const config = cluster.gke as GkeConfig;
  const provider = new gcp.Provider(`${cluster.name}-gcp`, { project: config.project, region: config.region }, { parent });
  const opts = { parent, provider };

  const gkeCluster = new gcp.container.Cluster(
    cluster.name,
    {
      name: cluster.name,
      project: config.project,
      location: config.region,
      network: config.network,
      subnetwork: config.subnetwork,
      minMasterVersion: cluster.kubernetesVersion,
      releaseChannel: { channel: config.releaseChannel },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {},
      datapathProvider: "ADVANCED_DATAPATH",
      workloadIdentityConfig: { workloadPool: `${config.project}.svc.id.goog` },
      addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
      deletionProtection: environment === "prod",
    },
    opts,
  );

  const nodePool = new gcp.container.NodePool(
    `${cluster.name}-general`,
    {
      project: config.project,
      location: config.region,
      cluster: gkeCluster.name,
      initialNodeCount: config.nodePool.desiredNodes,
      autoscaling: { minNodeCount: config.nodePool.minNodes, maxNodeCount: config.nodePool.maxNodes },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: config.nodePool.machineType,
        diskSizeGb: config.nodePool.diskSizeGb,
        diskType: config.diskType,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        labels: { "lakehouse.dev/pool": "general" },
      },
    },
    opts,
  );

  const kubeconfig = pulumi.all([gkeCluster.endpoint, gkeCluster.masterAuth.clusterCaCertificate]).apply(([endpoint, ca]) =>
    execKubeconfig({
      name: cluster.name,
      server: `https://${endpoint}`,
      certificateAuthorityData: ca ?? "",
      exec: { command: "gke-gcloud-auth-plugin", args: [], installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin" },
    }),
  );
  return { kubeconfig: pulumi.secret(kubeconfig), readyAfter: [nodePool] };
}
