import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, Environment, StackConfig, StorageConfig } from "../../stacks";
import { clusterFacts, type ClusterFacts } from "./facts";
import type { ProvisionedCluster } from "./types";

export interface ClusterArgs {
  cluster: ClusterConfig;
  storage: StorageConfig;
  environment: Environment;
  /** npm run render: write objects to this directory instead of provisioning or contacting a cluster. */
  render?: StackConfig["render"];
}

/**
 * Provisions (kind, EKS, GKE, AKS) or adopts (existing) the cluster and hands the program a
 * Kubernetes provider bound to it. Cloud SDKs load only for their own cluster type, so a kind or
 * existing stack never pays their start-up cost.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  /** Kubeconfig contents (kind, EKS, GKE, AKS) or file path (existing); always secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly facts: ClusterFacts;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:cluster:Cluster", name, {}, opts);
    this.facts = clusterFacts(args.cluster, args.storage);
    if (args.render) {
      // Nothing is provisioned: the facts come from config, and the provider writes YAML files.
      this.kubeconfig = pulumi.secret("");
      // kubeconfig "" (not absent, which the SDK fills from $KUBECONFIG and the provider refuses
      // beside renderYamlToDirectory): the provider then loads $KUBECONFIG itself, which npm run
      // render points at a discovery stand-in, so charts are templated for the stack's version.
      this.provider = new k8s.Provider(`${name}-k8s`, { renderYamlToDirectory: args.render.directory, kubeconfig: "" }, { parent: this });
      this.registerOutputs({ provider: this.provider, facts: this.facts });
      return;
    }
    const provisioned = provision(args, this);
    this.kubeconfig = pulumi.secret(provisioned.kubeconfig);
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: this.kubeconfig,
        context: provisioned.context,
        // A stable identity: a rotated kubeconfig must not replace every resource under it.
        clusterIdentifier: `${args.cluster.type}/${args.cluster.name}`,
        // A dev cluster deleted by hand should not leave its resources stuck in state.
        deleteUnreachable: args.cluster.type === "kind",
      },
      { parent: this, dependsOn: provisioned.readyAfter },
    );
    this.registerOutputs({ provider: this.provider, kubeconfig: this.kubeconfig, facts: this.facts });
  }
}

function provision(args: ClusterArgs, parent: pulumi.Resource): ProvisionedCluster {
  const { cluster, environment } = args;
  // require() inside each branch: only the chosen cluster type's SDK is loaded (lazyCloudSdks.test.ts).
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (cluster.type) {
    case "kind":
      return (require("./kind/provisionKind") as typeof import("./kind/provisionKind")).provisionKind(cluster, parent);
    case "eks":
      return (require("./eks") as typeof import("./eks")).provisionEks(cluster, parent);
    case "gke":
      return (require("./gke") as typeof import("./gke")).provisionGke(cluster, environment, parent);
    case "aks":
      return (require("./aks") as typeof import("./aks")).provisionAks(cluster, parent);
    case "existing":
      return (require("./existing") as typeof import("./existing")).adoptExisting(cluster);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}
