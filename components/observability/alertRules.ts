// The platform's alerting rules: one PrometheusRule per service running in the cluster, each rule
// with a runbook in docs/operations/alerts.md. Every service gets the same four questions (is any
// pod ready, are pods stuck unready, do they restart, are its volumes filling), answered from
// kube-state-metrics and the kubelet and matched to the service by its pods' label
// lakehouse.dev/service; some add what only their own metrics can tell (serviceAlerts.ts).
import { namespaceOf, type ServiceName } from "../../stacks";
import { inClusterServices } from "../foundation/serviceCatalog";
import { SERVICE_LABEL } from "../kit/labels";
import { type AlertContext, type AlertRulesConfig, type AlertSpec, SERVICE_ALERTS } from "./serviceAlerts";

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: "warning" | "critical"; service: string };
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface ServiceRuleGroup {
  /** A service, or "certificates" (the edge's, through cert-manager's metrics). */
  service: ServiceName | "certificates";
  /** The PrometheusRule's name, in the observability namespace. */
  name: string;
  rules: AlertRule[];
}

/** kube-state-metrics' name for the pods' service label, as its allowlist exports it. */
export const SERVICE_LABEL_METRIC = `label_${SERVICE_LABEL.replace(/[^A-Za-z0-9]/g, "_")}`;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The four questions every service answers. */
function commonAlerts({ namespace: ns, service }: AlertContext): AlertSpec[] {
  const pods = `kube_pod_labels{namespace="${ns}", ${SERVICE_LABEL_METRIC}="${service}"}`;
  const ofService = `* on (namespace, pod) group_left () ${pods}`;
  const claims = `max by (namespace, persistentvolumeclaim) (kube_pod_spec_volumes_persistentvolumeclaims_info{namespace="${ns}"} ${ofService})`;
  const freeRatio = `kubelet_volume_stats_available_bytes{namespace="${ns}"} / kubelet_volume_stats_capacity_bytes{namespace="${ns}"}`;
  return [
    {
      alert: "LakehouseServiceDown",
      expr: `(sum(kube_pod_status_ready{namespace="${ns}", condition="true"} ${ofService}) or vector(0)) < 1`,
      for: "5m",
      severity: "critical",
      summary: `${service} has no ready pod`,
      description: `No pod of ${service} in ${ns} has been ready for 5 minutes: whatever depends on it fails.`,
    },
    {
      alert: "LakehousePodNotReady",
      expr: `max by (namespace, pod) (kube_pod_status_ready{namespace="${ns}", condition="false"}) * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{namespace="${ns}", phase=~"Pending|Running"}) ${ofService} > 0`,
      for: "15m",
      severity: "warning",
      summary: `{{ $labels.pod }} of ${service} is not ready`,
      description: `Pod {{ $labels.pod }} of ${service} in ${ns} has been pending or unready for 15 minutes.`,
    },
    {
      alert: "LakehousePodRestarting",
      expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}"}[30m]) ${ofService} > 2`,
      for: "0m",
      severity: "warning",
      summary: `{{ $labels.pod }} of ${service} keeps restarting`,
      description: `Container {{ $labels.container }} of {{ $labels.pod }} (${service}, ${ns}) restarted {{ $value | humanize }} times in 30 minutes.`,
    },
    {
      alert: "LakehouseVolumeFilling",
      expr: `(${freeRatio} < 0.15) * on (namespace, persistentvolumeclaim) group_left () ${claims}`,
      for: "15m",
      severity: "warning",
      summary: `volume {{ $labels.persistentvolumeclaim }} of ${service} is over 85% full`,
      description: `{{ $labels.persistentvolumeclaim }} (${service}, ${ns}) has {{ $value | humanizePercentage }} free.`,
    },
    {
      alert: "LakehouseVolumeFull",
      expr: `(${freeRatio} < 0.05) * on (namespace, persistentvolumeclaim) group_left () ${claims}`,
      for: "5m",
      severity: "critical",
      summary: `volume {{ $labels.persistentvolumeclaim }} of ${service} is over 95% full`,
      description: `{{ $labels.persistentvolumeclaim }} (${service}, ${ns}) has {{ $value | humanizePercentage }} free: writes fail soon.`,
    },
  ];
}

/** `docs/operations/alerts.md` → `docs/operations/alerts.md#lakehouseservicedown` (GitHub's heading anchors). */
export const runbookUrl = (base: string, alert: string): string => `${base}#${alert.toLowerCase()}`;

/** One group per service running in the cluster; none without an in-cluster Prometheus to load them. */
export function platformAlertRules(config: AlertRulesConfig): ServiceRuleGroup[] {
  const running = inClusterServices(config.services);
  if (!running.has("prometheus")) return [];
  const { runbookBaseUrl } = config.services.prometheus.alerting;
  const rule =
    (service: string) =>
    (spec: AlertSpec): AlertRule => ({
      alert: spec.alert,
      expr: spec.expr,
      for: spec.for,
      labels: { severity: spec.severity, service },
      annotations: { summary: spec.summary, description: spec.description, runbook_url: runbookUrl(runbookBaseUrl, spec.alert) },
    });
  const services = [...running].map((service): ServiceRuleGroup => {
    const context: AlertContext = { service, namespace: config.namespaces[namespaceOf(service)].name, config };
    const specs = [...commonAlerts(context), ...(SERVICE_ALERTS[service]?.(context) ?? [])];
    return { service, name: `lakehouse-${kebab(service)}`, rules: specs.map(rule(service)) };
  });
  const certificates: ServiceRuleGroup[] = config.edge.enabled ? [{ service: "certificates", name: "lakehouse-certificates", rules: CERTIFICATE_ALERTS.map(rule("certificates")) }] : [];
  return [...services, ...certificates];
}

/** The edge's certificates, from cert-manager's controller metrics (scraped when the edge runs). */
const CERTIFICATE_ALERTS: AlertSpec[] = [
  {
    alert: "LakehouseCertificateExpiring",
    expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600",
    for: "1h",
    severity: "warning",
    summary: "certificate {{ $labels.name }} expires within 14 days",
    description: "Certificate {{ $labels.name }} in {{ $labels.namespace }} expires in {{ $value | humanizeDuration }} and cert-manager has not renewed it.",
  },
  {
    alert: "LakehouseCertificateNotReady",
    expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
    for: "15m",
    severity: "warning",
    summary: "certificate {{ $labels.name }} is not ready",
    description: "cert-manager could not issue or renew {{ $labels.name }} in {{ $labels.namespace }}: its Ingress serves an old or no certificate.",
  },
];

/** The PrometheusRule object of a group. */
export function prometheusRuleSpec(group: ServiceRuleGroup): Record<string, unknown> {
  return { groups: [{ name: `lakehouse.${group.service}`, rules: group.rules }] };
}
