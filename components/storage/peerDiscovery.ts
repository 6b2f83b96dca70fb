// Distributed MinIO resolves every node by its DNS name before it serves anything, so its pods
// must start together and be resolvable before they are ready. The kit's StatefulSet starts pods
// one by one (OrderedReady) and its headless Service publishes ready pods only, which would leave
// the first pod waiting forever for the others: this transformation adjusts both.
import type * as pulumi from "@pulumi/pulumi";

export const peerDiscovery: pulumi.ResourceTransformation = ({ type, props, opts }) => {
  if (type === "kubernetes:apps/v1:StatefulSet") return { props: { ...props, spec: { ...props.spec, podManagementPolicy: "Parallel" } }, opts };
  if (type === "kubernetes:core/v1:Service") return { props: { ...props, spec: { ...props.spec, publishNotReadyAddresses: true } }, opts };
  return undefined;
};
