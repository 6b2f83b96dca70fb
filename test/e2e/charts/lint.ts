// The policy pack's lint engine over one stack's render: every rule, each at its default level,
// pods judged with the Pod Security version their namespace's label pins, as in a preview.
import { type Finding, lint } from "../../../policy/cli/engine";
import { RULES } from "../../../policy/policies";
import type { StackRender } from "./renders";

export function lintRender(render: StackRender): { findings: Finding[]; exemptions: Finding[] } {
  const { config } = render;
  const items = [
    ...render.program.map((object) => ({ object, file: "program", line: 0 })),
    ...[...render.traefik, ...render.certManager, ...render.observability].map(({ object, source }) => ({ object, file: source, line: 0 })),
  ];
  return lint(items, RULES, { kubernetesVersion: config.cluster.kubernetesVersion, environment: config.environment, edgeNamespaces: [config.network.ingressControllerNamespace] });
}

/** One line per finding, for failure messages. */
export const describeFinding = (f: Finding) => `${f.policy} [${f.enforcementLevel}] ${f.kind} ${f.namespace}/${f.name} (${f.file}): ${f.message}`;
