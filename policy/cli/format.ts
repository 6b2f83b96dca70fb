// The three output formats: text for people (grouped by object), JSON for scripts, SARIF for
// GitHub code scanning.
import { relative } from "node:path";
import type { Rule } from "../lib/rule";
import type { Finding } from "./engine";
import type { ReadError } from "./read";

export interface Report {
  findings: Finding[];
  exemptions: Finding[];
  errors: ReadError[];
  objects: number;
  files: number;
}

export function summary(report: Report) {
  const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return { objects: report.objects, files: report.files, mandatory, advisory: report.findings.length - mandatory, exemptions: report.exemptions.length, errors: report.errors.length };
}

export function toJson(report: Report): string {
  const strip = ({ line: _line, ...finding }: Finding) => finding;
  return JSON.stringify({ findings: report.findings.map(strip), exemptions: report.exemptions.map(strip), errors: report.errors, summary: summary(report) }, null, 2);
}

export function toText(report: Report): string {
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const finding of [...report.findings, ...report.exemptions]) {
    const key = `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ""}${finding.name} (${relative(process.cwd(), finding.file)}:${finding.line})`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  for (const [object, findings] of groups) {
    lines.push(object);
    for (const f of findings) lines.push(`  ${f.enforcementLevel === "mandatory" ? "FAIL" : "warn"}  ${f.policy}: ${f.message}`);
  }
  for (const error of report.errors) lines.push(`error: ${relative(process.cwd(), error.file)}:${error.line}: ${error.message}`);
  const s = summary(report);
  lines.push(`${s.objects} objects in ${s.files} files: ${s.mandatory} mandatory, ${s.advisory} advisory findings, ${s.exemptions} exemptions, ${s.errors} read errors`);
  return lines.join("\n");
}

export function toSarif(report: Report, rules: Rule[]): string {
  const level = (enforcement: string) => (enforcement === "mandatory" ? "error" : "warning");
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "lakehouse-contract",
              rules: rules.map((rule) => ({
                id: rule.name,
                shortDescription: { text: rule.description },
                help: { text: rule.remediation },
                defaultConfiguration: { level: level(rule.enforcementLevel) },
                properties: { tags: rule.tags },
              })),
            },
          },
          results: report.findings.map((f) => ({
            ruleId: f.policy,
            level: level(f.enforcementLevel),
            message: { text: `${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name}: ${f.message}` },
            locations: [{ physicalLocation: { artifactLocation: { uri: relative(process.cwd(), f.file) }, region: { startLine: Math.max(1, f.line) } } }],
          })),
        },
      ],
    },
    null,
    2,
  );
}
