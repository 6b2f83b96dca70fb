import * as pulumi from "@pulumi/pulumi";

/** What a provisioner hands back: a kubeconfig to build the Kubernetes provider from. */
export interface ProvisionedCluster {
  /** Kubeconfig contents (or, for an existing cluster, a file path); always a secret. */
  kubeconfig: pulumi.Output<string>;
  /** Context to use inside the kubeconfig, when it holds several. */
  context?: string;
  /** Resources the Kubernetes provider must wait for (node pools, storage drivers). */
  readyAfter: pulumi.Resource[];
}
