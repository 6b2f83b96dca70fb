import { z } from "zod";
import { cidr, k8sName, kubernetesVersion, port, positiveInt } from "./primitives";

export const CLUSTER_TYPES = ["kind", "eks", "gke", "aks", "existing"] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** One node pool shape for every cloud, so sizing reads the same whichever cloud a stack uses. */
export const nodePool = z.strictObject({
  machineType: z.string().min(1),
  minNodes: z.int().min(0),
  desiredNodes: positiveInt,
  maxNodes: positiveInt,
  diskSizeGb: z.int().min(20).max(16384),
});
export type NodePool = z.infer<typeof nodePool>;

export const kindCluster = z.strictObject({
  controlPlaneNodes: z.union([z.literal(1), z.literal(3)], { error: "1 or 3 (etcd needs an odd number of members)" }),
  workerNodes: z.int().min(0).max(10),
  /** Host ports mapped to the ingress controller's node ports on the first control-plane node. */
  httpPort: port,
  httpsPort: port,
  /** Overrides the pinned node image, e.g. a mirror or a minor we do not pin. */
  nodeImage: z.string().min(1).optional(),
});

const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "an AWS subnet id such as subnet-0123456789abcdef0" });

export const eksCluster = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "an AWS region such as eu-west-1" }),
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "an AWS VPC id such as vpc-0123456789abcdef0" }),
  /** Nodes run in private subnets, at least two availability zones. */
  privateSubnetIds: z.array(subnetId).min(2),
  /** Public subnets host internet-facing load balancers; empty for an internal-only cluster. */
  publicSubnetIds: z.array(subnetId),
  endpointPublicAccess: z.boolean(),
  publicAccessCidrs: z.array(cidr).optional(),
  nodePool,
});

export const gkeCluster = z.strictObject({
  project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { error: "a GCP project id such as acme-data-prod" }),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, { error: "a GCP region such as europe-west1" }),
  network: z.string().min(1),
  subnetwork: z.string().min(1),
  releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]),
  /** Per zone: a regional pool runs this many nodes in each of the region's zones. */
  nodePool,
  diskType: z.enum(["pd-standard", "pd-balanced", "pd-ssd"]),
});

export const aksCluster = z.strictObject({
  location: z.string().regex(/^[a-z]+[a-z0-9]*$/, { error: "an Azure location such as westeurope" }),
  resourceGroupName: z.string().regex(/^[-\w._()]{1,90}$/, { error: "an Azure resource group name" }),
  tier: z.enum(["Free", "Standard", "Premium"]),
  nodePool,
});

export const existingCluster = z.strictObject({
  /** Path of a kubeconfig file. Without it, the default file ($KUBECONFIG or ~/.kube/config) with an explicit context. */
  kubeconfig: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  /** Whether Services of type LoadBalancer get an address (MetalLB, a cloud controller). */
  loadBalancer: z.boolean(),
});

export const cluster = z.strictObject({
  type: z.enum(CLUSTER_TYPES),
  name: k8sName,
  kubernetesVersion,
  ingressClass: k8sName,
  kind: kindCluster.optional(),
  eks: eksCluster.optional(),
  gke: gkeCluster.optional(),
  aks: aksCluster.optional(),
  existing: existingCluster.optional(),
});
export type ClusterConfig = z.infer<typeof cluster>;
