import { asRecord, asString } from "../../lib/objects";
import type { ObjectRule } from "../../lib/rule";

// Resources whose Kubernetes objects CrossGuard cannot see: a Helm release renders inside the
// provider. They are reported, so a review knows what the pack did not check.
const OPAQUE: Record<string, string> = {
  "kubernetes:helm.sh/v3:Release": "helm.v3.Release",
  "kubernetes-cert-manager:index:CertManager": "kubernetes-cert-manager",
};

export const opaqueResources: ObjectRule = {
  scope: "object",
  name: "bp-opaque-resources",
  description:
    "Lists resources whose Kubernetes objects the pack cannot see (helm.v3.Release, @pulumi/kubernetes-cert-manager), with chart and version; prefer helm.v4.Chart, which renders objects the pack checks.",
  remediation: "Render the chart with kubernetes.helm.v4.Chart so every object is checked, or review the chart's objects with the lint CLI on its rendered output.",
  tags: ["best-practice"],
  enforcementLevel: "advisory",
  check(object, context) {
    const what = context.resourceType ? OPAQUE[context.resourceType] : undefined;
    if (!what) return [];
    const chart = asString(object.chart) ?? asString(asRecord(object.helmOptions).chart) ?? "cert-manager";
    const version = asString(object.version) ?? asString(asRecord(object.helmOptions).version) ?? "unpinned";
    return [`${what} ${chart} ${version}: its objects are not visible to this pack`];
  },
};
