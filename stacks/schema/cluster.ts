import { z } from "zod";
import { cidr, k8sName, kubernetesVersion, port, positiveInt } from "./primitives";

export const CLUSTER_TYPES = ["kind", "eks", "gke", "aks", "existing"] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** One node pool shape for every cloud, so sizing reads the same whichever cloud a stack uses. */
export const nodePool = z.strictObject({
  machineType: z.string().min(1).describe("the cloud's machine type, e.g. m6i.2xlarge, e2-standard-8, Standard_D8s_v5"),
  minNodes: z.int().min(0).describe("the autoscaler's floor (≤ desiredNodes)"),
  desiredNodes: positiveInt.describe("nodes at creation (≤ maxNodes)"),
  maxNodes: positiveInt.describe("the autoscaler's ceiling"),
  diskSizeGb: z.int().min(20).max(16384).describe("each node's boot disk"),
});
export type NodePool = z.infer<typeof nodePool>;

export const kindCluster = z.strictObject({
  controlPlaneNodes: z.union([z.literal(1), z.literal(3)], { error: "1 or 3 (etcd needs an odd number of members)" }).describe("control-plane nodes (etcd needs an odd number)"),
  workerNodes: z.int().min(0).max(10).describe("worker nodes"),
  /** Host ports mapped to the ingress controller's node ports on the first control-plane node. */
  httpPort: port.describe("the host port mapped to the ingress controller's HTTP port"),
  httpsPort: port.describe("the host port mapped to the ingress controller's HTTPS port"),
  /** Overrides the pinned node image, e.g. a mirror or a minor we do not pin. */
  nodeImage: z.string().min(1).optional().describe("replaces the pinned node image (a mirror, or a minor not pinned)"),
});

const subnetId = z
  .string()
  .regex(/^subnet-[0-9a-f]{8,17}$/, { error: "an AWS subnet id such as subnet-0123456789abcdef0" })
  .meta({ accepts: "an AWS subnet id" });

export const eksCluster = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "an AWS region such as eu-west-1" })
    .meta({ accepts: "an AWS region" })
    .describe("the cluster's region"),
  vpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]{8,17}$/, { error: "an AWS VPC id such as vpc-0123456789abcdef0" })
    .meta({ accepts: "an AWS VPC id" })
    .describe("the existing VPC the cluster joins"),
  /** Nodes run in private subnets, at least two availability zones. */
  privateSubnetIds: z.array(subnetId).min(2).describe("where nodes run: private subnets in at least two availability zones"),
  /** Public subnets host internet-facing load balancers; empty for an internal-only cluster. */
  publicSubnetIds: z.array(subnetId).describe("where internet-facing load balancers go; empty for an internal-only cluster"),
  endpointPublicAccess: z.boolean().describe("whether the API server answers from the internet"),
  publicAccessCidrs: z.array(cidr).optional().describe("who may reach a public API server (only with endpointPublicAccess)"),
  nodePool: nodePool.describe("the managed node group, in the private subnets"),
});

export const gkeCluster = z.strictObject({
  project: z
    .string()
    .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { error: "a GCP project id such as acme-data-prod" })
    .meta({ accepts: "a GCP project id" })
    .describe("the project the cluster lives in"),
  region: z
    .string()
    .regex(/^[a-z]+-[a-z]+\d+$/, { error: "a GCP region such as europe-west1" })
    .meta({ accepts: "a GCP region" })
    .describe("the region of the regional cluster"),
  network: z.string().min(1).describe("the existing VPC network"),
  subnetwork: z.string().min(1).describe("the existing subnetwork (VPC-native)"),
  releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).describe("GKE's upgrade channel"),
  /** Per zone: a regional pool runs this many nodes in each of the region's zones. */
  nodePool: nodePool.describe("node counts per zone: a regional pool runs them in each of the region's zones"),
  diskType: z.enum(["pd-standard", "pd-balanced", "pd-ssd"]).describe("the nodes' disk type"),
});

export const aksCluster = z.strictObject({
  location: z
    .string()
    .regex(/^[a-z]+[a-z0-9]*$/, { error: "an Azure location such as westeurope" })
    .meta({ accepts: "an Azure location" })
    .describe("the cluster's location"),
  resourceGroupName: z
    .string()
    .regex(/^[-\w._()]{1,90}$/, { error: "an Azure resource group name" })
    .meta({ accepts: "an Azure resource group name" })
    .describe("the existing resource group"),
  tier: z.enum(["Free", "Standard", "Premium"]).describe("AKS's pricing tier (Standard has an uptime SLA)"),
  nodePool: nodePool.describe("the system node pool"),
});

export const existingCluster = z.strictObject({
  /** Path of a kubeconfig file. Without it, the default file ($KUBECONFIG or ~/.kube/config) with an explicit context. */
  kubeconfig: z.string().min(1).optional().describe("a kubeconfig file's path; without it $KUBECONFIG or ~/.kube/config, with an explicit context"),
  context: z.string().min(1).optional().describe("the kubeconfig context; kubeconfig, context or both are required"),
  /** Whether Services of type LoadBalancer get an address (MetalLB, a cloud controller). */
  loadBalancer: z.boolean().describe("whether Services of type LoadBalancer get an address (MetalLB, a cloud controller)"),
});

export const cluster = z.strictObject({
  type: z.enum(CLUSTER_TYPES).describe("where the cluster comes from; the block of that name is required, the others refused"),
  name: k8sName.describe("the cluster's name"),
  kubernetesVersion: kubernetesVersion.describe("the control plane's version; on kind 1.30–1.34 have pinned node images"),
  ingressClass: k8sName.describe("the ingress class the edge serves"),
  kind: kindCluster.optional().describe("a local kind cluster"),
  eks: eksCluster.optional().describe("Amazon EKS, with the EBS CSI driver for gp3 volumes"),
  gke: gkeCluster.optional().describe("Google GKE, regional, VPC-native, Dataplane V2"),
  aks: aksCluster.optional().describe("Azure AKS, CNI overlay with Cilium"),
  existing: existingCluster.optional().describe("a cluster you already have, by kubeconfig"),
});
export type ClusterConfig = z.infer<typeof cluster>;
