// Runs the pack's rules over plain objects (from YAML), as the CrossGuard adapter does over
// Pulumi resources: same rules, same exemptions, enforcement levels from a config.
import { EXEMPTION_REPORT, exemptionMessages } from "../lib/exemptions";
import { type KubeObject, kindOf, metadataOf } from "../lib/objects";
import { contextFor, memo, namespaceVersions } from "../lib/podSecurityVersion";
import { exemptionReason } from "../lib/pulumi";
import type { Enforcement, Rule, RuleContext } from "../lib/rule";

export interface Located {
  object: KubeObject;
  file: string;
  line: number;
}

export interface Finding {
  policy: string;
  enforcementLevel: Enforcement;
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  message: string;
}

export type Levels = Record<string, Enforcement | "disabled">;

/** Rules chosen by tag or name ("pss-restricted", "contract-no-hardcoded-ips"); all when none given. */
export function selectRules(rules: Rule[], select: string[]): Rule[] {
  if (select.length === 0) return rules;
  return rules.filter((rule) => select.some((s) => rule.name === s || (rule.tags as string[]).includes(s)));
}

/**
 * Runs the rules over the objects of all files together: stack rules see every object, and each
 * pod is judged with its Namespace's Pod Security version unless `context.podSecurityVersion`
 * pins one (--k8s-version, or kubernetesVersion in the config).
 */
export function lint(items: Located[], rules: Rule[], context: RuleContext, levels: Levels = {}): { findings: Finding[]; exemptions: Finding[] } {
  const findings: Finding[] = [];
  const finding = (policy: string, level: Enforcement, item: Located, message: string): Finding => {
    const meta = metadataOf(item.object);
    return { policy, enforcementLevel: level, kind: kindOf(item.object), namespace: meta.namespace, name: meta.name, file: item.file, line: item.line, message };
  };
  const versions = memo(() => namespaceVersions(items.map((item) => item.object)));
  const contexts = new Map(items.map((item) => [item.object, contextFor(context, item.object, versions)]));
  for (const rule of rules) {
    const level = levels[rule.name] ?? rule.enforcementLevel;
    if (level === "disabled") continue;
    const eligible = items.filter((item) => !exemptionReason(item.object, rule.name));
    if (rule.scope === "object") {
      for (const item of eligible) for (const message of rule.check(item.object, contexts.get(item.object) ?? context)) findings.push(finding(rule.name, level, item, message));
    } else {
      const byObject = new Map(eligible.map((item) => [item.object, item]));
      for (const { object, message } of rule.check(
        eligible.map((item) => item.object),
        context,
      )) {
        const item = byObject.get(object);
        if (item) findings.push(finding(rule.name, level, item, message));
      }
    }
  }
  const exemptions = items.flatMap((item) => exemptionMessages(metadataOf(item.object).annotations).map((message) => finding(EXEMPTION_REPORT, "advisory", item, message)));
  return { findings, exemptions };
}
