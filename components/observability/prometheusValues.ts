// kube-prometheus-stack values for the Prometheus side: the operator, one Prometheus on the
// platform's storage class, kube-state-metrics, and the scrapers that work on every cluster type.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../stacks";
import { chartServicePodLabels, SERVICE_LABEL } from "../kit/labels";
import { RELEASE } from "./charts";
import { prometheusRetention } from "./retention";

const restrictedPod = (uid: number, gid: number) => ({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, seccompProfile: { type: "RuntimeDefault" } });
const restrictedContainer = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

/** The chart's CRDs (charts/crds/crds), by plural. */
const CRDS = ["alertmanagerconfigs", "alertmanagers", "podmonitors", "probes", "prometheusagents", "prometheuses", "prometheusrules", "scrapeconfigs", "servicemonitors", "thanosrulers"];
const OPERATOR = `${RELEASE}-operator`;

/**
 * What the operator must find when it starts. It checks its CRDs and its permissions once, at
 * start, and leaves off for good every controller whose CRD or RBAC it did not find. Helm
 * installs CRDs and RBAC before Deployments; Chart v4 applies a chart's objects together, so a
 * fast-starting operator (a cached image; the process node) came up without them and never made
 * Prometheus. Chart v4 orders objects by this annotation (the cli-utils convention).
 */
export const OPERATOR_PREREQUISITES = [
  ...CRDS.map((plural) => `apiextensions.k8s.io/CustomResourceDefinition/${plural}.monitoring.coreos.com`),
  `rbac.authorization.k8s.io/ClusterRole/${OPERATOR}`,
  `rbac.authorization.k8s.io/ClusterRoleBinding/${OPERATOR}`,
];

export interface PrometheusValuesInput {
  config: Pick<StackConfig, "services" | "images" | "environment">;
  storageClassName: pulumi.Input<string>;
  /** The foundation's ServiceAccount "prometheus" (bound to the discover-targets Roles). */
  serviceAccountName: pulumi.Input<string>;
}

export function prometheusValues({ config, storageClassName, serviceAccountName }: PrometheusValuesInput): Record<string, unknown> {
  const prometheus = config.services.prometheus;
  // The operator, Prometheus and kube-state-metrics are all the prometheus service to network policies.
  const podLabels = chartServicePodLabels("prometheus");
  return {
    crds: { enabled: true },
    prometheusOperator: {
      enabled: true,
      annotations: { "config.kubernetes.io/depends-on": OPERATOR_PREREQUISITES.join(",") },
      // Chart v4 runs no Helm hooks, so the jobs that make and patch the webhook's certificate
      // would never run: no admission webhook, and the operator's TLS (which uses that
      // certificate) off. PrometheusRules are then checked when Prometheus loads them.
      admissionWebhooks: { enabled: false, patch: { enabled: false } },
      tls: { enabled: false },
      resources: prometheus.operatorResources,
      podLabels: podLabels,
      securityContext: restrictedPod(65534, 65534),
      containerSecurityContext: restrictedContainer,
      prometheusConfigReloader: { resources: prometheus.configReloaderResources },
    },
    prometheus: {
      enabled: true,
      serviceAccount: { create: false, name: serviceAccountName },
      podDisruptionBudget: { enabled: prometheus.replicas > 1, minAvailable: 1 },
      prometheusSpec: {
        replicas: prometheus.replicas,
        resources: prometheus.resources,
        ...prometheusRetention(config.environment, prometheus.storageSize),
        storageSpec: {
          volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: prometheus.storageSize } } } },
        },
        // Select every ServiceMonitor, PodMonitor, rule and probe, not only the chart's own.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        podMetadata: { labels: podLabels },
        securityContext: restrictedPod(1000, 2000),
      },
    },
    kubeStateMetrics: { enabled: true },
    // The pods' service label, as label_lakehouse_dev_service on kube_pod_labels: the alerting
    // rules (alertRules.ts) match pods to services by it.
    "kube-state-metrics": {
      metricLabelsAllowlist: [`pods=[${SERVICE_LABEL}]`],
      resources: prometheus.kubeStateMetricsResources,
      podLabels: podLabels,
      securityContext: restrictedPod(65534, 65534),
      containerSecurityContext: restrictedContainer,
    },
    // node-exporter needs the host's network, PID namespace and filesystem: refused by the
    // restricted (and baseline) Pod Security level the observability namespace enforces.
    nodeExporter: { enabled: false },
    // Control-plane components are not reachable on managed clusters, and scraping them means
    // Services in kube-system: off, with their rules. The kubelet, API server and CoreDNS stay.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    // CoreDNS through the cluster's own kube-dns Service (its "metrics" port where the cluster has
    // one), instead of a Service of ours in kube-system selecting pods that are not ours.
    coreDns: { service: { enabled: false }, serviceMonitor: { selector: { matchLabels: { "k8s-app": "kube-dns" } }, port: "metrics", jobLabel: "k8s-app" } },
    defaultRules: {
      create: true,
      rules: {
        etcd: false,
        kubeControllerManager: false,
        kubeSchedulerAlerting: false,
        kubeSchedulerRecording: false,
        kubeProxy: false,
        nodeExporterAlerting: false,
        nodeExporterRecording: false,
        windows: false,
      },
    },
  };
}

/** With Prometheus outside the cluster, none of its side is installed. */
export const noPrometheusValues: Record<string, unknown> = {
  crds: { enabled: false },
  prometheusOperator: { enabled: false },
  prometheus: { enabled: false },
  kubeStateMetrics: { enabled: false },
  nodeExporter: { enabled: false },
  kubernetesServiceMonitors: { enabled: false },
  defaultRules: { create: false },
};
