// The upstream charts the platform installs, pinned by repository, name and version: a render is
// reproducible and an upgrade is a reviewed change of one line. test/e2e/charts.e2e.test.ts renders
// these very versions with our values. Where the cluster has no route to the chart repositories
// (the local control plane, air-gapped clusters), lakehouse:charts.directory installs the same
// versions from a directory instead, checked here before anything is registered.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { problem, type ConfigProblem } from "./errors";
import { deploysChart, observabilityPlacement } from "./observabilityPlacement";
import type { StackConfig } from "./schema";

export interface ChartPin {
  chart: string;
  version: string;
  repositoryOpts: { repo: string };
}

/** Traefik Proxy v3.7.13 (chart 41.6.0), the maintained successor we chose over ingress-nginx (retired March 2026). */
export const TRAEFIK_CHART: ChartPin = { chart: "traefik", version: "41.6.0", repositoryOpts: { repo: "https://traefik.github.io/charts" } };

/** cert-manager v1.21.2: chart and application share the release tag. Its own e2e runs on Kubernetes 1.33-1.36. */
export const CERT_MANAGER_CHART: ChartPin = { chart: "cert-manager", version: "v1.21.2", repositoryOpts: { repo: "https://charts.jetstack.io" } };

/**
 * Prometheus Operator v0.93, Prometheus, kube-state-metrics and Grafana 13 in one chart. Chart v4
 * applies the chart's CRDs itself, so the CRD upgrades UPGRADE.md asks for between majors happen
 * with the chart.
 */
export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = {
  chart: "kube-prometheus-stack",
  version: "88.6.1",
  repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
};

/** What a helm.v4.Chart is given to find a pinned chart: its repository, or its directory. */
export type ChartSource = ChartPin | { chart: string };

export function chartSource(pin: ChartPin, charts: StackConfig["charts"]): ChartSource {
  return charts.directory ? { chart: localChartPath(charts.directory, pin) } : pin;
}

/**
 * The charts a stack installs: the edge's with its controller, the observability chart when
 * Prometheus or Grafana runs in the cluster (deploysChart: an external one installs nothing).
 */
export function chartsInUse(config: Pick<StackConfig, "edge" | "services">): ChartPin[] {
  const { edge, services } = config;
  return [
    ...(edge.enabled && edge.controller === "traefik" ? [TRAEFIK_CHART] : []),
    ...(edge.enabled ? [CERT_MANAGER_CHART] : []),
    ...(deploysChart(observabilityPlacement(services)) ? [KUBE_PROMETHEUS_STACK_CHART] : []),
  ];
}

/**
 * With lakehouse:charts.directory, each chart in use must be there at the pinned version: helm
 * installs a chart directory whatever its version says, so a stale copy would go unnoticed.
 */
export function chartDirectoryProblems(config: Pick<StackConfig, "charts" | "edge" | "services">): ConfigProblem[] {
  const { directory } = config.charts;
  if (!directory) return [];
  const problems: ConfigProblem[] = [];
  for (const pin of chartsInUse(config)) {
    const path = join(localChartPath(directory, pin), "Chart.yaml");
    let version: unknown;
    try {
      version = (parse(readFileSync(path, "utf8")) as { version?: unknown } | null)?.version;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "has no" : "has an unreadable";
      problems.push(
        problem(
          "lakehouse:charts.directory",
          directory,
          `a directory with ${pin.chart}/Chart.yaml at version ${pin.version} (it ${reason} ${pin.chart}/Chart.yaml; scripts/toolchain/charts.sh lays the charts out)`,
        ),
      );
      continue;
    }
    if (version !== pin.version) {
      problems.push(problem("lakehouse:charts.directory", directory, `a directory with ${pin.chart} at the pinned version ${pin.version} (its ${pin.chart}/Chart.yaml says ${String(version)})`));
    }
  }
  return problems;
}

function localChartPath(directory: string, pin: ChartPin): string {
  return join(expandHome(directory), pin.chart);
}

/** A leading ~/ is the home directory, as in a shell: stack files are shared, home directories differ. */
function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}
