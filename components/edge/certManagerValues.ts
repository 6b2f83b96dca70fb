// Values of the cert-manager chart: its CRDs installed with it, leader election kept in its own
// namespace (not kube-system), every pod sized and labelled as an API client for the network
// policies. The chart's pods already run restricted (non-root, RuntimeDefault seccomp, no
// capabilities, read-only root), so their security contexts are left as shipped.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import { EXEMPTION_PREFIX } from "../../policy/lib/rule";
import { CHART_POD_LABELS } from "../kit/labels";

const PROBES_EXEMPTION = `${EXEMPTION_PREFIX}contract-liveness-readiness-probes`;

/** The release: its name prefixes the chart's objects (cert-manager-webhook, ...). */
export const CERT_MANAGER_RELEASE = { name: "cert-manager" };

export function certManagerValues(config: Pick<StackConfig, "edge" | "images">, namespace: pulumi.Input<string>): Record<string, unknown> {
  const sizes = config.edge.resources;
  const replicaCount = config.edge.replicas;
  const podLabels = CHART_POD_LABELS;
  return {
    crds: { enabled: true },
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
    // A post-install hook in Helm; Chart v4 applies it like any object and waits for the Job, so
    // the issuers created next are admitted by a webhook that answers.
    startupapicheck: { enabled: true, resources: sizes.certManagerStartupCheck, podLabels },
    // A mirror replaces quay.io for every cert-manager image (including the ACME solver's), as
    // onRegistry does for the images we pin ourselves; the per-image `registry` is deprecated and
    // would be prefixed to quay.io.
    ...(config.images.registry ? { imageRegistry: config.images.registry } : {}),
  };
}
