// Names of what the observability layer's chart installs (the pin is in stacks/charts.ts).

/** Names the chart's objects get (fullnameOverride): Services, the Prometheus resource, the operator. */
export const RELEASE = "monitoring";
export const PROMETHEUS_SERVICE = `${RELEASE}-prometheus`;
export const PROMETHEUS_PORT = 9090;
/** Alertmanager's Service, and its pods' name (the operator's StatefulSet), when alerting runs it. */
export const ALERTMANAGER_SERVICE = `${RELEASE}-alertmanager`;
export const GRAFANA_SERVICE = "grafana";
export const GRAFANA_PORT = 80;
