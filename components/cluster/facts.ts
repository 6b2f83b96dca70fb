import type { ClusterConfig, ClusterType, StorageConfig } from "../../stacks";

/** What the other layers need to know about the cluster, whatever provisioned it. */
export interface ClusterFacts {
  name: string;
  type: ClusterType;
  kubernetesVersion: string;
  /** The storage class every data volume uses. */
  storageClassName: string;
  /** Whether Services of type LoadBalancer get an address. */
  loadBalancer: boolean;
  ingressClass: string;
}

// Cloud clusters come with a load-balancer controller; kind has none unless one is added by hand.
const LOAD_BALANCER: Record<Exclude<ClusterType, "existing">, boolean> = { kind: false, eks: true, gke: true, aks: true };

export function clusterFacts(cluster: ClusterConfig, storage: StorageConfig): ClusterFacts {
  return {
    name: cluster.name,
    type: cluster.type,
    kubernetesVersion: cluster.kubernetesVersion,
    storageClassName: storage.className,
    loadBalancer: cluster.type === "existing" ? (cluster.existing?.loadBalancer ?? false) : LOAD_BALANCER[cluster.type],
    ingressClass: cluster.ingressClass,
  };
}
