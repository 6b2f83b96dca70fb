// Exemptions are allowed, but never silent: this advisory policy lists every one with its reason,
// so an audit can read them from the preview output; an exemption without a reason is refused.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord } from "./objects";
import { objectOf } from "./pulumi";
import { EXEMPTION_PREFIX } from "./rule";

export function exemptionsIn(annotations: Record<string, unknown>): Array<{ policy: string; reason: string }> {
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(EXEMPTION_PREFIX))
    .map(([key, reason]) => ({ policy: key.slice(EXEMPTION_PREFIX.length), reason: typeof reason === "string" ? reason.trim() : "" }));
}

/** The audit lines for an object's exemptions; one without a reason is said not to be honoured. */
export function exemptionMessages(annotations: Record<string, unknown>): string[] {
  return exemptionsIn(annotations).map(({ policy, reason }) => (reason ? `exempt from ${policy}: ${reason}` : `exemption from ${policy} states no reason, so it is not honoured`));
}

export const EXEMPTION_REPORT = "lakehouse-policy-exemptions";

export const exemptionReport: ResourceValidationPolicy = {
  name: EXEMPTION_REPORT,
  description: `Lists every policy exemption (annotation ${EXEMPTION_PREFIX}<policy>: <reason>) so audits can find them.`,
  remediationSteps: "Nothing to fix: this is the audit trail. Remove the annotation once the exemption is no longer needed.",
  tags: ["contract"],
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    const annotations = asRecord(asRecord(objectOf(args.type, args.props).metadata).annotations);
    for (const message of exemptionMessages(annotations)) reportViolation(message);
  },
};
