// Arguments of the cert-manager component: the pinned chart, CRDs installed with it, leader
// election kept in its own namespace (not kube-system), every pod sized and labelled as an API
// client for the network policies. The chart's pods already run restricted (non-root, RuntimeDefault
// seccomp, no capabilities, read-only root), so their security contexts are left as shipped.
import type { CertManagerArgs } from "@pulumi/kubernetes-cert-manager";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import { EXEMPTION_PREFIX } from "../../policy/lib/rule";
import { CHART_POD_LABELS } from "../kit/labels";
import { CERT_MANAGER_CHART } from "./charts";

const PROBES_EXEMPTION = `${EXEMPTION_PREFIX}contract-liveness-readiness-probes`;

export function certManagerArgs(config: StackConfig, namespace: pulumi.Input<string>): CertManagerArgs {
  const sizes = config.edge.resources;
  const replicaCount = config.edge.replicas;
  const podLabels = CHART_POD_LABELS;
  return {
    installCRDs: true,
    replicaCount,
    resources: sizes.certManager,
    podLabels,
    global: { leaderElection: { namespace } },
    // The controller serves /livez only (its liveness probe); it takes no traffic, so there is no readiness to report.
    deploymentAnnotations: { [PROBES_EXEMPTION]: "cert-manager's controller has a liveness endpoint (/livez, probed) and no readiness endpoint; the chart offers no readiness probe" },
    webhook: { replicaCount, resources: sizes.certManagerWebhook, podLabels },
    cainjector: {
      replicaCount,
      resources: sizes.certManagerCainjector,
      podLabels,
      deploymentAnnotations: { [PROBES_EXEMPTION]: "cert-manager's cainjector serves no health endpoint (metrics only) and the chart offers no probes for it" },
    },
    // The post-install check waits until the webhook answers, so issuers created next are admitted.
    startupapicheck: { enabled: true, resources: sizes.certManagerStartupCheck, podLabels },
    helmOptions: {
      name: "cert-manager",
      namespace,
      chart: CERT_MANAGER_CHART.chart,
      version: CERT_MANAGER_CHART.version,
      repositoryOpts: CERT_MANAGER_CHART.repositoryOpts,
      // A mirror replaces quay.io for every cert-manager image (including the ACME solver's), as
      // onRegistry does for the images we pin ourselves. The component has no typed field for it;
      // its per-image `registry` is deprecated and would be prefixed to quay.io.
      ...(config.images.registry ? { values: { imageRegistry: config.images.registry } } : {}),
    },
  };
}
