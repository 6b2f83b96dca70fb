import * as pulumi from "@pulumi/pulumi";
import { type ClusterConfig, kindNodeImage } from "../../../stacks";
import type { ProvisionedCluster } from "../types";
import { renderKindConfig } from "./kindConfig";
import { KindCluster } from "./kindProvider";

export function provisionKind(cluster: ClusterConfig, parent: pulumi.Resource): ProvisionedCluster {
  const kind = cluster.kind as NonNullable<ClusterConfig["kind"]>;
  // Config validation guarantees a pinned image exists when none is given.
  const nodeImage = kind.nodeImage ?? (kindNodeImage(cluster.kubernetesVersion) as string);
  const config = renderKindConfig({ name: cluster.name, nodeImage, ...kind });
  const kindCluster = new KindCluster(cluster.name, { name: cluster.name, config, wait: "5m" }, { parent });
  return { kubeconfig: kindCluster.kubeconfig, readyAfter: [kindCluster] };
}
