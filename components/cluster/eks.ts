// EKS through @pulumi/eks: a private-node cluster with one managed node group sized from config,
// API authentication mode, and the EBS CSI driver (with Pod Identity) so gp3 volumes can be provisioned.
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks";
import type { ProvisionedCluster } from "./types";

type EksConfig = NonNullable<ClusterConfig["eks"]>;

const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

export function provisionEks(cluster: ClusterConfig, parent: pulumi.Resource): ProvisionedCluster {
  const config = cluster.eks as EksConfig;
  const provider = new aws.Provider(`${cluster.name}-aws`, { region: config.region as aws.Region }, { parent });
  const opts = { parent, provider };

  const nodeRole = new aws.iam.Role(`${cluster.name}-nodes`, { assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com", ["sts:AssumeRole"]) }, opts);
  const nodePolicies = NODE_POLICIES.map(
    (policy) => new aws.iam.RolePolicyAttachment(`${cluster.name}-nodes-${policy}`, { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${policy}` }, opts),
  );

  const eksCluster = new eks.Cluster(
    cluster.name,
    {
      name: cluster.name,
      version: cluster.kubernetesVersion,
      vpcId: config.vpcId,
      privateSubnetIds: config.privateSubnetIds,
      publicSubnetIds: config.publicSubnetIds.length ? config.publicSubnetIds : undefined,
      nodeAssociatePublicIpAddress: false,
      endpointPrivateAccess: true,
      endpointPublicAccess: config.endpointPublicAccess,
      publicAccessCidrs: config.publicAccessCidrs,
      authenticationMode: eks.AuthenticationMode.Api,
      skipDefaultNodeGroup: true,
      instanceRoles: [nodeRole],
      createOidcProvider: true,
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
    },
    { parent, providers: { aws: provider } },
  );

  const nodeGroup = new eks.ManagedNodeGroup(
    `${cluster.name}-nodes`,
    {
      cluster: eksCluster,
      nodeRole,
      subnetIds: config.privateSubnetIds,
      instanceTypes: [config.nodePool.machineType],
      diskSize: config.nodePool.diskSizeGb,
      scalingConfig: { minSize: config.nodePool.minNodes, desiredSize: config.nodePool.desiredNodes, maxSize: config.nodePool.maxNodes },
      labels: { "lakehouse.dev/pool": "general" },
    },
    { parent, providers: { aws: provider }, dependsOn: nodePolicies },
  );

  // gp3 volumes need the EBS CSI driver; it gets its AWS permissions through EKS Pod Identity.
  const podIdentity = new aws.eks.Addon(`${cluster.name}-pod-identity`, { clusterName: eksCluster.eksCluster.name, addonName: "eks-pod-identity-agent" }, { ...opts, dependsOn: [nodeGroup] });
  const csiRole = new aws.iam.Role(`${cluster.name}-ebs-csi`, { assumeRolePolicy: assumeRolePolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]) }, opts);
  new aws.iam.RolePolicyAttachment(`${cluster.name}-ebs-csi`, { role: csiRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" }, opts);
  const association = new aws.eks.PodIdentityAssociation(
    `${cluster.name}-ebs-csi`,
    { clusterName: eksCluster.eksCluster.name, namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa", roleArn: csiRole.arn },
    { ...opts, dependsOn: [podIdentity] },
  );
  const ebsCsi = new aws.eks.Addon(`${cluster.name}-ebs-csi`, { clusterName: eksCluster.eksCluster.name, addonName: "aws-ebs-csi-driver" }, { ...opts, dependsOn: [association] });

  return { kubeconfig: pulumi.secret(eksCluster.kubeconfigJson), readyAfter: [nodeGroup, ebsCsi] };
}

function assumeRolePolicy(service: string, actions: string[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }] });
}
