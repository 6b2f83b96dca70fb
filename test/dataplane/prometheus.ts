// Prometheus' HTTP API, as the data-plane suite asks it: its scrape targets and instant queries.
import { curl } from "./cluster";

export interface Target {
  scrapePool: string;
  health: "up" | "down" | "unknown";
  lastError: string;
  labels: Record<string, string>;
}

/** The active targets of the Prometheus at `origin` (http://<address>:9090). */
export async function activeTargets(origin: string): Promise<Target[]> {
  const body = JSON.parse(await curl([`${origin}/api/v1/targets?state=active`]));
  if (body.status !== "success") throw new Error(`Prometheus /api/v1/targets: ${JSON.stringify(body)}`);
  return body.data.activeTargets as Target[];
}

/** An instant query's vector, as [labels, value] pairs. */
export async function instantQuery(origin: string, promql: string): Promise<Array<[Record<string, string>, number]>> {
  const body = JSON.parse(await curl([`${origin}/api/v1/query`, "--data-urlencode", `query=${promql}`]));
  if (body.status !== "success") throw new Error(`Prometheus query ${promql}: ${JSON.stringify(body)}`);
  return (body.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => [r.metric, Number(r.value[1])]);
}

/** The scrape pool a ServiceMonitor's first endpoint gives, as the operator names it. */
export const serviceMonitorPool = (namespace: string, name: string) => `serviceMonitor/${namespace}/${name}/0`;

export interface LoadedRule {
  group: string;
  name: string;
  health: "ok" | "err" | "unknown";
  lastError?: string;
  state?: "inactive" | "pending" | "firing";
}

/** The alerting rules Prometheus has loaded, with each one's last evaluation's health and state. */
export async function alertingRules(origin: string): Promise<LoadedRule[]> {
  const body = JSON.parse(await curl([`${origin}/api/v1/rules?type=alert`]));
  if (body.status !== "success") throw new Error(`Prometheus /api/v1/rules: ${JSON.stringify(body)}`);
  return (body.data.groups as Array<{ name: string; rules: Array<Record<string, any>> }>).flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, name: rule.name, health: rule.health, lastError: rule.lastError || undefined, state: rule.state })),
  );
}
