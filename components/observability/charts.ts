// The chart the observability layer installs, pinned by repository, name and version.

/** Prometheus Operator, Prometheus, kube-state-metrics and Grafana in one chart (82.10.1, 2026). */
export const KUBE_PROMETHEUS_STACK_CHART = {
  chart: "kube-prometheus-stack",
  version: "82.10.1",
  repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
};

/** Names the chart's objects get (fullnameOverride): Services, the Prometheus resource, the operator. */
export const RELEASE = "monitoring";
export const PROMETHEUS_SERVICE = `${RELEASE}-prometheus`;
export const PROMETHEUS_PORT = 9090;
export const GRAFANA_SERVICE = "grafana";
export const GRAFANA_PORT = 80;
