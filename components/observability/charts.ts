// The chart the observability layer installs, pinned by repository, name and version.

/**
 * Prometheus Operator v0.93, Prometheus, kube-state-metrics and Grafana 13 in one chart. Chart v4
 * applies the chart's CRDs itself, so the CRD upgrades UPGRADE.md asks for between majors happen
 * with the chart. test/e2e/charts.e2e.test.ts renders this version with our values.
 */
export const KUBE_PROMETHEUS_STACK_CHART = {
  chart: "kube-prometheus-stack",
  version: "88.6.1",
  repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
};

/** Names the chart's objects get (fullnameOverride): Services, the Prometheus resource, the operator. */
export const RELEASE = "monitoring";
export const PROMETHEUS_SERVICE = `${RELEASE}-prometheus`;
export const PROMETHEUS_PORT = 9090;
export const GRAFANA_SERVICE = "grafana";
export const GRAFANA_PORT = 80;
