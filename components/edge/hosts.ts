// Where each UI is published: <ui>.<domain>, over HTTPS, with its certificate in <ui>-tls.
import type { StackConfig } from "../../stacks";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function uiHost(name: string, domain: string): string {
  return `${name}.${domain}`;
}

/** The Secret cert-manager writes the UI's certificate into, next to its Ingress. */
export function tlsSecretName(name: string): string {
  return `${name}-tls`;
}

/**
 * The URL a browser opens. On kind the laptop's httpsPort is mapped to the node's 443, so the URL
 * carries that port when it is not 443; elsewhere the load balancer listens on 443.
 */
export function uiUrl(name: string, config: Pick<StackConfig, "cluster" | "edge">): string {
  const port = config.cluster.type === "kind" && config.edge.controller === "traefik" ? (config.cluster.kind?.httpsPort ?? 443) : 443;
  return `https://${uiHost(name, config.edge.domain)}${port === 443 ? "" : `:${port}`}`;
}

/** UI names become host labels and resource names: each must be a DNS label, and unique. */
export function assertPublishable(names: string[]): void {
  const invalid = names.filter((name) => !DNS_LABEL.test(name));
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  const problems = [...invalid.map((name) => `"${name}" is not a DNS label (lower-case letters, digits and '-')`), ...[...new Set(duplicates)].map((name) => `"${name}" is published twice`)];
  if (problems.length) throw new Error(`Edge: cannot publish these UIs: ${problems.join("; ")}`);
}
