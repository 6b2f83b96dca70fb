// docs/policies.md, generated from the policies' own metadata so it cannot drift from the code.
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
    "| policy | default | tags | what it checks | how to fix |",
    "|---|---|---|---|---|",
    ...rules.map((rule) => `| \`${rule.name}\` | ${rule.enforcementLevel} | ${rule.tags.join(", ")} | ${escape(rule.description)} | ${escape(rule.remediation)} |`),
    "",
  ];
  return lines.join("\n");
}
