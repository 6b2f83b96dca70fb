// Arguments of the cert-manager component: the pinned chart, CRDs installed with it, leader
// election kept in its own namespace (not kube-system), every pod sized and labelled as an API
// client for the network policies. The chart's pods already run restricted (non-root, RuntimeDefault
// seccomp, no capabilities, read-only root), so their security contexts are left as shipped.
import type { CertManagerArgs } from "@pulumi/kubernetes-cert-manager";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import { PART_OF } from "../foundation/labels";
import { API_ACCESS_LABEL } from "../foundation/networkPolicies";
import { CERT_MANAGER_CHART } from "./charts";

/** Every cert-manager pod talks to the API server. */
const podLabels = { ...PART_OF, [API_ACCESS_LABEL]: "true" };

export function certManagerArgs(config: StackConfig, namespace: pulumi.Input<string>): CertManagerArgs {
  const sizes = config.edge.resources;
  const replicaCount = config.edge.replicas;
  // A mirror replaces quay.io, as onRegistry does for the images we pin ourselves.
  const image = config.images.registry ? { image: { registry: config.images.registry } } : {};
  return {
    installCRDs: true,
    replicaCount,
    resources: sizes.certManager,
    podLabels,
    ...image,
    global: { leaderElection: { namespace } },
    webhook: { replicaCount, resources: sizes.certManagerWebhook, podLabels, ...image },
    cainjector: { replicaCount, resources: sizes.certManagerCainjector, podLabels, ...image },
    // The post-install check waits until the webhook answers, so issuers created next are admitted.
    startupapicheck: { enabled: true, resources: sizes.certManagerStartupCheck, podLabels, ...image },
    helmOptions: { name: "cert-manager", namespace, chart: CERT_MANAGER_CHART.chart, version: CERT_MANAGER_CHART.version, repositoryOpts: CERT_MANAGER_CHART.repositoryOpts },
  };
}
