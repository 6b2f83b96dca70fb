// docs/policies.md, generated from the policies' own metadata so it cannot drift from the code.
import { DEFAULT_KUBERNETES_VERSION } from "./pulumi";
import type { Rule } from "./rule";

const escape = (text: string) => text.replace(/\|/g, "\\|");

export function policiesMarkdown(rules: Rule[]): string {
  const lines = [
    "# Policies",
    "",
    "Generated from the policy pack's metadata by `npm run docs:policies`; do not edit by hand.",
    "",
    "Every policy can be set to `mandatory`, `advisory` or `disabled` per stack through the pack's config,",
    "and an object can opt out of one policy with the annotation `lakehouse.dev/policy-exempt.<policy>: <reason>`",
    "(a reason is required; every exemption is listed by `lakehouse-policy-exemptions`).",
    "",
    "Pod Security Standards version: a pod is judged with the version its Namespace's `pod-security.kubernetes.io/enforce-version`",
    "label names (`v1.33`; `latest` means the cluster's version), when that Namespace is in the stack or among the linted files,",
    "unless a version is configured explicitly (the policy's `kubernetesVersion` config; for the lint CLI, `--k8s-version` or",
    `\`kubernetesVersion\` in \`--config\`); otherwise the default version, ${DEFAULT_KUBERNETES_VERSION}, applies. The policies whose verdict`,
    `depends on the version run as stack policies in CrossGuard, where the Namespaces are visible: ${rules
      .filter((rule) => rule.scope === "object" && rule.versioned)
      .map((rule) => `\`${rule.name}\``)
      .join(", ")}.`,
    "",
    "| policy | default | tags | what it checks | how to fix |",
    "|---|---|---|---|---|",
    ...rules.map((rule) => `| \`${rule.name}\` | ${rule.enforcementLevel} | ${rule.tags.join(", ")} | ${escape(rule.description)} | ${escape(rule.remediation)} |`),
    "",
  ];
  return lines.join("\n");
}
